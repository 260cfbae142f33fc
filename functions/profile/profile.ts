// Use cases: the agency profile the report is written from.
import { LATEST_AGENCY_DEADLINE_DAYS } from '#domain/deadlines.ts';
import type { AgencyProfile } from '#domain/profile.ts';
import { Invalid, NotFound } from '#domain/errors.ts';
import type { ProfileStore } from '#domain/report-ports.ts';

export interface ProfilePorts {
  profiles: ProfileStore;
  now: () => Date;
}

export async function getProfile(ports: ProfilePorts, agencyId: string): Promise<AgencyProfile> {
  const profile = await ports.profiles.getProfile(agencyId);
  if (!profile) throw new NotFound(`Agency ${agencyId} has no profile`);
  return profile;
}

/** Stores the profile of the agency the route names; a body naming another agency is refused. */
export async function putProfile(ports: ProfilePorts, agencyId: string, profile: AgencyProfile): Promise<AgencyProfile> {
  if (profile.agencyId !== agencyId) {
    throw new Invalid('agencyId in the body differs from the path', [{ path: 'agencyId', message: `must be ${agencyId}` }]);
  }
  // The province compiles its report from the agencies' (CONTRACT §8): theirs fall due before its own, the 20th.
  const late = profile.level === 'province' ? [] : Object.entries(profile.deadlines).filter(([, days]) => days > LATEST_AGENCY_DEADLINE_DAYS);
  if (late.length > 0) {
    throw new Invalid("An agency's report must fall due before the province's (the 20th of the period's last month)", late.map(([kind]) => ({ path: `deadlines.${kind}`, message: `must be at most ${LATEST_AGENCY_DEADLINE_DAYS} days after the period's last date` })));
  }
  await ports.profiles.putProfile(profile, ports.now().toISOString());
  return profile;
}
