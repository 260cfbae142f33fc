// Use case: the province's roll-up and submissions board for one period (CONTRACT §8). The roll-up
// reads every agency's total items of the period by key (readAgencyTotals: a few agencies a
// request), the board one query of report versions per agency, a bounded number at a time; never
// a scan of dossiers.
import pMap from 'p-map';
import { agencyRow, provinceSummary, submissionOf, type ProvinceSummary, type Submission } from '#domain/rollup.ts';
import { agencyFigures, totalsToRead } from '#domain/figures.ts';
import type { FiguresStore } from '#domain/figures-ports.ts';
import { parsePeriodId } from '#domain/periods.ts';
import type { AgencyProfile } from '#domain/profile.ts';
import type { ProfileStore, ReportVersionStore } from '#domain/report-ports.ts';

export interface RollupPorts {
  figures: FiguresStore;
  profiles: Pick<ProfileStore, 'listProfiles'>;
  versions: Pick<ReportVersionStore, 'listVersions'>;
  now: () => Date;
}

/** Queries in flight at once: enough to hide the store's latency, few enough not to be throttled. */
const READS_IN_FLIGHT = 16;

const byAgencyId = (profiles: AgencyProfile[]) => [...profiles].sort((a, b) => (a.agencyId < b.agencyId ? -1 : a.agencyId > b.agencyId ? 1 : 0));

/** Every agency with a profile, in agencyId order, with its figures of the period, and their sums. */
export async function rollup(ports: Pick<RollupPorts, 'figures' | 'profiles'>, periodId: string): Promise<ProvinceSummary> {
  const period = parsePeriodId(periodId);
  const profiles = byAgencyId(await ports.profiles.listProfiles());
  const totals = await ports.figures.readAgencyTotals(profiles.map((p) => p.agencyId), totalsToRead(period));
  return provinceSummary(period, profiles.map((profile) => agencyRow(profile, agencyFigures(period, totals.get(profile.agencyId)!))));
}

/**
 * Where each agency the province waits for stands: every agency with a profile but the province's
 * own (level `province`), whose report is the one compiled from theirs and owed to Bộ Nội vụ.
 */
export async function submissions(ports: Pick<RollupPorts, 'profiles' | 'versions' | 'now'>, periodId: string): Promise<Submission[]> {
  const period = parsePeriodId(periodId);
  const profiles = byAgencyId((await ports.profiles.listProfiles()).filter((p) => p.level !== 'province'));
  const now = ports.now();
  return pMap(profiles, async (profile) => submissionOf(profile, period, await ports.versions.listVersions(profile.agencyId, periodId), now), { concurrency: READS_IN_FLIGHT });
}
