// Who may do what (CONTRACT §5): five roles, and the agency a caller acts for.
import { Forbidden } from './errors.ts';

export const ROLES = ['staff', 'leader', 'clerk', 'province', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Every role that may read an agency's data. */
export const READERS = [...ROLES] as const;
/** The roles that write an agency's working data (narrative, uploads, drafts). */
export const WRITERS = ['staff', 'leader', 'admin'] as const satisfies readonly Role[];
/** The roles that read across agencies: the province's roll-up and submissions (CONTRACT §8). */
export const PROVINCE = ['province', 'admin'] as const satisfies readonly Role[];
/**
 * The roles that read the agencies' issued paragraphs for the province's own report (CONTRACT §8):
 * the province and admin, and the staff and leaders of the province's agency (Sở Nội vụ's officers
 * drafting it) — the use case checks that part.
 */
export const EXCERPT_READERS = ['province', 'admin', 'staff', 'leader'] as const satisfies readonly Role[];
/** The roles that decide for the agency (its profile and recipients; return and sign). */
export const LEADERS = ['leader', 'admin'] as const satisfies readonly Role[];
/**
 * The roles that issue what a leader signed (number, date, the agency's signature): the văn thư, and
 * a leader of an agency whose profile names no clerk — the issue use case checks that part.
 */
export const ISSUERS = ['clerk', 'leader', 'admin'] as const satisfies readonly Role[];

export interface Caller {
  /** who, for the audit trail: the token's subject */
  id: string;
  role: Role;
  /** the own agency of staff, leaders and clerks; province and admin act for every agency */
  agencyId?: string;
  /** the person's full name (Cognito `name`): printed under a leader's signature, never typed in */
  name?: string;
}

/** Refuses, naming why, a caller whose role is not among `roles` or who acts for another agency. */
export function authorize(caller: Caller, roles: readonly Role[], agencyId: string | undefined): void {
  if (!roles.includes(caller.role)) {
    throw new Forbidden(`The ${caller.role} role may not use this route`, [{ path: '(route)', message: `for ${roles.join(', ')} only` }]);
  }
  const everyAgency = caller.role === 'admin' || caller.role === 'province';
  if (agencyId !== undefined && !everyAgency && caller.agencyId !== agencyId) {
    throw new Forbidden(`This account may not act for agency ${agencyId}`, [{ path: 'path.agencyId', message: 'not your agency' }]);
  }
}

/** The Cognito group of each role but staff (a user in none of them is staff): CONTRACT §5. */
export const ROLE_GROUPS = { admin: 'cchc-admin', province: 'cchc-province', leader: 'cchc-leader', clerk: 'cchc-clerk' } as const satisfies Partial<Record<Role, string>>;
/** The Cognito custom attribute naming the one agency a staff member, leader or clerk works for. */
export const AGENCY_CLAIM = 'custom:agencyId';

/** `cognito:groups` as API Gateway passes it (a JSON array, "[a b]", or a single name) or as the ID token holds it (an array). */
function groupsOf(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.map(String);
  if (typeof claim !== 'string') return [];
  const text = claim.trim();
  if (text.startsWith('[')) {
    try {
      return (JSON.parse(text) as unknown[]).map(String);
    } catch {
      return text.slice(1, -1).split(/[\s,]+/).filter(Boolean);
    }
  }
  return text ? [text] : [];
}

/**
 * Who an ID token's claims stand for: the highest role of their groups (the API and the staff
 * console read it alike). A leader who is also in the clerk group is a leader: signing is the
 * stronger power, and Decree 30 keeps the two steps with different people anyway.
 */
export function callerFromClaims(claims: Record<string, unknown>): Caller {
  const groups = groupsOf(claims['cognito:groups']);
  const role = (['admin', 'province', 'leader', 'clerk'] as const).find((r) => groups.includes(ROLE_GROUPS[r])) ?? 'staff';
  const agency = claims[AGENCY_CLAIM];
  const name = typeof claims.name === 'string' ? claims.name.normalize('NFC').trim() : '';
  return {
    id: String(claims.sub ?? claims['cognito:username'] ?? 'unknown'),
    role,
    ...(typeof agency === 'string' && agency ? { agencyId: agency } : {}),
    ...(name ? { name } : {}),
  };
}
