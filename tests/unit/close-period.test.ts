// The scheduled period close over the in-memory fakes: closePeriods renders and mails the periods
// closing that local day for the agencies whose profile lists their kind, and closePeriodEdge —
// what the EventBridge Scheduler invokes — throws while anything failed, so the scheduler's retry
// policy runs it again; the retry skips what was stored or sent. No Lambda runs this in tests
// otherwise: tests/integration/close-period.test.ts calls closePeriods, not the edge.
import { describe, expect, it } from 'vitest';
import type { AgencyProfile } from '#domain/profile.ts';
import { closePeriods } from '#functions/close-period/close-period.ts';
import { closePeriodEdge } from '#functions/close-period/close-period-edge.ts';
import { DELIVERY_POLICY, type ReportPorts } from '#functions/reports/render-report.ts';
import type { MetricName } from '#domain/metrics.ts';
import { reportWorld, sampleProfile } from '../support/report-world.ts';

const ADDRESS = { SKHCN: 'moi-ky@example.vn', SNV: 'nua-nam@example.vn' } as const;
/** SKHCN reports on quarters, halves, nine months and years; SNV on halves only. */
const skhcn = (periodKinds: AgencyProfile['periodKinds'] = ['Q', 'H', '9M', 'FY']) =>
  sampleProfile({ periodKinds, recipients: [{ line: 'UBND tỉnh (báo cáo)', emails: [ADDRESS.SKHCN] }] });
const snv = sampleProfile({ agencyId: 'SNV', agencyName: 'Sở Nội vụ', symbol: 'SNV', periodKinds: ['H'], recipients: [{ line: 'UBND tỉnh (báo cáo)', emails: [ADDRESS.SNV] }] });

const CLOSING_15_6 = '2023-06-15T00:00:00Z';

type World = Awaited<ReturnType<typeof reportWorld>>;
/** "agency period → address" of each mail sent, from the PDF attached. */
const mails = (world: World) =>
  world.mail.sent.map((m) => {
    const [, agencyId, periodId] = /^bao-cao-cchc-(\w+)-(\d{4}-\w+)-v1\.pdf$/.exec(m.attachments[1]!.filename)!;
    return `${agencyId} ${periodId} → ${m.to}`;
  });
const rendered = (agencyId: string, periodId: string, created = true, sent = 1, failed = 0) => ({ agencyId, periodId, version: 1, created, sent, failed });

describe('closePeriodEdge', () => {
  it('closes Q2 and H1 on 15/6: H1 for both agencies, Q2 only for the one that reports quarters', async () => {
    const world = await reportWorld({ now: '2023-06-15T00:00:05.000Z', profiles: [skhcn(), snv] });
    const run = await closePeriodEdge(world.ports)({ scheduledTime: CLOSING_15_6 });
    expect(run).toEqual({ periods: ['2023-M06', '2023-Q2', '2023-H1'], rendered: [rendered('SKHCN', '2023-Q2'), rendered('SKHCN', '2023-H1'), rendered('SNV', '2023-H1')], errors: [] });
    expect(mails(world)).toEqual([`SKHCN 2023-Q2 → ${ADDRESS.SKHCN}`, `SKHCN 2023-H1 → ${ADDRESS.SKHCN}`, `SNV 2023-H1 → ${ADDRESS.SNV}`]);
    for (const [agencyId, periodId] of [['SKHCN', '2023-Q2'], ['SKHCN', '2023-H1'], ['SNV', '2023-H1']] as const) {
      expect(await world.ports.versions.latestVersion(agencyId, periodId)).toMatchObject({ version: 1, provisional: false, amendment: false, issuedOn: '2023-06-15', trigger: 'schedule' });
    }
    expect(await world.ports.versions.listVersions('SNV', '2023-Q2')).toEqual([]);
    expect(world.files.objects.size).toBe(6);
  });

  it('throws while a mail could not be sent, so the scheduler retries; the retry sends only that mail', async () => {
    const world = await reportWorld({ now: '2023-06-15T00:00:05.000Z', profiles: [skhcn(['H']), snv] });
    const counts: Partial<Record<MetricName, number>> = {};
    const edge = closePeriodEdge({ ...world.ports, metrics: { count: (name, n = 1) => void (counts[name] = (counts[name] ?? 0) + n) } });
    world.mail.failNext(DELIVERY_POLICY.attempts, ADDRESS.SNV);
    await expect(edge({ scheduledTime: CLOSING_15_6 })).rejects.toThrow(/^closing run incomplete: .*"agencyId":"SNV","periodId":"2023-H1","version":1,"created":true,"sent":0,"failed":1/);
    expect(mails(world)).toEqual([`SKHCN 2023-H1 → ${ADDRESS.SKHCN}`]);
    expect(world.files.objects.size).toBe(4);
    // the run started and did not complete: what the "period close did not complete" alarm watches
    expect(counts).toMatchObject({ PeriodCloseStarted: 1 });
    expect(counts.PeriodCloseCompleted).toBeUndefined();
    const puts = world.files.calls.put;

    const retry = await edge({ scheduledTime: CLOSING_15_6 });
    expect(retry).toEqual({ periods: ['2023-M06', '2023-Q2', '2023-H1'], rendered: [rendered('SKHCN', '2023-H1', false, 0), rendered('SNV', '2023-H1', false, 1)], errors: [] });
    expect(mails(world)).toEqual([`SKHCN 2023-H1 → ${ADDRESS.SKHCN}`, `SNV 2023-H1 → ${ADDRESS.SNV}`]);
    expect(world.files.calls.put).toBe(puts);
    expect(counts).toMatchObject({ PeriodCloseStarted: 2, PeriodCloseCompleted: 1 });
  });

  it('throws while a report could not be rendered and stored, after the other agencies got theirs; the retry renders only that one', async () => {
    const world = await reportWorld({ now: '2023-06-15T00:00:05.000Z', profiles: [skhcn(['H']), snv] });
    let bucketDown = true;
    const ports: ReportPorts = {
      ...world.ports,
      files: { ...world.ports.files, put: async (key, ...rest) => (bucketDown && key.startsWith('reports/SKHCN/') ? Promise.reject(new Error('SlowDown: Please reduce your request rate.')) : world.ports.files.put(key, ...rest)) },
    };
    const edge = closePeriodEdge(ports);
    await expect(edge({ scheduledTime: CLOSING_15_6 })).rejects.toThrow(/"errors":\[\{"agencyId":"SKHCN","periodId":"2023-H1","error":"Error: SlowDown: Please reduce your request rate\."\}\]/);
    expect(await world.ports.versions.listVersions('SKHCN', '2023-H1')).toEqual([]);
    expect(await world.ports.versions.latestVersion('SNV', '2023-H1')).toMatchObject({ version: 1 });
    expect(mails(world)).toEqual([`SNV 2023-H1 → ${ADDRESS.SNV}`]);

    bucketDown = false;
    const retry = await edge({ scheduledTime: CLOSING_15_6 });
    expect(retry.rendered).toEqual([rendered('SKHCN', '2023-H1'), rendered('SNV', '2023-H1', false, 0)]);
    expect(retry.errors).toEqual([]);
    expect(mails(world)).toEqual([`SNV 2023-H1 → ${ADDRESS.SNV}`, `SKHCN 2023-H1 → ${ADDRESS.SKHCN}`]);
    expect((await world.ports.versions.listVersions('SKHCN', '2023-H1')).map((v) => v.version)).toEqual([1]);
  });

  it('refuses a scheduledTime that is not an RFC 3339 instant with a validation error, before reading any profile', async () => {
    const world = await reportWorld({ now: '2023-06-15T00:00:05.000Z', profiles: [skhcn(), snv] });
    let listed = 0;
    const ports: ReportPorts = { ...world.ports, profiles: { ...world.ports.profiles, listProfiles: async () => (listed++, world.ports.profiles.listProfiles()) } };
    for (const input of [{ scheduledTime: '15/06/2023 07:00' }, { scheduledTime: '2023-06-15T07:00:00' }, { scheduledTime: '2023-02-30T00:00:00Z' }, {}, null]) {
      await expect(closePeriodEdge(ports)(input), JSON.stringify(input)).rejects.toMatchObject({ code: 'validation_failed', details: [expect.objectContaining({ path: input ? 'scheduledTime' : '(body)' })] });
    }
    expect(listed).toBe(0);
    expect(world.files.objects.size).toBe(0);
    expect(world.mail.sent).toEqual([]);
  });
});

describe('closePeriods', () => {
  it('closes nothing on a day that is not a closing day in Hanoi, without reading the profiles', async () => {
    const world = await reportWorld({ now: '2023-06-15T00:00:05.000Z', profiles: [skhcn(), snv] });
    let listed = 0;
    const ports: ReportPorts = { ...world.ports, profiles: { ...world.ports.profiles, listProfiles: async () => (listed++, world.ports.profiles.listProfiles()) } };
    // 23:59:59 on 14/6 in Hanoi is still H1; 16/7 closes nothing
    for (const at of ['2023-06-14T16:59:59Z', '2023-07-16T00:00:00Z']) expect(await closePeriods(ports, at)).toEqual({ periods: [], rendered: [], errors: [] });
    expect(listed).toBe(0);
    // 00:00 on 15/6 in Hanoi is 17:00 Z the day before
    expect((await closePeriods({ ...ports, profiles: { ...ports.profiles, listProfiles: async () => [] } }, '2023-06-14T17:00:00Z')).periods).toEqual(['2023-M06', '2023-Q2', '2023-H1']);
  });
});
