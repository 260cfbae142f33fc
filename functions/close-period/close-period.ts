// Use case: the daily run. At a period close it renders the draft of every period that just closed,
// for every agency that reports on that kind of period, and tells the office; before a deadline it
// renders a provisional draft or reminds the office and leaders (shared/domain/deadlines.ts); and it
// sends again the issued reports whose mail to a recipient failed.
// Nothing goes to the recipients: only a leader's issue does that (functions/reports/review-report.ts).
import { dutiesOn } from '#domain/deadlines.ts';
import { localDate, periodsClosingOn } from '#domain/periods.ts';
import type { AgencyProfile } from '#domain/profile.ts';
import { log } from '#adapters/log.ts';
import { DELIVERY_POLICY, renderReport, requireProfile, type DeliveryPolicy, type ReportPorts } from '#functions/reports/render-report.ts';
import { deliverReport } from '#functions/reports/review-report.ts';
import { notifyOfficeOfDraft, remindOfDeadline } from './notices.ts';

type ClosedAgencyPeriod = { agencyId: string; periodId: string; version: number; created: boolean; notified: number; failed: number };
type Redelivered = { agencyId: string; periodId: string; version: number; sent: number; failed: number };
type DeadlineDone = { agencyId: string; periodId: string; duty: 'provisional-draft' | 'reminder'; deadline: string; version?: number; notified: number; failed: number };

export interface ClosingRun {
  periods: string[];
  rendered: ClosedAgencyPeriod[];
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

/** The schedule passes the instant it was due: the local date says which periods close (15/3, 15/6, 15/9, 15/12) and which deadlines come. */
export async function closePeriods(ports: ReportPorts, scheduledTime: string, policy: DeliveryPolicy = DELIVERY_POLICY): Promise<ClosingRun> {
  const date = localDate(Date.parse(scheduledTime));
  const periods = periodsClosingOn(date);
  const run: ClosingRun = { periods: periods.map((p) => p.id), rendered: [], deadlines: [], redelivered: [], errors: [] };
  const profiles = await ports.profiles.listProfiles();
  for (const at of await ports.deliveries.listFailedDeliveries()) {
    const profile = profiles.find((p) => p.agencyId === at.agencyId);
    const report = await ports.versions.getVersion(at.agencyId, at.periodId, at.version);
    if (!profile || !report) continue;
    await oneAgency(run, profile, at.periodId, async () => {
      const deliveries = await deliverReport(ports, report, profile, policy);
      run.redelivered.push({ ...at, sent: deliveries.filter((d) => d.status === 'sent').length, failed: deliveries.filter((d) => d.status === 'failed').length });
    });
  }
  for (const profile of profiles) {
    for (const period of periods.filter((p) => profile.periodKinds.includes(p.kind))) {
      await oneAgency(run, profile, period.id, async () => run.rendered.push(await closeAgencyPeriod(ports, profile.agencyId, period.id, policy)));
    }
    for (const duty of dutiesOn(profile, date)) {
      await oneAgency(run, profile, duty.period.id, async () => {
        const done = { agencyId: profile.agencyId, periodId: duty.period.id, duty: duty.duty, deadline: duty.deadline };
        if (duty.duty === 'reminder') {
          const notice = await remindOfDeadline(ports, profile, duty.period, duty.deadline, policy);
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

/** One agency's failure must not keep the others' drafts back; the run fails at the end so the scheduler retries. */
async function oneAgency(run: ClosingRun, profile: AgencyProfile, periodId: string, work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (error) {
    log.error('closing run failed for an agency', { agencyId: profile.agencyId, periodId, error: String(error) });
    run.errors.push({ agencyId: profile.agencyId, periodId, error: String(error) });
  }
}
