// What a use case can refuse, in the domain's words. The HTTP edge maps each to its status
// (shared/adapters/http.ts); a scheduled run or a queue consumer sees the same error, not a "409".

/** One bad input, by where it is (`events[3].data.dueAt`, `path.agencyId`) and what is wrong with it. */
export interface Problem {
  path: string;
  message: string;
}

export abstract class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: Problem[] = [],
  ) {
    super(message);
    // Logs and String(error) name the refusal ("Conflict: …"), not "Error: …".
    this.name = new.target.name;
  }
}

/** The thing asked for does not exist (for this agency). */
export class NotFound extends DomainError {
  constructor(message: string, details: Problem[] = []) {
    super('not_found', message, details);
  }
}

/** The request is valid but the state of things refuses it now (no profile yet, a concurrent write). */
export class Conflict extends DomainError {}

/** The input breaks a rule a schema cannot state (e.g. the body names another agency than the path). */
export class Invalid extends DomainError {
  constructor(message: string, details: Problem[]) {
    super('validation_failed', message, details);
  }
}

/** The caller may not do this: another agency's data, or a role without this action. */
export class Forbidden extends DomainError {
  constructor(message: string, details: Problem[] = []) {
    super('forbidden', message, details);
  }
}

/** The caller could not be told apart from anyone (a missing or wrong signature). */
export class Unauthenticated extends DomainError {}
