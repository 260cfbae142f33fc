// The leaders' addresses from a fixed directory (the LEADER_DIRECTORY setting): local mode and,
// until a Cognito adapter (ListUsersInGroup cchc-leader, filtered by custom:agencyId) replaces it,
// the deployed stages too.
import * as z from 'zod';
import type { LeaderDirectory } from '#domain/report-ports.ts';

const directory = z.record(z.string(), z.array(z.email()));

/** `json` is {"<agencyId>": ["leader@…"]}; none means no leader is reminded, only the office. */
export function fixedLeaderDirectory(json: string | undefined): LeaderDirectory {
  const byAgency = json === undefined ? {} : directory.parse(JSON.parse(json));
  return { leaderEmails: async (agencyId) => [...(byAgency[agencyId] ?? [])] };
}
