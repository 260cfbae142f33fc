// Use case: the daily run. At a period close it renders the draft of every period that just closed,
// for every agency that reports on that kind of period, and tells the office; before a deadline it
// renders a provisional draft or reminds the office and leaders (shared/domain/deadlines.ts).
// Nothing goes to the recipients: only a leader's issue does that (functions/reports/review-report.ts).
import { dutiesOn } from '#domain/deadlines.ts';
import { localDate, periodsClosingOn } from '#domain/periods.ts';
import type { AgencyProfile } from '#domain/profile.ts';
import { log } from '#adapters/log.ts';
import { DELIVERY_POLICY, renderReport, requireProfile, type DeliveryPolicy, type ReportPorts } from '#functions/reports/render-report.ts';
import { notifyOfficeOfDraft, remindOfDeadline } from './notices.ts';

type ClosedAgencyPeriod = { agencyId: string; periodId: string; version: number; created: boolean; notified: number; failed: number };
type DeadlineDone = { agencyId: string; periodId: string; duty: 'provisional-draft' | 'reminder'; deadline: string; version?: number; notified: number; failed: number };

export interface ClosingRun {
  periods: string[];
  rendered: ClosedAgencyPeriod[];
  deadlines: DeadlineDone[];
  errors: Array<{ agencyId: string; periodId: string; error: string }>;
}

/** What the close does for one agency and one period that just closed: the draft, and a notice to the office. */
export async function closeAgencyPeriod(ports: ReportPorts, agencyId: string, periodId: string, policy: DeliveryPolicy = DELIVERY_POLICY): Promise<ClosedAgencyPeriod> {
  const profile = await requireProfile(ports, agencyId);
  const { report, created } = await renderReport(ports, { agencyId, periodId, trigger: 'schedule' });
  // An issued version needs no review; the notice log keeps a retried run from telling twice.
  const notice = report.state === 'issued' ? { sent: 0, failed: 0 } : await notifyOfficeOfDraft(ports, profile, report, undefined, policy);
  return { agencyId, periodId, version: report.version, created, notified: notice.sent, failed: notice.failed };
}

/** The schedule passes the instant it was due: the local date says which periods close (15/3, 15/6, 15/9, 15/12) and which deadlines come. */
export async function closePeriods(ports: ReportPorts, scheduledTime: string, policy?: DeliveryPolicy): Promise<ClosingRun> {
  const date = localDate(Date.parse(scheduledTime));
  const periods = periodsClosingOn(date);
  const run: ClosingRun = { periods: periods.map((p) => p.id), rendered: [], deadlines: [], errors: [] };
  const profiles = await ports.profiles.listProfiles();
  for (const profile of profiles) {
    for (const period of periods.filter((p) => profile.periodKinds.includes(p.kind))) {
      await oneAgency(run, profile, period.id, async () => run.rendered.push(await closeAgencyPeriod(ports, profile.agencyId, period.id, policy)));
    }
    for (const duty of dutiesOn(profile, date)) {
      await oneAgency(run, profile, duty.period.id, async () => {
        const done = { agencyId: profile.agencyId, periodId: duty.period.id, duty: duty.duty, deadline: duty.deadline };
        if (duty.duty === 'reminder') {
          const notice = await remindOfDeadline(ports, profile, duty.period, duty.deadline, policy ?? DELIVERY_POLICY);
          run.deadlines.push({ ...done, notified: notice.sent, failed: notice.failed });
          return;
        }
        const { report } = await renderReport(ports, { agencyId: profile.agencyId, periodId: duty.period.id, trigger: 'schedule' });
        const notice = report.state === 'issued' ? { sent: 0, failed: 0 } : await notifyOfficeOfDraft(ports, profile, report, duty.deadline, policy ?? DELIVERY_POLICY);
        run.deadlines.push({ ...done, version: report.version, notified: notice.sent, failed: notice.failed });
      });
    }
  }
  return run;
}

/** One agency's failure must not keep the others' drafts back; the run fails at the end so the scheduler retries. */
async function oneAgency(run: ClosingRun, profile: AgencyProfile, periodId: string, work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (error) {
    log.error('closing run failed for an agency', { agencyId: profile.agencyId, periodId, error: String(error) });
    run.errors.push({ agencyId: profile.agencyId, periodId, error: String(error) });
  }
}
