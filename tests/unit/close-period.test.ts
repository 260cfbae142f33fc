// The fan-out period close over the in-memory fakes and the in-process queue (SQS has no local
// equivalent): closePeriods opens the run and queues one task per agency-period, render workers
// close each once, a failing agency is retried then parked without holding back the others, and
// the schedule firing twice renders and mails nothing more. The 200-agency run over DynamoDB
// Local is tests/integration/close-fan-out.test.ts.
import { describe, expect, it } from 'vitest';
import type { AgencyProfile } from '#domain/profile.ts';
import { closeAgencyPeriod, closePeriods } from '#functions/close-period/close-period.ts';
import { CLOSE_MAX_RECEIVES, closeRenderEdge } from '#functions/close-render/close-render-edge.ts';
import { CLOSE_CLAIM_STALE_MS, renderCloseTask } from '#functions/close-render/close-render.ts';
import type { SQSEvent } from 'aws-lambda';
import { fakeClock, memoryCloseRuns } from '../support/fakes.ts';
import { DELIVERY_POLICY, type ReportPorts } from '#functions/reports/render-report.ts';
import { localPeriodClose } from '#local/close.ts';
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

/** The local fan-out over the world's ports; `ports` replaces them for the renders. */
function fanOut(world: World, ports: ReportPorts = world.ports) {
  const runs = memoryCloseRuns();
  const closes: string[] = [];
  const local = localPeriodClose({
    profiles: world.ports.profiles,
    closeRuns: runs.store,
    closeAgencyPeriod: (agencyId, periodId) => (closes.push(`${agencyId} ${periodId}`), closeAgencyPeriod(ports, agencyId, periodId, DELIVERY_POLICY)),
    now: world.clock.now,
    backoffMs: () => 1,
  });
  return { ...local, runs, closes };
}

describe('the fan-out close', () => {
  it('closes Q2 and H1 on 15/6: H1 for both agencies, Q2 only for the one that reports quarters, each once', async () => {
    const world = await reportWorld({ now: '2023-06-15T00:00:05.000Z', profiles: [skhcn(), snv] });
    const { close, closes, queue } = fanOut(world);
    const run = await close(CLOSING_15_6);
    expect(run).toEqual({ periods: ['2023-Q2', '2023-H1'], rendered: [rendered('SKHCN', '2023-Q2'), rendered('SKHCN', '2023-H1'), rendered('SNV', '2023-H1')], errors: [], pending: [] });
    expect(mails(world).sort()).toEqual([`SKHCN 2023-H1 → ${ADDRESS.SKHCN}`, `SKHCN 2023-Q2 → ${ADDRESS.SKHCN}`, `SNV 2023-H1 → ${ADDRESS.SNV}`]);
    expect(closes.sort()).toEqual(['SKHCN 2023-H1', 'SKHCN 2023-Q2', 'SNV 2023-H1']);
    for (const [agencyId, periodId] of [['SKHCN', '2023-Q2'], ['SKHCN', '2023-H1'], ['SNV', '2023-H1']] as const) {
      expect(await world.ports.versions.latestVersion(agencyId, periodId)).toMatchObject({ version: 1, provisional: false, amendment: false, issuedOn: '2023-06-15', trigger: 'schedule' });
    }
    expect(await world.ports.versions.listVersions('SNV', '2023-Q2')).toEqual([]);
    expect(world.files.objects.size).toBe(6);
    expect(queue.deadLetters).toEqual([]);
  });

  it('renders and mails once when the schedule fires twice, or a message is delivered again', async () => {
    const world = await reportWorld({ now: '2023-06-15T00:00:05.000Z', profiles: [skhcn(['H']), snv] });
    const { close, closes, queue } = fanOut(world);
    const first = await close(CLOSING_15_6);
    const puts = world.files.calls.put;
    // the same instant written otherwise is the same run
    expect(await close('2023-06-15T07:00:00+07:00')).toEqual(first);
    expect(await queue.send([JSON.stringify({ runId: '2023-06-15T00:00:00.000Z', agencyId: 'SNV', periodId: '2023-H1' })]).then((ids) => queue.settled(ids))).toBeUndefined();
    expect(closes.sort()).toEqual(['SKHCN 2023-H1', 'SNV 2023-H1']);
    expect(world.files.calls.put).toBe(puts);
    expect(mails(world)).toHaveLength(2);
  });

  it('retries a failing agency, then parks it without holding back the others; the next firing closes it', async () => {
    const world = await reportWorld({ now: '2023-06-15T00:00:05.000Z', profiles: [skhcn(['H']), snv] });
    let bucketDown = true;
    const ports: ReportPorts = {
      ...world.ports,
      files: { ...world.ports.files, put: async (key, ...rest) => (bucketDown && key.startsWith('reports/SKHCN/') ? Promise.reject(new Error('SlowDown: Please reduce your request rate.')) : world.ports.files.put(key, ...rest)) },
    };
    const { close, closes, queue, runs } = fanOut(world, ports);
    const run = await close(CLOSING_15_6);
    expect(run.rendered).toEqual([rendered('SNV', '2023-H1')]);
    expect(run.errors).toEqual([{ agencyId: 'SKHCN', periodId: '2023-H1', error: 'Error: SlowDown: Please reduce your request rate.', parked: true }]);
    expect(closes.filter((c) => c === 'SKHCN 2023-H1')).toHaveLength(CLOSE_MAX_RECEIVES);
    expect(queue.deadLetters.map((m) => JSON.parse(m.body))).toEqual([{ runId: '2023-06-15T00:00:00.000Z', agencyId: 'SKHCN', periodId: '2023-H1' }]);
    expect([...runs.tasks.values()].find((t) => t.agencyId === 'SKHCN')).toMatchObject({ state: 'parked', attempts: CLOSE_MAX_RECEIVES });
    expect(mails(world)).toEqual([`SNV 2023-H1 → ${ADDRESS.SNV}`]);

    bucketDown = false;
    const retry = await close(CLOSING_15_6);
    expect(retry).toMatchObject({ rendered: [rendered('SKHCN', '2023-H1'), rendered('SNV', '2023-H1')], errors: [], pending: [] });
    expect(mails(world)).toEqual([`SNV 2023-H1 → ${ADDRESS.SNV}`, `SKHCN 2023-H1 → ${ADDRESS.SKHCN}`]);
    expect(closes.filter((c) => c === 'SNV 2023-H1')).toHaveLength(1);
  });

  it('retries an agency whose mail failed; the retry sends only that mail', async () => {
    const world = await reportWorld({ now: '2023-06-15T00:00:05.000Z', profiles: [skhcn(['H']), snv] });
    world.mail.failNext(DELIVERY_POLICY.attempts, ADDRESS.SNV);
    const { close } = fanOut(world);
    const run = await close(CLOSING_15_6);
    expect(run).toMatchObject({ rendered: [rendered('SKHCN', '2023-H1'), rendered('SNV', '2023-H1', false, 1)], errors: [] });
    expect(mails(world).sort()).toEqual([`SKHCN 2023-H1 → ${ADDRESS.SKHCN}`, `SNV 2023-H1 → ${ADDRESS.SNV}`]);
    expect(world.files.objects.size).toBe(4);
  });

  it('refuses a scheduledTime that is not an RFC 3339 instant with a validation error, before reading any profile', async () => {
    const world = await reportWorld({ now: '2023-06-15T00:00:05.000Z', profiles: [skhcn(), snv] });
    let listed = 0;
    const { close } = fanOut(world);
    const profiles = world.ports.profiles;
    const list = profiles.listProfiles;
    profiles.listProfiles = async () => (listed++, list());
    for (const input of ['15/06/2023 07:00', '2023-06-15T07:00:00', '2023-02-30T00:00:00Z']) {
      await expect(close(input), input).rejects.toMatchObject({ code: 'validation_failed', details: [expect.objectContaining({ path: 'scheduledTime' })] });
    }
    expect(listed).toBe(0);
    expect(world.files.objects.size).toBe(0);
  });
});

describe('closePeriods', () => {
  it('closes nothing on a day that is not a closing day in Hanoi, without reading the profiles', async () => {
    const runs = memoryCloseRuns();
    let listed = 0;
    const ports = { profiles: { listProfiles: async () => (listed++, []) }, closeRuns: runs.store, closeQueue: { send: async () => {} }, now: () => new Date() };
    // 23:59:59 on 14/6 in Hanoi is still H1; 15/7 closes nothing
    for (const at of ['2023-06-14T16:59:59Z', '2023-07-15T00:00:00Z']) expect(await closePeriods(ports, at)).toEqual({ periods: [], rendered: [], errors: [], pending: [] });
    expect(listed).toBe(0);
    // 00:00 on 15/6 in Hanoi is 17:00 Z the day before
    expect((await closePeriods(ports, '2023-06-14T17:00:00Z')).periods).toEqual(['2023-Q2', '2023-H1']);
  });
});

describe('a render worker', () => {
  const task = { runId: '2023-06-15T00:00:00.000Z', agencyId: 'SNV', periodId: '2023-H1' };
  const outcome = { version: 1, created: true, sent: 1, failed: 0 };

  it('leaves a task another worker holds, and takes it over once that claim is older than the worker timeout', async () => {
    const runs = memoryCloseRuns();
    const clock = fakeClock('2023-06-15T00:00:05.000Z');
    const closes: string[] = [];
    const ports = { closeRuns: runs.store, now: clock.now, closeAgencyPeriod: async (a: string) => (closes.push(a), outcome) };
    expect(await runs.store.claim(task, clock.now().toISOString(), CLOSE_CLAIM_STALE_MS)).toBe('claimed'); // a worker that then dies
    clock.advance(CLOSE_CLAIM_STALE_MS);
    expect(await renderCloseTask(ports, task, false)).toBe('done');
    expect(closes).toEqual([]);
    clock.advance(1);
    expect(await renderCloseTask(ports, task, false)).toBe('done');
    expect(closes).toEqual(['SNV']);
    expect(await runs.store.listRun(task.runId)).toMatchObject([{ state: 'rendered', attempts: 2, outcome }]);
  });

  it('sends a message that is not a close task back, to end in the DLQ, touching no task', async () => {
    const runs = memoryCloseRuns();
    const edge = closeRenderEdge({ closeRuns: runs.store, now: () => new Date(), closeAgencyPeriod: async () => outcome });
    const record = (messageId: string, body: string) => ({ messageId, body, attributes: { ApproximateReceiveCount: '1' } });
    const event = { Records: [record('a', 'not json'), record('b', JSON.stringify({ ...task, periodId: '2023-H3' })), record('c', JSON.stringify(task))] } as unknown as SQSEvent;
    expect(await edge(event)).toEqual({ batchItemFailures: [{ itemIdentifier: 'a' }, { itemIdentifier: 'b' }] });
    expect((await runs.store.listRun(task.runId)).map((t) => t.state)).toEqual(['rendered']);
  });
});
