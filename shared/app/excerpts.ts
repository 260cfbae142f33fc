// Use case: the paragraphs of one section that the province's narrative may take in (CONTRACT §8):
// from every agency's latest issued report of the period, as the report was issued (the narrative
// stored beside its files at the issue), never a draft's, submitted or signed version's text.
import pMap from 'p-map';
import type { Caller } from '#domain/access.ts';
import { Forbidden } from '#domain/errors.ts';
import { excerptsOf, type Excerpt } from '#domain/excerpts.ts';
import type { AgencyProfile } from '#domain/profile.ts';
import type { ProfileStore, ReportFiles, ReportVersionStore } from '#domain/report-ports.ts';
import type { SectionKey } from '#domain/sections.ts';
import { narrativeKey } from '#adapters/object-keys.ts';

export interface ExcerptPorts {
  profiles: Pick<ProfileStore, 'getProfile' | 'listProfiles'>;
  versions: Pick<ReportVersionStore, 'listVersions'>;
  files: Pick<ReportFiles, 'get'>;
}

/** Agencies read at once: enough to hide the store's latency, few enough not to be throttled. */
const READS_IN_FLIGHT = 16;

/**
 * Staff and leaders read the excerpts only as officers of the province's agency (Sở Nội vụ for UBND
 * tỉnh): the route's agency check, run by the edge before it reads the query (a refusal is a 403 first).
 */
export async function checkProvinceOfficer(ports: Pick<ExcerptPorts, 'profiles'>, caller: Caller): Promise<void> {
  if (caller.role === 'province' || caller.role === 'admin') return;
  const own = caller.agencyId === undefined ? undefined : await ports.profiles.getProfile(caller.agencyId);
  if (own?.level !== 'province') {
    throw new Forbidden("Only the province's officers may read the agencies' excerpts", [{ path: '(route)', message: "for the staff and leaders of the agency whose profile has level province" }]);
  }
}

/** The sections an issued version was rendered from; none for a version issued before they were kept. */
async function issuedNarrative(ports: Pick<ExcerptPorts, 'files'>, ref: { agencyId: string; periodId: string; version: number }): Promise<Partial<Record<SectionKey, string[]>>> {
  try {
    return JSON.parse(new TextDecoder().decode(await ports.files.get(narrativeKey(ref)))) as Partial<Record<SectionKey, string[]>>;
  } catch (error) {
    // S3's (and the fakes') missing object: such a report offers no excerpts, anything else is a failure.
    if ((error as Error).name === 'NoSuchKey') return {};
    throw error;
  }
}

/** One entry per paragraph, in agencyId order; the province's own report is not among the sources. The caller passed checkProvinceOfficer. */
export async function excerpts(ports: ExcerptPorts, periodId: string, section: SectionKey): Promise<Excerpt[]> {
  const agencies = (await ports.profiles.listProfiles())
    .filter((p: AgencyProfile) => p.level !== 'province')
    .sort((a, b) => (a.agencyId < b.agencyId ? -1 : a.agencyId > b.agencyId ? 1 : 0));
  const each = await pMap(
    agencies,
    async (profile) => {
      const issued = (await ports.versions.listVersions(profile.agencyId, periodId)).filter((v) => v.state === 'issued' && v.issued).sort((a, b) => a.version - b.version).at(-1);
      if (!issued) return [];
      const sections = await issuedNarrative(ports, issued);
      return excerptsOf({ agencyId: profile.agencyId, name: profile.agencyName, number: issued.issued!.number }, section, sections[section]);
    },
    { concurrency: READS_IN_FLIGHT },
  );
  return each.flat();
}
