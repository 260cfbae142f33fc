// Use case: at a period close, render and deliver the report of every period that just closed,
// for every agency that reports on that kind of period — fanned out, one queued task per agency-period.
import { closeRunId, type CloseRunStore, type CloseTaskRecord } from '#domain/close-run.ts';
import type { EventQueue } from '#domain/event-ports.ts';
import { localDate, periodsClosingOn } from '#domain/periods.ts';
import { renderReport, type DeliveryPolicy, type RenderOutcome, type ReportPorts } from '#functions/reports/render-report.ts';

type ClosedAgencyPeriod = { agencyId: string; periodId: string; version: number; created: boolean; sent: number; failed: number };

export interface ClosingRun {
  periods: string[];
  rendered: ClosedAgencyPeriod[];
  /** failing, retried by the queue; parked once the retries are spent (the message is in the DLQ) */
  errors: Array<{ agencyId: string; periodId: string; error: string; parked: boolean }>;
  /** queued or being rendered (in AWS the answer comes before the workers are done) */
  pending: Array<{ agencyId: string; periodId: string }>;
}

/** What the close does for one agency and one period that just closed. */
export async function closeAgencyPeriod(ports: ReportPorts, agencyId: string, periodId: string, policy?: DeliveryPolicy): Promise<ClosedAgencyPeriod> {
  const outcome: RenderOutcome = await renderReport(ports, { agencyId, periodId, trigger: 'schedule', deliver: true }, policy);
  return {
    agencyId,
    periodId,
    version: outcome.report.version,
    created: outcome.created,
    sent: outcome.deliveries.filter((d) => d.status === 'sent').length,
    failed: outcome.deliveries.filter((d) => d.status === 'failed').length,
  };
}

/** What the schedule's invocation needs: the agencies, the close-run record and the queue of the render workers. */
export interface ClosePorts {
  profiles: Pick<ReportPorts['profiles'], 'listProfiles'>;
  closeRuns: CloseRunStore;
  /** one message per agency-period task; resolves once the queue took them (locally: once they are done) */
  closeQueue: EventQueue;
  now: () => Date;
}

/**
 * The schedule passes the instant it was due; the periods follow from its local date (15/3, 15/6,
 * 15/9, 15/12). Each agency-period becomes a task of the run's record and a message to the render
 * workers (functions/close-render); a task already rendered — the schedule firing twice — is not
 * queued again. The answer is the record as it stands once the messages are queued.
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
