// The delivery over the stand-in exchange of the local stack (CONTRACT §10): the real HTTP adapter,
// the edXML envelopes signed by the agency's local key, the stand-in's status messages (parsed as the
// intake parses them), the e-mail fallback; the stores are the in-memory fakes of the unit tests
// (the DynamoDB adapter's conditional writes are covered by tests/integration/reports.test.ts).
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseStatusMessage } from '#domain/edxml-status.ts';
import type { DeliveryTask } from '#domain/delivery.ts';
import type { ExchangeStatusCode } from '#domain/document-exchange.ts';
import type { AgencyProfileInput } from '#domain/profile.ts';
import { httpDocumentExchange } from '#adapters/document-exchange-http.ts';
import { deliverTask, takeStatus } from '#app/deliver.ts';
import { exchangeEnvelopes } from '#app/exchange-envelope.ts';
import { renderReport } from '#app/render-report.ts';
import { submitReport } from '#app/review-report.ts';
import { startStandInExchange, REFUSING_ORGAN_ID, type StandInExchange } from '#local/document-exchange.ts';
import { reportWorld, SAMPLE_EVENTS, sampleProfile, signAndIssue } from '../support/report-world.ts';

const AGENCY = 'SKHCN';
const H1 = { agencyId: AGENCY, periodId: '2023-H1' };
const POLICY = { attempts: 2, backoffMs: 1, staleClaimMs: 60_000 };
let exchange: StandInExchange | undefined;
let dir: string | undefined;

afterEach(async () => {
  await exchange?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function issuedOverStandIn(later?: ExchangeStatusCode[], recipients?: AgencyProfileInput['recipients']) {
  const world = await reportWorld({ now: '2023-06-20T02:00:00.000Z', events: SAMPLE_EVENTS, profiles: [sampleProfile(recipients ? { recipients } : {})] });
  dir = mkdtempSync(join(tmpdir(), 'edxml-'));
  const statuses: string[] = [];
  exchange = await startStandInExchange({ dir, delayMs: 10, ...(later ? { later } : {}), onStatus: async (xml) => void statuses.push(xml) });
  await renderReport(world.ports, { ...H1, trigger: 'staff' });
  await submitReport(world.ports, { ...H1, version: 1, by: 'staff' });
  await signAndIssue(world.ports, { ...H1, version: 1 }, { number: '1015/BC-SKHCN', issuedOn: '2023-06-16' });
  const states = async () => (await world.ports.deliveries.listDeliveries(AGENCY, '2023-H1', 1)).map((d) => [d.channel, d.recipient.no, d.state]);
  /** The intake: each status message the stand-in pushed, parsed and taken. */
  const intake = async () => {
    await exchange!.idle();
    for (const xml of statuses.splice(0)) await takeStatus(world.ports, parseStatusMessage(xml));
  };
  return { world, states, intake };
}

describe('delivery over the stand-in exchange', () => {
  it('keeps each signed message under the exchange dir; duplicated and reordered statuses end done, never back', async () => {
    const { world, states, intake } = await issuedOverStandIn(['06', '03', '06', '01', '03']);
    // the recording queue keeps every body; hand each to the worker once
    for (const body of world.deliveryQueue.bodies()) await deliverTask({ ...world.delivery, exchange: httpDocumentExchange({ baseUrl: exchange!.url }), envelope: exchangeEnvelopes(world.ports) }, JSON.parse(body) as DeliveryTask, false, POLICY);
    expect(readdirSync(dir!).sort()).toEqual(['000.00.12.H48_2023_06_16_1015_BC-SKHCN__000.00.00.H48.xml', '000.00.12.H48_2023_06_16_1015_BC-SKHCN__000.00.05.H48.xml']);
    expect(await states()).toEqual([['exchange', 1, 'sent'], ['exchange', 2, 'sent']]);
    await intake();
    expect(await states()).toEqual([['exchange', 1, 'done'], ['exchange', 2, 'done']]);
    expect(world.mail.sent).toEqual([]);
  }, 60_000);

  it('the refusing organ code: refused with the reason, then the e-mail fallback; a transport failure is retried, then failed', async () => {
    const { world, states } = await issuedOverStandIn(undefined, [
      { line: 'UBND tỉnh (báo cáo)', name: 'Ủy ban nhân dân tỉnh Quảng Ngãi', organId: REFUSING_ORGAN_ID, emails: ['vanthu.ubnd@example.vn'] },
      { line: 'Sở Nội vụ', name: 'Sở Nội vụ tỉnh Quảng Ngãi', organId: '000.00.05.H48', emails: [] },
    ]);
    const delivery = { ...world.delivery, exchange: httpDocumentExchange({ baseUrl: exchange!.url }), envelope: exchangeEnvelopes(world.ports) };
    const [ubnd, snv] = world.deliveryQueue.bodies().map((b) => JSON.parse(b) as DeliveryTask);
    expect(await deliverTask(delivery, ubnd!, false, POLICY)).toBe('done');
    const refused = (await world.ports.deliveries.listDeliveries(AGENCY, '2023-H1', 1)).find((d) => d.channel === 'exchange' && d.recipient.no === 1)!;
    expect(refused.state).toBe('refused');
    expect(refused.detail).toContain(REFUSING_ORGAN_ID);
    // the fallback was queued: the worker mails it
    const fallback = JSON.parse(world.deliveryQueue.bodies().at(-1)!) as DeliveryTask;
    expect(fallback).toMatchObject({ recipientNo: 1, channel: 'email' });
    await deliverTask(delivery, fallback, false, POLICY);
    expect(world.mail.sent.map((m) => [m.to, m.text.split('\n')[0]])).toEqual([['vanthu.ubnd@example.vn', 'Kính gửi: Ủy ban nhân dân tỉnh Quảng Ngãi.']]);

    exchange!.failNext(2 * POLICY.attempts);
    expect(await deliverTask(delivery, snv!, false, POLICY)).toBe('retry');
    expect(await deliverTask(delivery, snv!, true, POLICY)).toBe('retry');
    expect(await states()).toEqual([['email', 1, 'sent'], ['exchange', 1, 'refused'], ['exchange', 2, 'failed']]);
  }, 60_000);
});
