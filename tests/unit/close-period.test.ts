// The daily schedule over the in-memory fakes and the in-process queue (SQS has no local
// equivalent). The period close fans out: closePeriods opens the run and queues one task per
// agency-period, render workers close each once — a draft, and a notice to the agency's office,
// never the recipients — a failing agency is retried then parked without holding back the others,
// and the schedule firing twice renders and mails nothing more. dailyDuties drafts provisionally
// and reminds before an early deadline. closePeriodEdge — what the EventBridge Scheduler invokes —
// runs both and throws while a duty failed, so the scheduler's retry policy runs it again; the
// retry skips what was stored or sent. The 200-agency close over DynamoDB Local is
// tests/integration/close-fan-out.test.ts.
import { describe, expect, it } from 'vitest';
import type { AgencyProfile } from '#domain/profile.ts';
import { closeAgencyPeriod, closePeriods, dailyDuties, type ClosePorts } from '#app/period-close.ts';
import { closePeriodEdge } from '#functions/close-period/close-period-edge.ts';
import { CLOSE_MAX_RECEIVES, closeRenderEdge } from '#functions/close-render/close-render-edge.ts';
import { CLOSE_CLAIM_STALE_MS, renderCloseTask } from '#functions/close-render/close-render.ts';
import { submitReport } from '#app/review-report.ts';
import { renderReport } from '#app/render-report.ts';
import type { SQSEvent } from 'aws-lambda';
import { fakeClock, memoryCloseRuns } from '../support/fakes.ts';
import { DELIVERY_POLICY, type ReportPorts } from '#app/report-ports.ts';
import type { MetricName } from '#domain/metrics.ts';
import { localPeriodClose } from '#local/close.ts';
import { localEventQueue } from '#local/queue.ts';
import { reportWorld, sampleProfile, signAndIssue } from '../support/report-world.ts';

const ADDRESS = { SKHCN: 'van-phong@skhcn.example.vn', SNV: 'van-phong@snv.example.vn' } as const;
const RECIPIENT = 'vanthu.ubnd@example.vn';
const LEADER = 'giam-doc@skhcn.example.vn';
/** SKHCN reports on quarters, halves, nine months and years; SNV on halves only. */
const skhcn = (periodKinds: AgencyProfile['periodKinds'] = ['Q', 'H', '9M', 'FY']) =>
  sampleProfile({ periodKinds, officeEmails: [ADDRESS.SKHCN], recipients: [{ line: 'UBND tỉnh (báo cáo)', emails: [RECIPIENT] }] });
const snv = sampleProfile({ agencyId: 'SNV', agencyName: 'Sở Nội vụ', symbol: 'SNV', periodKinds: ['H'], officeEmails: [ADDRESS.SNV], recipients: [{ line: 'UBND tỉnh (báo cáo)', emails: [RECIPIENT] }] });
/** SKHCN on halves, the first due Monday 05/6/2023 (before H1 closes). */
const early = () => Object.assign(skhcn(['H']), { deadlines: { H: -9 } });

const CLOSING_15_6 = '2023-06-15T00:00:00Z';

type World = Awaited<ReturnType<typeof reportWorld>>;
/** "agency period → address" of each mail sent, from the draft PDF attached. */
const mails = (world: World) =>
  world.mail.sent.map((m) => {
    const [, agencyId, periodId] = /^bao-cao-cchc-(\w+)-(\d{4}-\w+)-v1\.pdf$/.exec(m.attachments[1]!.filename)!;
    return `${agencyId} ${periodId} → ${m.to}`;
  });
const rendered = (agencyId: string, periodId: string, created = true, notified = 1, failed = 0) => ({ agencyId, periodId, version: 1, created, notified, failed });
const noDuties = { deadlines: [], redelivered: [], errors: [] };

/**
 * The local fan-out over the world's ports, and the schedule's edge over it; `ports` replaces the
 * world's for the renders and the daily duties.
 */
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
  const close: ClosePorts = { profiles: world.ports.profiles, closeRuns: runs.store, closeQueue: localEventQueue(local.queue), now: world.clock.now };
  return { ...local, edge: closePeriodEdge({ close, report: ports }), runs, closes };
}

describe('the fan-out close', () => {
  it('closes Q2 and H1 on 15/6 through the edge: drafts H1 for both agencies, Q2 only for the one that reports quarters, each once, and tells each office, not the recipients', async () => {
    const world = await reportWorld({ now: '2023-06-15T00:00:05.000Z', profiles: [skhcn(), snv] });
    const { edge, closes, queue } = fanOut(world);
    const run = await edge({ scheduledTime: CLOSING_15_6 });
    expect(run).toEqual({ close: { periods: ['2023-M06', '2023-Q2', '2023-H1'], rendered: [rendered('SKHCN', '2023-Q2'), rendered('SKHCN', '2023-H1'), rendered('SNV', '2023-H1')], errors: [], pending: [] }, duties: noDuties });
    expect(mails(world).sort()).toEqual([`SKHCN 2023-H1 → ${ADDRESS.SKHCN}`, `SKHCN 2023-Q2 → ${ADDRESS.SKHCN}`, `SNV 2023-H1 → ${ADDRESS.SNV}`]);
    expect(world.mail.tries.map((t) => t.to)).not.toContain(RECIPIENT);
    expect(closes.sort()).toEqual(['SKHCN 2023-H1', 'SKHCN 2023-Q2', 'SNV 2023-H1']);
    const notice = world.mail.sent.find((m) => m.to === ADDRESS.SKHCN && m.attachments[1]!.filename.includes('-2023-H1-'))!;
    expect(notice.subject).toBe('Dự thảo báo cáo CCHC 6 tháng đầu năm 2023 (lần 1) chờ trình ký');
    expect(notice.text).toContain('Số liệu của kỳ: tiếp nhận 0 hồ sơ, đã giải quyết 0 hồ sơ, đang xử lý 0 hồ sơ; ban hành 0 văn bản.');
    expect(notice.text).not.toMatch(/2023-H1/);
    for (const [agencyId, periodId] of [['SKHCN', '2023-Q2'], ['SKHCN', '2023-H1'], ['SNV', '2023-H1']] as const) {
      expect(await world.ports.versions.latestVersion(agencyId, periodId)).toMatchObject({ version: 1, state: 'draft', provisional: false, amendment: false, issuedOn: '2023-06-15', trigger: 'schedule' });
    }
    expect(await world.ports.versions.listVersions('SNV', '2023-Q2')).toEqual([]);
    expect(world.files.objects.size).toBe(6);
    expect(queue.deadLetters).toEqual([]);
  });

  it('renders and tells the office once when the schedule fires twice, or a message is delivered again', async () => {
    const world = await reportWorld({ now: '2023-06-15T00:00:05.000Z', profiles: [skhcn(['H']), snv] });
    const { close, closes, queue } = fanOut(world);
    const first = await close(CLOSING_15_6);
    const puts = world.files.calls.put;
    // the same instant written otherwise is the same run
    expect(await close('2023-06-15T07:00:00+07:00')).toEqual(first);
    expect(await queue.send([JSON.stringify({ runId: '2023-06-15T00:00:00.000Z', agencyId: 'SNV', periodId: '2023-H1' })]).then((ids) => queue.settled(ids))).toBeUndefined();
    expect(closes.sort()).toEqual(['SKHCN 2023-H1', 'SNV 2023-H1']);
    expect(world.files.calls.put).toBe(puts);
    expect(mails(world).sort()).toEqual([`SKHCN 2023-H1 → ${ADDRESS.SKHCN}`, `SNV 2023-H1 → ${ADDRESS.SNV}`]);
  });

  it('retries an agency whose report could not be stored, then parks it without holding back the others, the edge answering all the same; the next firing renders only that one', async () => {
    const world = await reportWorld({ now: '2023-06-15T00:00:05.000Z', profiles: [skhcn(['H']), snv] });
    let bucketDown = true;
    const ports: ReportPorts = {
      ...world.ports,
      files: { ...world.ports.files, put: async (key, ...rest) => (bucketDown && key.startsWith('reports/SKHCN/') ? Promise.reject(new Error('SlowDown: Please reduce your request rate.')) : world.ports.files.put(key, ...rest)) },
    };
    const { edge, closes, queue, runs } = fanOut(world, ports);
    const { close: run } = await edge({ scheduledTime: CLOSING_15_6 });
    expect(run.rendered).toEqual([rendered('SNV', '2023-H1')]);
    expect(run.errors).toEqual([{ agencyId: 'SKHCN', periodId: '2023-H1', error: 'Error: SlowDown: Please reduce your request rate.', parked: true }]);
    expect(closes.filter((c) => c === 'SKHCN 2023-H1')).toHaveLength(CLOSE_MAX_RECEIVES);
    expect(queue.deadLetters.map((m) => JSON.parse(m.body))).toEqual([{ runId: '2023-06-15T00:00:00.000Z', agencyId: 'SKHCN', periodId: '2023-H1' }]);
    expect([...runs.tasks.values()].find((t) => t.agencyId === 'SKHCN')).toMatchObject({ state: 'parked', attempts: CLOSE_MAX_RECEIVES });
    expect(await world.ports.versions.listVersions('SKHCN', '2023-H1')).toEqual([]);
    expect(await world.ports.versions.latestVersion('SNV', '2023-H1')).toMatchObject({ version: 1 });
    expect(mails(world)).toEqual([`SNV 2023-H1 → ${ADDRESS.SNV}`]);

    bucketDown = false;
    const { close: retry } = await edge({ scheduledTime: CLOSING_15_6 });
    expect(retry).toMatchObject({ rendered: [rendered('SKHCN', '2023-H1'), rendered('SNV', '2023-H1')], errors: [], pending: [] });
    expect(mails(world)).toEqual([`SNV 2023-H1 → ${ADDRESS.SNV}`, `SKHCN 2023-H1 → ${ADDRESS.SKHCN}`]);
    expect(closes.filter((c) => c === 'SNV 2023-H1')).toHaveLength(1);
    expect((await world.ports.versions.listVersions('SKHCN', '2023-H1')).map((v) => v.version)).toEqual([1]);
  });

  it('retries an agency whose notice to the office failed; the retry sends only that notice and stores nothing again', async () => {
    const world = await reportWorld({ now: '2023-06-15T00:00:05.000Z', profiles: [skhcn(['H']), snv] });
    world.mail.failNext(DELIVERY_POLICY.attempts, ADDRESS.SNV);
    const { close, closes } = fanOut(world);
    const run = await close(CLOSING_15_6);
    expect(run).toEqual({ periods: ['2023-M06', '2023-Q2', '2023-H1'], rendered: [rendered('SKHCN', '2023-H1'), rendered('SNV', '2023-H1', false, 1)], errors: [], pending: [] });
    expect(closes.filter((c) => c === 'SNV 2023-H1')).toHaveLength(2);
    expect(mails(world).sort()).toEqual([`SKHCN 2023-H1 → ${ADDRESS.SKHCN}`, `SNV 2023-H1 → ${ADDRESS.SNV}`]);
    expect(world.mail.tries.map((t) => t.to)).not.toContain(RECIPIENT);
    expect(world.files.objects.size).toBe(4);
    expect(world.files.calls.put).toBe(4);
  });
});

describe('closePeriodEdge', () => {
  it('throws while a duty left a notice unsent, after the close; the scheduler’s retry sends only that notice', async () => {
    const world = await reportWorld({ now: '2023-05-31T00:00:05.000Z', profiles: [early()] });
    const counts: Partial<Record<MetricName, number>> = {};
    const { edge, closes } = fanOut(world, { ...world.ports, metrics: { count: (name, n = 1) => void (counts[name] = (counts[name] ?? 0) + n) } });
    world.mail.failNext(DELIVERY_POLICY.attempts, ADDRESS.SKHCN);
    await expect(edge({ scheduledTime: '2023-05-31T00:00:00Z' })).rejects.toThrow(
      /^daily duties incomplete: .*"agencyId":"SKHCN","periodId":"2023-H1","duty":"provisional-draft","deadline":"2023-06-05","version":1,"notified":0,"failed":1/,
    );
    expect(world.mail.sent).toEqual([]);
    expect(world.files.objects.size).toBe(2);
    // the run started and did not complete: what the "period close did not complete" alarm watches
    expect(counts).toMatchObject({ PeriodCloseStarted: 1 });
    expect(counts.PeriodCloseCompleted).toBeUndefined();
    const puts = world.files.calls.put;

    const retry = await edge({ scheduledTime: '2023-05-31T00:00:00Z' });
    expect(retry).toEqual({
      close: { periods: [], rendered: [], errors: [], pending: [] },
      duties: { ...noDuties, deadlines: [{ agencyId: 'SKHCN', periodId: '2023-H1', duty: 'provisional-draft', deadline: '2023-06-05', version: 1, notified: 1, failed: 0 }] },
    });
    expect(mails(world)).toEqual([`SKHCN 2023-H1 → ${ADDRESS.SKHCN}`]);
    expect(world.files.calls.put).toBe(puts);
    expect(closes).toEqual([]);
    // Completed: this invocation queued its close (none today) and did the day's duties
    expect(counts).toMatchObject({ PeriodCloseStarted: 2, PeriodCloseCompleted: 1 });
  });

  it('throws while a duty failed, naming the agency; the retry does it', async () => {
    const world = await reportWorld({ now: '2023-05-31T00:00:05.000Z', profiles: [early()] });
    let bucketDown = true;
    const ports: ReportPorts = {
      ...world.ports,
      files: { ...world.ports.files, put: async (key, ...rest) => (bucketDown ? Promise.reject(new Error('SlowDown: Please reduce your request rate.')) : world.ports.files.put(key, ...rest)) },
    };
    const { edge } = fanOut(world, ports);
    await expect(edge({ scheduledTime: '2023-05-31T00:00:00Z' })).rejects.toThrow(/"errors":\[\{"agencyId":"SKHCN","periodId":"2023-H1","error":"Error: SlowDown: Please reduce your request rate\."\}\]/);
    expect(await world.ports.versions.listVersions('SKHCN', '2023-H1')).toEqual([]);
    expect(world.mail.sent).toEqual([]);

    bucketDown = false;
    expect((await edge({ scheduledTime: '2023-05-31T00:00:00Z' })).duties).toEqual({ ...noDuties, deadlines: [expect.objectContaining({ duty: 'provisional-draft', version: 1, notified: 1, failed: 0 })] });
    expect(mails(world)).toEqual([`SKHCN 2023-H1 → ${ADDRESS.SKHCN}`]);
  });

  it('refuses a scheduledTime that is not an RFC 3339 instant with a validation error, before reading any profile', async () => {
    const world = await reportWorld({ now: '2023-06-15T00:00:05.000Z', profiles: [skhcn(), snv] });
    let listed = 0;
    const { edge } = fanOut(world);
    const profiles = world.ports.profiles;
    const list = profiles.listProfiles;
    profiles.listProfiles = async () => (listed++, list());
    for (const input of [{ scheduledTime: '15/06/2023 07:00' }, { scheduledTime: '2023-06-15T07:00:00' }, { scheduledTime: '2023-02-30T00:00:00Z' }, {}, null]) {
      await expect(edge(input), JSON.stringify(input)).rejects.toMatchObject({ code: 'validation_failed', details: [expect.objectContaining({ path: input ? 'scheduledTime' : '(body)' })] });
    }
    expect(listed).toBe(0);
    expect(world.files.objects.size).toBe(0);
    expect(world.mail.sent).toEqual([]);
  });
});

describe('closePeriods', () => {
  it('closes nothing on a day that is not a closing day in Hanoi, without reading the profiles or queueing anything', async () => {
    const runs = memoryCloseRuns();
    let listed = 0;
    const queued: string[] = [];
    const ports = { profiles: { listProfiles: async () => (listed++, []) }, closeRuns: runs.store, closeQueue: { send: async (bodies: readonly string[]) => void queued.push(...bodies) }, now: () => new Date() };
    // 23:59:59 on 14/6 in Hanoi is still H1; 16/7 closes nothing (15/7 closes the month)
    for (const at of ['2023-06-14T16:59:59Z', '2023-07-16T00:00:00Z']) expect(await closePeriods(ports, at)).toEqual({ periods: [], rendered: [], errors: [], pending: [] });
    expect(listed).toBe(0);
    expect(queued).toEqual([]);
    // 00:00 on 15/6 in Hanoi is 17:00 Z the day before
    expect((await closePeriods(ports, '2023-06-14T17:00:00Z')).periods).toEqual(['2023-M06', '2023-Q2', '2023-H1']);
  });
});

describe('dailyDuties', () => {
  it('before an early deadline: a provisional draft and a notice 3 working days before, a reminder to office and leaders the working day before, each once', async () => {
    const world = await reportWorld({ now: '2023-05-31T00:00:05.000Z', profiles: [early()], leaders: { SKHCN: [LEADER] } });
    const provisional = await dailyDuties(world.ports, '2023-05-31T00:00:00Z');
    expect(provisional).toEqual({ ...noDuties, deadlines: [{ agencyId: 'SKHCN', periodId: '2023-H1', duty: 'provisional-draft', deadline: '2023-06-05', version: 1, notified: 1, failed: 0 }] });
    expect(await world.ports.versions.latestVersion('SKHCN', '2023-H1')).toMatchObject({ provisional: true, state: 'draft', issuedOn: '2023-05-31' });
    expect(world.mail.sent.map((m) => [m.to, m.subject])).toEqual([[ADDRESS.SKHCN, 'Dự thảo báo cáo CCHC 6 tháng đầu năm 2023 (lần 1) chờ trình ký']]);
    expect(world.mail.sent[0]!.text).toContain('Số liệu tạm tính đến ngày 31/5/2023');
    expect(world.mail.sent[0]!.text).toContain('Hạn gửi báo cáo: ngày 05/6/2023.');

    world.clock.set('2023-06-02T00:00:05.000Z');
    const reminder = await dailyDuties(world.ports, '2023-06-02T00:00:00Z');
    expect(reminder).toEqual({ ...noDuties, deadlines: [{ agencyId: 'SKHCN', periodId: '2023-H1', duty: 'reminder', deadline: '2023-06-05', notified: 2, failed: 0 }] });
    expect(world.mail.sent.slice(1).map((m) => m.to)).toEqual([ADDRESS.SKHCN, LEADER]);
    expect(world.mail.sent[1]!.subject).toBe('Nhắc hạn: báo cáo CCHC 6 tháng đầu năm 2023 phải gửi trước ngày 05/6/2023');
    expect(world.mail.sent[1]!.text).toContain('dự thảo, chưa trình ký');
    // the same day's run again reminds nobody twice
    expect((await dailyDuties(world.ports, '2023-06-02T00:00:00Z')).deadlines).toEqual([{ agencyId: 'SKHCN', periodId: '2023-H1', duty: 'reminder', deadline: '2023-06-05', notified: 0, failed: 0 }]);
    expect(world.mail.tries.map((t) => t.to)).not.toContain(RECIPIENT);
    expect(world.mail.sent).toHaveLength(3);
  });

  it('reminds nobody once the period’s report is issued', async () => {
    const world = await reportWorld({ now: '2023-05-31T00:00:05.000Z', profiles: [early()], leaders: { SKHCN: [LEADER] } });
    await dailyDuties(world.ports, '2023-05-31T00:00:00Z');
    const h1 = { agencyId: 'SKHCN', periodId: '2023-H1', version: 1 };
    await submitReport(world.ports, { ...h1, by: 'staff-1' });
    await signAndIssue(world.ports, h1, { number: '1015/BC-SKHCN', issuedOn: '2023-05-31' });
    const before = world.mail.tries.length;

    world.clock.set('2023-06-02T00:00:05.000Z');
    expect(await dailyDuties(world.ports, '2023-06-02T00:00:00Z')).toEqual({ ...noDuties, deadlines: [{ agencyId: 'SKHCN', periodId: '2023-H1', duty: 'reminder', deadline: '2023-06-05', notified: 0, failed: 0 }] });
    expect(world.mail.tries.slice(before)).toEqual([]);
  });

  it('tells office and leaders the working day after the deadline that the report is overdue, once, and nobody once it is issued', async () => {
    const world = await reportWorld({ now: '2023-06-06T00:00:05.000Z', profiles: [early()], leaders: { SKHCN: [LEADER] } });
    const overdue = await dailyDuties(world.ports, '2023-06-06T00:00:00Z');
    expect(overdue).toEqual({ ...noDuties, deadlines: [{ agencyId: 'SKHCN', periodId: '2023-H1', duty: 'overdue', deadline: '2023-06-05', notified: 2, failed: 0 }] });
    expect(world.mail.sent.map((m) => [m.to, m.subject])).toEqual([
      [ADDRESS.SKHCN, 'Quá hạn: báo cáo CCHC 6 tháng đầu năm 2023 chưa được phát hành (hạn ngày 05/6/2023)'],
      [LEADER, 'Quá hạn: báo cáo CCHC 6 tháng đầu năm 2023 chưa được phát hành (hạn ngày 05/6/2023)'],
    ]);
    expect(world.mail.sent[0]!.text).toContain('đã quá hạn gửi (hết ngày 05/6/2023) mà chưa được phát hành.');
    expect(world.mail.sent[0]!.text).toContain('Báo cáo của kỳ chưa được lập.');
    expect((await dailyDuties(world.ports, '2023-06-06T00:00:00Z')).deadlines[0]!.notified).toBe(0);

    const issued = await reportWorld({ now: '2023-06-01T00:00:05.000Z', profiles: [early()], leaders: { SKHCN: [LEADER] } });
    const h1 = { agencyId: 'SKHCN', periodId: '2023-H1', version: 1 };
    await renderReport(issued.ports, { ...h1, trigger: 'staff' });
    await submitReport(issued.ports, { ...h1, by: 'staff-1' });
    await signAndIssue(issued.ports, h1, { number: '1015/BC-SKHCN', issuedOn: '2023-06-01' });
    const before = issued.mail.tries.length;
    issued.clock.set('2023-06-06T00:00:05.000Z');
    expect((await dailyDuties(issued.ports, '2023-06-06T00:00:00Z')).deadlines).toEqual([{ agencyId: 'SKHCN', periodId: '2023-H1', duty: 'overdue', deadline: '2023-06-05', notified: 0, failed: 0 }]);
    expect(issued.mail.tries.slice(before)).toEqual([]);
  });

  it('does nothing on a day without a duty or a failed delivery', async () => {
    const world = await reportWorld({ now: '2023-06-15T00:00:05.000Z', profiles: [early(), snv] });
    expect(await dailyDuties(world.ports, CLOSING_15_6)).toEqual(noDuties);
    expect(world.files.objects.size).toBe(0);
    expect(world.mail.tries).toEqual([]);
  });
});

describe('a render worker', () => {
  const task = { runId: '2023-06-15T00:00:00.000Z', agencyId: 'SNV', periodId: '2023-H1' };
  const outcome = { version: 1, created: true, notified: 1, failed: 0 };

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
