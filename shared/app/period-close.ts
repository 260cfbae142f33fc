// Use cases of the daily schedule. At a period close, every agency that reports on a period that just
// closed gets its draft rendered and its office told — fanned out, one queued task per agency-period
// (functions/close-render runs `closeAgencyPeriod`; functions/close-period the rest). Every day, before a deadline, a provisional draft
// or a reminder to the office and leaders, after it a notice of being overdue (shared/domain/deadlines.ts),
// and the deliveries of issued reports that failed are queued again. Nothing goes to the recipients here: only a leader's
// issue does that (review-report.ts).
import { closeRunId, type CloseRunStore, type CloseTaskRecord } from '#domain/close-run.ts';
import { dutiesOn, type DeadlineDuty } from '#domain/deadlines.ts';
import type { EventQueue } from '#domain/event-ports.ts';
import { localDate, periodsClosingOn } from '#domain/periods.ts';
import type { AgencyProfile } from '#domain/profile.ts';
import type { DeliveryTask } from '#domain/delivery.ts';
import { log } from '#adapters/log.ts';
import { renderReport } from './render-report.ts';
import { DELIVERY_POLICY, requireProfile, type DeliveryPolicy, type ReportPorts } from './report-ports.ts';
import { requeueFailed } from './deliver.ts';
import { notifyOfficeOfDraft, remindOfDeadline } from './notices.ts';

type ClosedAgencyPeriod = { agencyId: string; periodId: string; version: number; created: boolean; notified: number; failed: number };
type Redelivered = DeliveryTask;
type DeadlineDone = { agencyId: string; periodId: string; duty: DeadlineDuty['duty']; deadline: string; version?: number; notified: number; failed: number };

export interface ClosingRun {
  periods: string[];
  rendered: ClosedAgencyPeriod[];
  /** failing, retried by the queue; parked once the retries are spent (the message is in the DLQ) */
  errors: Array<{ agencyId: string; periodId: string; error: string; parked: boolean }>;
  /** queued or being rendered (in AWS the answer comes before the workers are done) */
  pending: Array<{ agencyId: string; periodId: string }>;
}

export interface DailyDuties {
  deadlines: DeadlineDone[];
  redelivered: Redelivered[];
  errors: Array<{ agencyId: string; periodId: string; error: string }>;
}

/** Renders the period's draft (or finds the latest version unchanged) and tells the office, unless that version is issued already. */
async function draftForOffice(ports: ReportPorts, profile: AgencyProfile, periodId: string, deadline: string | undefined, policy: DeliveryPolicy) {
  const { report, created } = await renderReport(ports, { agencyId: profile.agencyId, periodId, trigger: 'schedule' });
  // The notice log keeps a retried run from telling twice.
  const notice = report.state === 'issued' ? { sent: 0, failed: 0 } : await notifyOfficeOfDraft(ports, profile, report, deadline, policy);
  return { version: report.version, created, notified: notice.sent, failed: notice.failed };
}

/** What the close does for one agency and one period that just closed: the draft, and a notice to the office. */
export async function closeAgencyPeriod(ports: ReportPorts, agencyId: string, periodId: string, policy: DeliveryPolicy = DELIVERY_POLICY): Promise<ClosedAgencyPeriod> {
  const profile = await requireProfile(ports, agencyId);
  return { agencyId, periodId, ...(await draftForOffice(ports, profile, periodId, undefined, policy)) };
}

/** What the schedule's close needs: the agencies, the close-run record and the queue of the render workers. */
export interface ClosePorts {
  profiles: Pick<ReportPorts['profiles'], 'listProfiles'>;
  closeRuns: CloseRunStore;
  /** one message per agency-period task; resolves once the queue took them (locally: once they are done) */
  closeQueue: EventQueue;
  now: () => Date;
}

/**
 * The schedule passes the instant it was due; the periods follow from its local date (the 15th).
 * Each agency-period becomes a task of the run's record and a message to the render workers
 * (functions/close-render); a task already rendered — the schedule firing twice — is not queued
 * again. The answer is the record as it stands once the messages are queued.
 */
export async function closePeriods(ports: ClosePorts, scheduledTime: string): Promise<ClosingRun> {
  const periods = periodsClosingOn(localDate(Date.parse(scheduledTime)));
  if (periods.length === 0) return { periods: [], rendered: [], errors: [], pending: [] };
  const runId = closeRunId(scheduledTime);
  const profiles = await ports.profiles.listProfiles();
  const tasks = profiles.flatMap((profile) => periods.filter((p) => profile.periodKinds.includes(p.kind)).map((p) => ({ agencyId: profile.agencyId, periodId: p.id })));
  const opened = await ports.closeRuns.openRun(runId, tasks, ports.now().toISOString());
  const toQueue = opened.filter((task) => task.state !== 'rendered');
  await ports.closeQueue.send(toQueue.map((task) => JSON.stringify({ runId, agencyId: task.agencyId, periodId: task.periodId })));
  return closingRun(
    periods.map((p) => p.id),
    await ports.closeRuns.listRun(runId),
  );
}

/** The answer of a run from its record, in the order of the periods, then the agencies. */
function closingRun(periods: string[], records: CloseTaskRecord[]): ClosingRun {
  const ordered = [...records].sort((a, b) => periods.indexOf(a.periodId) - periods.indexOf(b.periodId) || (a.agencyId < b.agencyId ? -1 : a.agencyId > b.agencyId ? 1 : 0));
  const run: ClosingRun = { periods, rendered: [], errors: [], pending: [] };
  for (const { agencyId, periodId, state, outcome, error } of ordered) {
    if (state === 'rendered') run.rendered.push({ agencyId, periodId, ...outcome! });
    else if (state === 'failed' || state === 'parked') run.errors.push({ agencyId, periodId, error: error ?? state, parked: state === 'parked' });
    else run.pending.push({ agencyId, periodId });
  }
  return run;
}

/** The day's deadline duties and the failed deliveries queued again; one agency's failure does not hold back the others. */
export async function dailyDuties(ports: ReportPorts, scheduledTime: string, policy: DeliveryPolicy = DELIVERY_POLICY): Promise<DailyDuties> {
  const date = localDate(Date.parse(scheduledTime));
  const run: DailyDuties = { deadlines: [], redelivered: [], errors: [] };
  const oneAgency = async (profile: AgencyProfile, periodId: string, work: () => Promise<unknown>): Promise<void> => {
    try {
      await work();
    } catch (error) {
      log.error('daily duty failed for an agency', { agencyId: profile.agencyId, periodId, error: String(error) });
      run.errors.push({ agencyId: profile.agencyId, periodId, error: String(error) });
    }
  };
  const profiles = await ports.profiles.listProfiles();
  // Queued for the delivery worker, which sends them with its retries (and the DLQ) as at the issue.
  run.redelivered.push(...(await requeueFailed(ports)));
  for (const profile of profiles) {
    for (const duty of dutiesOn(profile, date)) {
      await oneAgency(profile, duty.period.id, async () => {
        const done = { agencyId: profile.agencyId, periodId: duty.period.id, duty: duty.duty, deadline: duty.deadline };
        if (duty.duty !== 'provisional-draft') {
          const notice = await remindOfDeadline(ports, profile, duty.period, duty.deadline, policy, duty.duty);
          run.deadlines.push({ ...done, notified: notice.sent, failed: notice.failed });
          return;
        }
        const { version, notified, failed } = await draftForOffice(ports, profile, duty.period.id, duty.deadline, policy);
        run.deadlines.push({ ...done, version, notified, failed });
      });
    }
  }
  return run;
}
