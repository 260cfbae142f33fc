// Use case: the province's roll-up and submissions board for one period (CONTRACT §8). Each agency
// costs one read of its counters for the period (readFigures) or of its report versions, never a
// scan of dossiers; the reads run side by side, a bounded number at a time.
import { agencyRow, provinceSummary, submissionOf, type AgencyRow, type ProvinceSummary, type Submission } from '#domain/rollup.ts';
import type { FiguresStore } from '#domain/figures-ports.ts';
import { parsePeriodId } from '#domain/periods.ts';
import type { AgencyProfile } from '#domain/profile.ts';
import type { ProfileStore, ReportVersionStore } from '#domain/report-ports.ts';
import { readFigures } from '#functions/summary/summary.ts';

export interface RollupPorts {
  figures: FiguresStore;
  profiles: Pick<ProfileStore, 'listProfiles'>;
  versions: Pick<ReportVersionStore, 'listVersions'>;
  now: () => Date;
}

/** Reads in flight at once: enough to hide the store's latency, few enough not to be throttled. */
const READS_IN_FLIGHT = 16;

/** `each` over `items`, at most `limit` at a time, the answers in the items' order. */
async function mapBounded<T, R>(items: readonly T[], limit: number, each: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await each(items[i]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

const byAgencyId = (profiles: AgencyProfile[]) => [...profiles].sort((a, b) => (a.agencyId < b.agencyId ? -1 : a.agencyId > b.agencyId ? 1 : 0));

/** Every agency with a profile, in agencyId order, with its figures of the period. */
async function agencyRows(ports: Pick<RollupPorts, 'figures' | 'profiles'>, periodId: string): Promise<AgencyRow[]> {
  const profiles = byAgencyId(await ports.profiles.listProfiles());
  return mapBounded(profiles, READS_IN_FLIGHT, async (profile) => agencyRow(profile, await readFigures(ports.figures, profile.agencyId, periodId)));
}

export async function rollup(ports: Pick<RollupPorts, 'figures' | 'profiles'>, periodId: string): Promise<ProvinceSummary> {
  return provinceSummary(parsePeriodId(periodId), await agencyRows(ports, periodId));
}

export async function submissions(ports: Pick<RollupPorts, 'profiles' | 'versions' | 'now'>, periodId: string): Promise<Submission[]> {
  const period = parsePeriodId(periodId);
  const profiles = byAgencyId(await ports.profiles.listProfiles());
  const now = ports.now();
  return mapBounded(profiles, READS_IN_FLIGHT, async (profile) => submissionOf(profile, period, await ports.versions.listVersions(profile.agencyId, periodId), now));
}
