// Where the leaders' addresses come from, for the deadline reminders: in AWS the staff user pool's
// `cchc-leader` group (each user's `custom:agencyId` names the agency, CONTRACT §5); in local mode a
// fixed directory (the LEADER_DIRECTORY setting).
import { ListUsersInGroupCommand, type CognitoIdentityProviderClient, type UserType } from '@aws-sdk/client-cognito-identity-provider';
import * as z from 'zod';
import { AGENCY_CLAIM, ROLE_GROUPS } from '#domain/access.ts';
import type { LeaderDirectory } from '#domain/report-ports.ts';

const directory = z.record(z.string(), z.array(z.email()));

/** `json` is {"<agencyId>": ["leader@…"]}; none means no leader is reminded, only the office. */
export function fixedLeaderDirectory(json: string | undefined): LeaderDirectory {
  const byAgency = json === undefined ? {} : directory.parse(JSON.parse(json));
  return { leaderEmails: async (agencyId) => [...(byAgency[agencyId] ?? [])] };
}

type ListUsersInGroup = Pick<CognitoIdentityProviderClient, 'send'>;

const attribute = (user: UserType, name: string) => user.Attributes?.find((a) => a.Name === name)?.Value;

/**
 * The enabled leaders of the agency with a verified e-mail address, sorted; every page of the
 * group is read (a province's pool holds the leaders of all its agencies).
 */
export function cognitoLeaderDirectory(cognito: ListUsersInGroup, userPoolId: string): LeaderDirectory {
  return {
    async leaderEmails(agencyId) {
      const emails = new Set<string>();
      let nextToken: string | undefined;
      do {
        const page = await cognito.send(new ListUsersInGroupCommand({ UserPoolId: userPoolId, GroupName: ROLE_GROUPS.leader, NextToken: nextToken }));
        for (const user of page.Users ?? []) {
          const email = attribute(user, 'email');
          if (user.Enabled === false || attribute(user, AGENCY_CLAIM) !== agencyId || attribute(user, 'email_verified') !== 'true' || !email) continue;
          emails.add(email.toLowerCase());
        }
        nextToken = page.NextToken;
      } while (nextToken);
      return [...emails].sort();
    },
  };
}
