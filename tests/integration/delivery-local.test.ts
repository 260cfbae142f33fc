// Delivery end to end in local mode (CONTRACT §10): the whole local stack of `npm start` — DynamoDB
// Local, s3rver, the SMTP sink, the stand-in exchange — with the staff's calls over the HTTP API, the
// delivery queue's worker and the stand-in's status messages arriving at POST /v1/exchange/statuses,
// signed as the gateway signs them. Nothing is mocked.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListedDelivery } from '#domain/delivery.ts';
import { readEdxmlEnvelope } from '#domain/edxml.ts';
import type { AgencyProfileInput } from '#domain/profile.ts';
import type { IssueOutcome, ReportListing } from '#domain/report-version.ts';
import { verifyEdxmlSignature } from '#adapters/edxml-signature.ts';
import { localCaCertificatePath } from '#adapters/local-signer.ts';
import { startLocalApp, type LocalApp } from '#local/app.ts';
import { REFUSING_ORGAN_ID, keptFileName } from '#local/document-exchange.ts';
import { replayFile } from '#local/replay-client.ts';
import { withSigningImages } from '#local/sample-agencies.ts';
import { StaffClient } from '#local/staff-client.ts';
import { readMails } from '../support/report-mail.ts';

const AGENCY = 'SKHCN';
const samples = (name: string) => new URL(`../../events/samples/${name}`, import.meta.url);
const sampleProfile = JSON.parse(readFileSync(samples('skhcn-profile.json'), 'utf8')) as AgencyProfileInput;
/** Where a delivery stays: an exchange delivery done, refused or failed; an e-mail sent or failed. */
const settledState = (d: ListedDelivery) => (d.channel === 'email' ? d.state === 'sent' || d.state === 'failed' : d.state === 'done' || d.state === 'refused' || d.state === 'failed');

let dir: string;
let app: LocalApp;
let admin: StaffClient;
let office: StaffClient;
let leader: StaffClient;
let clerk: StaffClient;
let profile: AgencyProfileInput;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'delivery-local-'));
  app = await startLocalApp({
    mailDir: join(dir, 'mail'),
    edxmlDir: join(dir, 'edxml'),
    env: { LOCAL_SIGNING_DIR: join(dir, 'signing') },
    // 06 before 03, and 06 twice: out of order and more than once, as CONTRACT §10 warns
    exchangeStatuses: { delayMs: 20, later: ['06', '03', '06'] },
    delivery: { policy: { attempts: 2, backoffMs: 1, staleClaimMs: 60_000 }, backoffMs: () => 10 },
  });
  admin = new StaffClient(app.api.url, app.stack.env.STAFF_DEV_TOKEN);
  office = new StaffClient(app.api.url, 'local-staff-token');
  leader = new StaffClient(app.api.url, 'local-leader-token');
  clerk = new StaffClient(app.api.url, 'local-clerk-token');
  await replayFile(samples('skhcn-2023.jsonl').pathname, { url: app.api.url, secret: app.stack.env.EVENTS_HMAC_SECRET });
  profile = await withSigningImages(admin, sampleProfile);
}, 120_000);

afterAll(async () => {
  await app?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Sets the profile's recipients, then renders, submits, signs and issues the period's report over the API. */
async function issue(periodId: string, number: string, issuedOn: string, recipients: AgencyProfileInput['recipients']): Promise<{ path: string; outcome: IssueOutcome }> {
  await admin.ok('PUT', `/v1/agencies/${AGENCY}`, { ...profile, recipients });
  const path = `/v1/agencies/${AGENCY}/periods/${periodId}/reports`;
  const { report } = await office.ok<IssueOutcome>('POST', path, {});
  await office.ok('POST', `${path}/${report.version}/submit`, {});
  await leader.ok('POST', `${path}/${report.version}/sign`, {});
  return { path, outcome: await clerk.ok<IssueOutcome>('POST', `${path}/${report.version}/issue`, { number, issuedOn }) };
}

/** GET …/reports until every delivery of the version has settled. */
async function settled(path: string, version: number, count: number): Promise<ListedDelivery[]> {
  for (const until = Date.now() + 30_000; ; await new Promise((r) => setTimeout(r, 50))) {
    await app.stack.exchange.idle();
    const { reports } = await office.ok<ReportListing>('GET', path);
    const { deliveries } = reports.find((r) => r.version === version)!;
    if (deliveries.length >= count && deliveries.every(settledState)) return deliveries;
    if (Date.now() > until) throw new Error(`deliveries still moving: ${JSON.stringify(deliveries)}`);
  }
}

const states = (deliveries: ListedDelivery[]) => deliveries.map((d) => [d.recipientNo, d.channel, d.state]).sort();

describe('delivery over the stand-in exchange, in local mode', () => {
  it('queues one delivery per recipient, keeps each signed message under the exchange dir, and ends done whatever the statuses order', async () => {
    const { path, outcome } = await issue('2023-H1', '1015/BC-SKHCN', '2023-06-15', sampleProfile.recipients);
    // the issue answers once queued: the two recipients with an organ code; the lines without an address get none
    expect(outcome.deliveries.map((d) => [d.recipient.no, d.channel, d.state])).toEqual([
      [1, 'exchange', 'queued'],
      [2, 'exchange', 'queued'],
    ]);
    expect(states(await settled(path, outcome.report.version, 2))).toEqual([
      [1, 'exchange', 'done'],
      [2, 'exchange', 'done'],
    ]);
    const documentId = '000.00.12.H48,2023/06/15,1015/BC-SKHCN';
    const files = app.stack.exchange.files();
    expect(files.map((f) => f.split('/').at(-1))).toEqual([keptFileName(documentId, '000.00.00.H48'), keptFileName(documentId, '000.00.05.H48')]);

    // each message is signed by the agency's key (certified by the local CA) and carries the issued PDF byte for byte
    const { reports } = await office.ok<ReportListing>('GET', path);
    const issuedPdf = new Uint8Array(await (await fetch(reports[0]!.downloads.issued!.pdf)).arrayBuffer());
    for (const file of files) {
      const xml = readFileSync(file, 'utf8');
      expect(verifyEdxmlSignature(xml, readFileSync(localCaCertificatePath(join(dir, 'signing'))))).toMatchObject({ valid: true });
      const envelope = readEdxmlEnvelope(xml);
      expect(envelope).toMatchObject({ from: '000.00.12.H48', documentId });
      expect(Buffer.from(envelope.attachments.find((a) => a.contentType === 'application/pdf')!.content).equals(Buffer.from(issuedPdf))).toBe(true);
    }

    // a late 01 and a repeated 06 move nothing back
    await app.stack.exchange.emit({ documentId, organId: '000.00.00.H48', code: '01', at: '2023-06-15T09:00:00.000Z' });
    await app.stack.exchange.emit({ documentId, organId: '000.00.00.H48', code: '06', at: '2023-06-15T09:00:00.000Z' });
    expect(states(await settled(path, outcome.report.version, 2))).toEqual([
      [1, 'exchange', 'done'],
      [2, 'exchange', 'done'],
    ]);
    // issuing again is refused, and nobody gets a second delivery
    expect((await clerk.request('POST', `${path}/${outcome.report.version}/issue`, { number: '1015/BC-SKHCN', issuedOn: '2023-06-15' })).status).toBe(409);
    expect(await settled(path, outcome.report.version, 2)).toHaveLength(2);
    expect(app.stack.exchange.files()).toHaveLength(2);
    expect(app.stack.smtp.files()).toEqual([]);
  }, 120_000);

  it('the refusing organ code: refused with the reason, then the e-mail fallback to the same recipient', async () => {
    const { path, outcome } = await issue('2023-H2', '2100/BC-SKHCN', '2023-12-15', [
      { line: 'UBND tỉnh (báo cáo)', name: 'Ủy ban nhân dân tỉnh Quảng Ngãi', organId: REFUSING_ORGAN_ID, emails: ['vanthu.ubnd@example.vn'] },
    ]);
    const deliveries = await settled(path, outcome.report.version, 2);
    expect(states(deliveries)).toEqual([
      [1, 'email', 'sent'],
      [1, 'exchange', 'refused'],
    ].sort());
    const refused = deliveries.find((d) => d.channel === 'exchange')!;
    expect(refused.detail).toContain(REFUSING_ORGAN_ID);
    expect(refused.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
    const mails = await readMails(app.stack.smtp.files());
    expect(mails.map((m) => [m.to, m.text.split('\n')[0]])).toEqual([['vanthu.ubnd@example.vn', 'Kính gửi: Ủy ban nhân dân tỉnh Quảng Ngãi.']]);
  }, 120_000);

  it('a transport failure: retried, then failed and parked in the DLQ; the clerk resends it and it ends done', async () => {
    const dead = app.deliveries.deadLetters.length;
    app.stack.exchange.failNext(1_000);
    const { path, outcome } = await issue('2024-H1', '1100/BC-SKHCN', '2024-06-14', [{ line: 'Sở Nội vụ', name: 'Sở Nội vụ tỉnh Quảng Ngãi', organId: '000.00.05.H48', emails: [] }]);
    const [failed] = await settled(path, outcome.report.version, 1);
    expect(failed).toMatchObject({ recipientNo: 1, channel: 'exchange', state: 'failed' });
    expect(failed!.detail).toContain('503');
    expect(app.deliveries.deadLetters.length).toBe(dead + 1);

    app.stack.exchange.failNext(0);
    // only an issuer may resend
    expect((await office.request('POST', `${path}/${outcome.report.version}/deliveries/1/resend`, {})).status).toBe(403);
    const resent = await clerk.request<{ deliveries: Array<{ state: string }> }>('POST', `${path}/${outcome.report.version}/deliveries/1/resend`, {});
    expect(resent.status).toBe(202);
    expect(resent.body.deliveries.map((d) => d.state)).toEqual(['queued']);
    expect(states(await settled(path, outcome.report.version, 1))).toEqual([[1, 'exchange', 'done']]);
    // a delivery that is done is not resent
    expect((await clerk.request('POST', `${path}/${outcome.report.version}/deliveries/1/resend`, {})).status).toBe(409);
  }, 120_000);
});
