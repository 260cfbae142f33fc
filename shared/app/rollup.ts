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
import type { ReportVersion } from '#domain/report-version.ts';
import type { ProvinceAgency } from '#domain/report/province.ts';
import { readFigures } from './figures.ts';

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

/** Where one agency stands for the period, and its latest issued version of it. */
export interface Standing {
  profile: AgencyProfile;
  submission: Submission;
  issued: ReportVersion | undefined;
}

/**
 * Every agency the province waits for, in agencyId order — all with a profile but the province's own
 * (level `province`), whose report is the one compiled from theirs: its submission and its latest
 * issued report of the period.
 */
export async function standings(ports: Pick<RollupPorts, 'profiles' | 'versions' | 'now'>, periodId: string): Promise<Standing[]> {
  const period = parsePeriodId(periodId);
  const profiles = byAgencyId((await ports.profiles.listProfiles()).filter((p) => p.level !== 'province'));
  const now = ports.now();
  return pMap(
    profiles,
    async (profile) => {
      const versions = await ports.versions.listVersions(profile.agencyId, periodId);
      const issued = versions.filter((v) => v.state === 'issued').sort((a, b) => a.version - b.version).at(-1);
      return { profile, submission: submissionOf(profile, period, versions, now), issued };
    },
    { concurrency: READS_IN_FLIGHT },
  );
}

export async function submissions(ports: Pick<RollupPorts, 'profiles' | 'versions' | 'now'>, periodId: string): Promise<Submission[]> {
  return (await standings(ports, periodId)).map((s) => s.submission);
}

/**
 * Every agency with a profile (the province's own included), in agencyId order, with its figures of
 * the period by field: the summary's figures of each, read from the same counters (the province's
 * report adds them up, and prints form 06 by level and field from them).
 */
export async function agenciesFigures(ports: Pick<RollupPorts, 'figures' | 'profiles'>, periodId: string): Promise<ProvinceAgency[]> {
  const profiles = byAgencyId(await ports.profiles.listProfiles());
  return pMap(
    profiles,
    async (profile) => {
      const { fields, ...figures } = await readFigures(ports.figures, profile.agencyId, periodId);
      return { ...agencyRow(profile, figures), fields };
    },
    { concurrency: READS_IN_FLIGHT },
  );
}
