// Who may do what (CONTRACT §5): four roles, and the agency a caller acts for.
import { Forbidden } from './errors.ts';

export const ROLES = ['staff', 'leader', 'province', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Every role that may read an agency's data. */
export const READERS = [...ROLES] as const;
/** The roles that write an agency's working data (narrative, uploads, drafts). */
export const WRITERS = ['staff', 'leader', 'admin'] as const satisfies readonly Role[];
/** The roles that read across agencies: the province's roll-up and submissions (CONTRACT §8). */
export const PROVINCE = ['province', 'admin'] as const satisfies readonly Role[];
/** The roles that decide for the agency (its profile and recipients; return and issue). */
export const LEADERS = ['leader', 'admin'] as const satisfies readonly Role[];

export interface Caller {
  /** who, for the audit trail: the token's subject */
  id: string;
  role: Role;
  /** the own agency of staff and leaders; province and admin act for every agency */
  agencyId?: string;
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
