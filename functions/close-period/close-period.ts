// Use case: at a period close, render and deliver the report of every period that just closed,
// for every agency that reports on that kind of period.
import { localDate, periodsClosingOn } from '#domain/periods.ts';
import { log } from '#adapters/log.ts';
import { renderReport, type DeliveryPolicy, type RenderOutcome, type ReportPorts } from '#functions/reports/render-report.ts';

type ClosedAgencyPeriod = { agencyId: string; periodId: string; version: number; created: boolean; sent: number; failed: number };

export interface ClosingRun {
  periods: string[];
  rendered: ClosedAgencyPeriod[];
  errors: Array<{ agencyId: string; periodId: string; error: string }>;
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

/** The schedule passes the instant it was due; the periods follow from its local date (15/3, 15/6, 15/9, 15/12). */
export async function closePeriods(ports: ReportPorts, scheduledTime: string, policy?: DeliveryPolicy): Promise<ClosingRun> {
  const periods = periodsClosingOn(localDate(Date.parse(scheduledTime)));
  const run: ClosingRun = { periods: periods.map((p) => p.id), rendered: [], errors: [] };
  if (periods.length === 0) return run;
  const profiles = await ports.profiles.listProfiles();
  for (const profile of profiles) {
    for (const period of periods.filter((p) => profile.periodKinds.includes(p.kind))) {
      try {
        run.rendered.push(await closeAgencyPeriod(ports, profile.agencyId, period.id, policy));
      } catch (error) {
        // One agency's failure must not keep the others' reports back; the run fails at the end so the scheduler retries.
        log.error('closing render failed', { agencyId: profile.agencyId, periodId: period.id, error: String(error) });
        run.errors.push({ agencyId: profile.agencyId, periodId: period.id, error: String(error) });
      }
    }
  }
  return run;
}
