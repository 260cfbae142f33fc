// The review of a report version (CONTRACT §6, Decree 30/2020): the office drafts, a leader
// reviews and signs, the clerk (văn thư) numbers, dates and issues. Pure: which transitions a state
// allows, the version after one, and the rules on who signs and issues and with which date.
import type { Caller } from './access.ts';
import { Conflict, Forbidden, Invalid } from './errors.ts';
import type { Period } from './periods.ts';
import type { AgencyProfile } from './profile.ts';
import type { MissingCitation, ReportSigner, ReportState, ReportTransition, ReportVersion } from './report-version.ts';

export type ReportAction = 'submit' | 'return' | 'sign' | 'issue';

/**
 * The states each action leaves from, and where it leads. A returned version may be submitted
 * again as it is (the leader's comment may need no change of data); changed data makes a new draft.
 */
const TRANSITIONS: Record<ReportAction, { from: readonly ReportState[]; to: ReportState }> = {
  submit: { from: ['draft', 'returned'], to: 'submitted' },
  return: { from: ['submitted'], to: 'returned' },
  sign: { from: ['submitted'], to: 'signed' },
  issue: { from: ['signed'], to: 'issued' },
};

/** The state the action leads to; Conflict(wrong_state) when the version is not in a state it leaves from. */
export function nextState(report: Pick<ReportVersion, 'version' | 'state'>, action: ReportAction): ReportState {
  const { from, to } = TRANSITIONS[action];
  if (!from.includes(report.state)) {
    throw new Conflict('wrong_state', `Version ${report.version} is ${report.state}; ${action} needs a version that is ${from.join(' or ')}`, [
      { path: 'path.version', message: `is ${report.state}` },
    ]);
  }
  return to;
}

/** The version after the action, its history one entry longer. */
export function applyTransition(
  report: ReportVersion,
  action: ReportAction,
  who: { by: string; at: string; comment?: string },
  changes: Partial<Pick<ReportVersion, 'signed' | 'issued'>> = {},
): ReportVersion {
  const state = nextState(report, action);
  const entry: ReportTransition = { state, at: who.at, by: who.by, ...(who.comment === undefined ? {} : { comment: who.comment }) };
  return { ...report, ...changes, state, history: [...report.history, entry] };
}

/** A later version is an amendment (báo cáo bổ sung) once an earlier version of the period was issued. */
export const isAmendment = (earlier: readonly Pick<ReportVersion, 'state'>[]): boolean => earlier.some((v) => v.state === 'issued');

/**
 * The leader who signs, as the document prints them: the profile's `signers` entry of the caller
 * gives the title (and the signature image); the name is the identity's own (Cognito `name`), else
 * the entry's. A caller the profile does not list may not sign for the agency (403).
 */
export function signerOf(profile: Pick<AgencyProfile, 'signers'>, caller: Pick<Caller, 'id' | 'name'>): ReportSigner & { signatureImage?: string } {
  const entry = profile.signers.find((s) => s.userId === caller.id);
  if (!entry) {
    throw new Forbidden(`${caller.id} is not among the signers of the agency's profile`, [{ path: '(caller)', message: 'not a signer of this agency (profile signers[].userId)' }]);
  }
  return { userId: entry.userId, name: caller.name ?? entry.name, title: entry.title, ...(entry.signatureImage ? { signatureImage: entry.signatureImage } : {}) };
}

/**
 * Who may issue (CONTRACT §6): the clerk; a leader only where the profile names no clerk (a small
 * agency whose leader numbers and issues himself); an administrator always.
 */
export function checkIssuer(profile: Pick<AgencyProfile, 'clerks'>, caller: Pick<Caller, 'role'>): void {
  if (caller.role === 'leader' && profile.clerks.length > 0) {
    throw new Forbidden('This agency has a clerk (văn thư): the clerk issues what a leader signed', [{ path: '(route)', message: 'for the clerk of an agency whose profile names clerks' }]);
  }
}

/**
 * The date line of an issued version (issue #23, 4): not before the period starts, not after today
 * (local), and an amendment not before the version it amends was issued.
 */
export function checkIssueDate(issuedOn: string, rules: { period: Pick<Period, 'from'>; today: string; amends?: Pick<ReportVersion, 'version' | 'issued'> }): void {
  const problem = (message: string) => new Invalid(`The date ${issuedOn} cannot be the report's date: it ${message}`, [{ path: 'issuedOn', message }]);
  if (issuedOn < rules.period.from) throw problem(`must not be before the period starts (${rules.period.from})`);
  if (issuedOn > rules.today) throw problem(`must not be after today (${rules.today})`);
  const earlier = rules.amends?.issued?.issuedOn;
  if (earlier !== undefined && issuedOn < earlier) throw problem(`must not be before version ${rules.amends!.version}, which it amends, was issued (${earlier})`);
}

/** The latest issued version before `version`: the one an amendment amends. */
export const amendedBy = (versions: readonly ReportVersion[], version: number): ReportVersion | undefined =>
  versions.filter((v) => v.version < version && v.state === 'issued').at(-1);

/** A number is unique per agency and year (CONTRACT §6): the year of its date line. */
export const numberYear = (issuedOn: string): number => Number(issuedOn.slice(0, 4));

/** Conflict(number_taken): the number was given to another issued report of the agency that year. */
export const numberTaken = (number: string, year: number) =>
  new Conflict('number_taken', `Số ${number} was already given to another report of the agency in ${year}`, [{ path: 'number', message: `already used in ${year}` }]);

/**
 * Submitting, signing or issuing refuses a version whose narrative cites a document no accepted
 * attachment matches (issue #23, 7): the signed report would lose the citation silently.
 */
export function checkCitations(missing: readonly MissingCitation[] | undefined, action: ReportAction): void {
  if (!missing?.length) return;
  throw new Conflict(
    'missing_citations',
    `The narrative cites ${missing.map((m) => m.number).join(', ')}, which no accepted attachment of the period matches: upload the documents or correct the citations, render again, then ${action}`,
    missing.map((m) => ({ path: `sections.${m.sectionKey}`, message: `{{cite:${m.number}}}: no accepted attachment` })),
  );
}
