// The review's pure rules: which transitions each state allows, what one adds to the history, when
// a version is an amendment; the deadlines and what the daily run owes on a date; the salutation.
import { describe, expect, it } from 'vitest';
import { Conflict } from '#domain/errors.ts';
import { deadlineOf, dutiesOn, workingDaysBefore } from '#domain/deadlines.ts';
import { parsePeriodId } from '#domain/periods.ts';
import { REPORT_STATES, type ReportState, type ReportVersion } from '#domain/report-version.ts';
import { applyTransition, isAmendment, nextState, type ReportAction } from '#domain/report-workflow.ts';
import { periodName } from '#domain/report/period-wording.ts';
import { salutationOf } from '#app/mail.ts';

const version = (state: ReportState): ReportVersion => ({
  agencyId: 'SKHCN',
  periodId: '2023-H1',
  version: 3,
  inputHash: 'i',
  figuresHash: 'f',
  provisional: false,
  amendment: false,
  issuedOn: '2023-06-15',
  title: 'Báo cáo',
  files: { docx: { key: 'd', sha256: 'd', size: 1 }, pdf: { key: 'p', sha256: 'p', size: 1 } },
  createdAt: '2023-06-15T00:00:00.000Z',
  trigger: 'schedule',
  state,
  history: [{ state: 'draft', at: '2023-06-15T00:00:00.000Z', by: 'schedule' }],
});

describe('nextState', () => {
  const allowed: Record<ReportAction, Partial<Record<ReportState, ReportState>>> = {
    submit: { draft: 'submitted', returned: 'submitted' },
    return: { submitted: 'returned' },
    issue: { submitted: 'issued' },
  };
  for (const action of ['submit', 'return', 'issue'] as const) {
    for (const state of REPORT_STATES) {
      const to = allowed[action][state];
      it(`${action} from ${state}: ${to ?? 'Conflict(wrong_state)'}`, () => {
        if (to) expect(nextState(version(state), action)).toBe(to);
        else {
          const error = (() => {
            try {
              nextState(version(state), action);
            } catch (e) {
              return e;
            }
          })();
          expect(error).toBeInstanceOf(Conflict);
          expect(error).toMatchObject({ code: 'wrong_state', details: [{ path: 'path.version', message: `is ${state}` }] });
        }
      });
    }
  }
});

describe('applyTransition', () => {
  it('moves the state and appends who, when and the comment to the history, leaving the rest', () => {
    const before = version('submitted');
    const after = applyTransition(before, 'return', { by: 'leader-1', at: '2023-06-16T01:00:00.000Z', comment: 'Bổ sung số liệu mục II.2' });
    expect(after).toEqual({
      ...before,
      state: 'returned',
      history: [...before.history, { state: 'returned', at: '2023-06-16T01:00:00.000Z', by: 'leader-1', comment: 'Bổ sung số liệu mục II.2' }],
    });
    expect(before.state).toBe('submitted');
    expect(applyTransition(before, 'issue', { by: 'l', at: 't' }).history.at(-1)).toEqual({ state: 'issued', at: 't', by: 'l' });
  });
});

describe('isAmendment', () => {
  it('is true only once an earlier version was issued', () => {
    expect(isAmendment([])).toBe(false);
    expect(isAmendment([version('draft'), version('returned'), version('submitted')])).toBe(false);
    expect(isAmendment([version('issued'), version('draft')])).toBe(true);
  });
});

describe('deadlines', () => {
  const h1 = parsePeriodId('2023-H1');
  it('counts Monday to Friday as working days', () => {
    // Monday 05/6/2023: three working days before is Wednesday 31/5, one is Friday 02/6
    expect(workingDaysBefore('2023-06-05', 3)).toBe('2023-05-31');
    expect(workingDaysBefore('2023-06-05', 1)).toBe('2023-06-02');
    expect(workingDaysBefore('2023-06-07', 1)).toBe('2023-06-06');
  });

  it('puts the deadline at the last date plus the profile days of the kind, and none for a kind without an entry', () => {
    expect(deadlineOf({ deadlines: { H: -9 } }, h1)).toBe('2023-06-05');
    expect(deadlineOf({ deadlines: { H: 0 } }, h1)).toBe('2023-06-14');
    expect(deadlineOf({ deadlines: { Q: 5 } }, h1)).toBeUndefined();
  });

  it('owes a provisional draft 3 working days before a deadline before the close, and a reminder the working day before', () => {
    const profile = { periodKinds: ['H'] as const, deadlines: { H: -9 } };
    const owed = (date: string) => dutiesOn({ ...profile, periodKinds: [...profile.periodKinds] }, date).map((d) => [d.duty, d.period.id, d.deadline]);
    expect(owed('2023-05-30')).toEqual([]);
    expect(owed('2023-05-31')).toEqual([['provisional-draft', '2023-H1', '2023-06-05']]);
    expect(owed('2023-06-02')).toEqual([['reminder', '2023-H1', '2023-06-05']]);
    expect(owed('2023-06-05')).toEqual([]);
  });

  it('owes only the reminder when the deadline falls after the close, and nothing for kinds the agency does not report', () => {
    // Q2 ends 14/6/2023; due 5 days later, Monday 19/6: the close drafts it, the reminder is Friday 16/6
    expect(dutiesOn({ periodKinds: ['Q'], deadlines: { Q: 5 } }, '2023-06-16').map((d) => [d.duty, d.period.id])).toEqual([['reminder', '2023-Q2']]);
    expect(dutiesOn({ periodKinds: ['Q'], deadlines: { Q: 5 } }, '2023-06-13')).toEqual([]);
    expect(dutiesOn({ periodKinds: ['FY'], deadlines: { H: -9 } }, '2023-05-31')).toEqual([]);
    // H reported but no H deadline: nothing before the close, whatever the day
    for (const date of ['2023-06-08', '2023-06-09', '2023-06-13']) expect(dutiesOn({ periodKinds: ['H'], deadlines: {} }, date)).toEqual([]);
  });
});

describe('text a person reads', () => {
  it('addresses a recipient without the "(báo cáo)" note', () => {
    expect(salutationOf('UBND tỉnh (báo cáo)')).toBe('UBND tỉnh');
    expect(salutationOf('- Sở Nội vụ;')).toBe('Sở Nội vụ');
  });
  it('names a period in words, never by its id', () => {
    expect(periodName(parsePeriodId('2023-H1'))).toBe('6 tháng đầu năm 2023');
    expect(periodName(parsePeriodId('2023-Q1'))).toBe('quý I năm 2023');
    expect(periodName(parsePeriodId('2023-FY'))).toBe('năm 2023');
  });
});
