// Use cases: the agency profile the report is written from.
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
  await ports.profiles.putProfile(profile, ports.now().toISOString());
  return profile;
}
