// The review of a report version (CONTRACT §6, Decree 30/2020): the office drafts, a leader
// reviews and issues. Pure: which transitions a state allows, and the version after one.
import { Conflict } from './errors.ts';
import type { ReportState, ReportTransition, ReportVersion } from './report-version.ts';

export type ReportAction = 'submit' | 'return' | 'issue';

/**
 * The states each action leaves from, and where it leads. A returned version may be submitted
 * again as it is (the leader's comment may need no change of data); changed data makes a new draft.
 */
const TRANSITIONS: Record<ReportAction, { from: readonly ReportState[]; to: ReportState }> = {
  submit: { from: ['draft', 'returned'], to: 'submitted' },
  return: { from: ['submitted'], to: 'returned' },
  issue: { from: ['submitted'], to: 'issued' },
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
  changes: Partial<Pick<ReportVersion, 'issued'>> = {},
): ReportVersion {
  const state = nextState(report, action);
  const entry: ReportTransition = { state, at: who.at, by: who.by, ...(who.comment === undefined ? {} : { comment: who.comment }) };
  return { ...report, ...changes, state, history: [...report.history, entry] };
}

/** A later version is an amendment (báo cáo bổ sung) once an earlier version of the period was issued. */
export const isAmendment = (earlier: readonly Pick<ReportVersion, 'state'>[]): boolean => earlier.some((v) => v.state === 'issued');
