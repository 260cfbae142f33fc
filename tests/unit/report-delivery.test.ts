// Delivery of an issued report over the in-memory fakes: a refused address is retried per
// DELIVERY_POLICY (the backoff goes through the ports' sleep, here a fake clock, so nothing waits),
// recorded as failed with the provider's reason, sent by the next daily run, and no address gets a
// version twice.
import { describe, expect, it } from 'vitest';
import type { ReportVersion } from '#domain/report-version.ts';
import { renderReport } from '#app/render-report.ts';
import { DELIVERY_POLICY } from '#app/report-ports.ts';
import { deliverReport } from '#app/deliver-report.ts';
import { submitReport } from '#app/review-report.ts';
import { dailyDuties } from '#app/period-close.ts';
import { reportWorld, SAMPLE_EVENTS, sampleProfile, signAndIssue } from '../support/report-world.ts';

const AGENCY = 'SKHCN';
const [UBND, SNV] = ['vanthu.ubnd@example.vn', 'cchc.snv@example.vn'] as const;
const q1 = { agencyId: AGENCY, periodId: '2023-Q1', trigger: 'staff' } as const;
const backoffs = (failures: number) => Array.from({ length: failures }, (_, i) => DELIVERY_POLICY.backoffMs * 2 ** i);

describe('issueReport delivering when the mail provider refuses', () => {
  it('retries per DELIVERY_POLICY, records the failure with its reason; the daily run sends it, then sends nothing', async () => {
    const world = await reportWorld({ now: '2023-03-15T00:00:00.000Z', events: SAMPLE_EVENTS, profiles: [sampleProfile()] });
    const { report: draft } = await renderReport(world.ports, q1);
    await submitReport(world.ports, { ...q1, version: 1, by: 'staff-1' });
    world.mail.failNext(DELIVERY_POLICY.attempts, UBND);

    const run1 = await signAndIssue(world.ports, { ...q1, version: draft.version }, { number: '412/BC-SKHCN', issuedOn: '2023-03-15' });
    expect(run1.deliveries).toEqual([
      expect.objectContaining({ address: UBND, status: 'failed', attempts: DELIVERY_POLICY.attempts, lastError: `451 4.3.0 Temporary failure for ${UBND}` }),
      expect.objectContaining({ address: SNV, status: 'sent', attempts: 1 }),
    ]);
    expect(run1.deliveries[0]!.messageId).toBeUndefined();
    // each failure but the last waits, twice as long as the one before
    expect(world.clock.slept).toEqual(backoffs(DELIVERY_POLICY.attempts - 1));
    expect(world.mail.tries).toEqual([...Array(DELIVERY_POLICY.attempts).fill({ to: UBND, ok: false }), { to: SNV, ok: true }]);
    expect(world.mail.sent.map((m) => m.to)).toEqual([SNV]);
    expect((await world.ports.deliveries.listDeliveries(AGENCY, '2023-Q1', 1)).map((d) => [d.address, d.status, d.attempts, d.lastError])).toEqual([
      [SNV, 'sent', 1, undefined],
      [UBND, 'failed', DELIVERY_POLICY.attempts, `451 4.3.0 Temporary failure for ${UBND}`],
    ]);

    // the next day's run finds the failed address and sends it
    const run2 = await dailyDuties(world.ports, '2023-03-16T00:00:00.000Z');
    expect(run2.redelivered).toEqual([{ agencyId: AGENCY, periodId: '2023-Q1', version: 1, sent: 1, failed: 0 }]);

    const reads = world.files.calls.get;
    const run3 = await dailyDuties(world.ports, '2023-03-17T00:00:00.000Z');
    expect(run3.redelivered).toEqual([]);
    // nothing left to send: the files are not even read
    expect(world.files.calls.get).toBe(reads);

    expect(world.mail.sent.map((m) => m.to).sort()).toEqual([SNV, UBND].sort());
    const issued = run1.report.issued!.files;
    // the signed PDF to each; the DOCX, named as the editable copy, only to Sở Nội vụ (its profile entry asks for one)
    const [pdf, docx] = [world.files.objects.get(issued.pdf.key)!.body, world.files.objects.get(issued.docx.key)!.body];
    expect(world.mail.sent.find((m) => m.to === UBND)!.attachments.map((a) => [a.filename, a.content])).toEqual([['bao-cao-cchc-SKHCN-2023-Q1-v1-ban-hanh.pdf', pdf]]);
    expect(world.mail.sent.find((m) => m.to === SNV)!.attachments.map((a) => [a.filename, a.content])).toEqual([
      ['bao-cao-cchc-SKHCN-2023-Q1-v1-ban-hanh.pdf', pdf],
      ['bao-cao-cchc-SKHCN-2023-Q1-v1-ban-hanh-ban-chinh-sua-duoc.docx', docx],
    ]);
    expect((await world.ports.deliveries.listDeliveries(AGENCY, '2023-Q1')).map((d) => d.status)).toEqual(['sent', 'sent']);
  });
});

describe('deliverReport', () => {
  /** A stored issued version without rendering it: delivery reads only its two issued files. */
  async function stored() {
    const world = await reportWorld({ now: '2023-06-15T00:30:00.000Z', profiles: [sampleProfile()] });
    const report: ReportVersion = {
      agencyId: AGENCY,
      periodId: '2023-H1',
      version: 1,
      inputHash: 'i',
      figuresHash: 'f',
      provisional: false,
      amendment: false,
      issuedOn: '2023-06-15',
      title: 'Báo cáo công tác cải cách hành chính 6 tháng đầu năm 2023 của Sở Khoa học và Công nghệ',
      files: {
        docx: { key: 'reports/SKHCN/2023-H1/v0001/draft.docx', sha256: 'x', size: 4 },
        pdf: { key: 'reports/SKHCN/2023-H1/v0001/draft.pdf', sha256: 'y', size: 8 },
      },
      createdAt: '2023-06-15T00:30:00.000Z',
      trigger: 'schedule',
      state: 'issued',
      history: [{ state: 'draft', at: '2023-06-15T00:30:00.000Z', by: 'schedule' }],
      issued: {
        number: '1015/BC-SKHCN',
        signerName: 'Trần Quốc Bảo',
        issuedOn: '2023-06-15',
        files: {
          docx: { key: 'reports/SKHCN/2023-H1/v0001/a.docx', sha256: 'd', size: 4 },
          pdf: { key: 'reports/SKHCN/2023-H1/v0001/a.pdf', sha256: 'p', size: 8 },
        },
      },
    };
    await world.ports.files.put(report.issued!.files.docx.key, new Uint8Array([80, 75, 3, 4]), 'application/zip', {});
    await world.ports.files.put(report.issued!.files.pdf.key, new TextEncoder().encode('%PDF-1.7'), 'application/pdf', {});
    const profile = (await world.ports.profiles.getProfile(AGENCY))!;
    return { world, report, profile };
  }

  it('sends an address refused once on its second attempt, after one backoff', async () => {
    const { world, report, profile } = await stored();
    world.mail.failNext(1, SNV);
    const deliveries = await deliverReport(world.ports, report, profile, DELIVERY_POLICY);
    expect(deliveries.map((d) => [d.address, d.status, d.attempts])).toEqual([
      [UBND, 'sent', 1],
      [SNV, 'sent', 2],
    ]);
    expect(world.clock.slept).toEqual([DELIVERY_POLICY.backoffMs]);
    expect(world.mail.sent.map((m) => m.to)).toEqual([UBND, SNV]);
  });

  it('mails addresses in lower case, once each even when the profile spells one differently', async () => {
    const { world, report } = await stored();
    const profile = sampleProfile({ recipients: [{ line: 'UBND tỉnh (báo cáo)', emails: ['VanThu.UBND@Example.vn'] }] });
    expect((await deliverReport(world.ports, report, profile, DELIVERY_POLICY)).map((d) => d.address)).toEqual([UBND]);
    expect(await deliverReport(world.ports, report, sampleProfile(), DELIVERY_POLICY)).toEqual([expect.objectContaining({ address: SNV, status: 'sent' })]);
    expect(world.mail.sent.map((m) => m.to)).toEqual([UBND, SNV]);
  });

  it('leaves an address another run is sending, and takes it over once that claim is stale', async () => {
    const { world, report, profile } = await stored();
    // a run claimed UBND and died before recording the outcome
    expect(await world.ports.deliveries.claim(AGENCY, '2023-H1', { version: 1, address: UBND, recipient: 'UBND tỉnh (báo cáo)' }, world.clock.now().toISOString(), DELIVERY_POLICY.staleClaimMs)).toBe(true);

    world.clock.advance(DELIVERY_POLICY.staleClaimMs);
    expect((await deliverReport(world.ports, report, profile, DELIVERY_POLICY)).map((d) => d.address)).toEqual([SNV]);
    expect(world.mail.sent.map((m) => m.to)).toEqual([SNV]);

    world.clock.advance(1);
    expect(await deliverReport(world.ports, report, profile, DELIVERY_POLICY)).toEqual([expect.objectContaining({ address: UBND, status: 'sent', attempts: 1 })]);
    expect(world.mail.sent.map((m) => m.to)).toEqual([SNV, UBND]);

    // a sent address is never taken again, however old its record
    world.clock.advance(365 * 24 * 3600_000);
    expect(await deliverReport(world.ports, report, profile, DELIVERY_POLICY)).toEqual([]);
    expect(world.mail.sent).toHaveLength(2);
  });

  it('sends nothing and reads nothing when the profile has no e-mail address', async () => {
    const { world, report } = await stored();
    const reads = world.files.calls.get;
    const paperOnly = sampleProfile({ recipients: [{ line: 'UBND tỉnh (báo cáo)', emails: [] }] });
    expect(await deliverReport(world.ports, report, paperOnly, DELIVERY_POLICY)).toEqual([]);
    expect(world.files.calls.get).toBe(reads);
    expect(world.mail.tries).toEqual([]);
  });
});
