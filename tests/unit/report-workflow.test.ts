// The review's pure rules: which transitions each state allows, what one adds to the history, when
// a version is an amendment; the deadlines and what the daily run owes on a date; the salutation.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { callerFromClaims } from '#domain/access.ts';
import { Conflict, Forbidden, Invalid } from '#domain/errors.ts';
import { AgencyProfileSchema } from '#domain/profile.ts';
import { deadlineOf, dutiesOn, LATEST_AGENCY_DEADLINE_DAYS, workingDaysBefore } from '#domain/deadlines.ts';
import { parsePeriodId } from '#domain/periods.ts';
import { REPORT_STATES, type ReportState, type ReportVersion } from '#domain/report-version.ts';
import {
  amendedBy,
  applyTransition,
  checkCitations,
  checkIssueDate,
  checkIssuer,
  isAmendment,
  nextState,
  signerOf,
  type ReportAction,
} from '#domain/report-workflow.ts';
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
    sign: { submitted: 'signed' },
    issue: { signed: 'issued' },
  };
  for (const action of ['submit', 'return', 'sign', 'issue'] as const) {
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
    expect(applyTransition(before, 'sign', { by: 'l', at: 't' }).history.at(-1)).toEqual({ state: 'signed', at: 't', by: 'l' });
    expect(applyTransition(version('signed'), 'issue', { by: 'c', at: 't' }).history.at(-1)).toEqual({ state: 'issued', at: 't', by: 'c' });
  });
});

const thrown = (f: () => unknown): unknown => {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
};

const IMAGE = '01H3Z6X1T2ABCDEFGHJKMNPQRS';
const signers = [
  { userId: 'leader-1', name: 'Trần Quốc Bảo', title: 'KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC', signatureImage: IMAGE },
  { userId: 'leader-2', name: 'Lê Minh Hải', title: 'GIÁM ĐỐC', signatureImage: IMAGE },
];

describe('who signs (CONTRACT §6)', () => {
  it("prints the identity's own name, the profile's title and image; the profile's name only where the identity has none", () => {
    expect(signerOf({ signers }, { id: 'leader-1', name: 'Trần Quốc Bảo' })).toEqual({ ...signers[0] });
    expect(signerOf({ signers }, { id: 'leader-1', name: 'Trần Quốc  Bảo (Cognito)' }).name).toBe('Trần Quốc  Bảo (Cognito)');
    expect(signerOf({ signers }, { id: 'leader-2' })).toMatchObject({ name: 'Lê Minh Hải', title: 'GIÁM ĐỐC' });
  });
  it('refuses a leader the profile does not list (403, nothing typed in replaces them)', () => {
    expect(thrown(() => signerOf({ signers }, { id: 'leader-9', name: 'Nguyễn Văn A' }))).toBeInstanceOf(Forbidden);
  });
  it('reads the name and the clerk group from the ID token', () => {
    expect(callerFromClaims({ sub: 'u1', name: ' Trần Quốc Bảo ', 'cognito:groups': '[cchc-leader]', 'custom:agencyId': 'SKHCN' })).toEqual({
      id: 'u1',
      role: 'leader',
      agencyId: 'SKHCN',
      name: 'Trần Quốc Bảo',
    });
    expect(callerFromClaims({ sub: 'u2', 'cognito:groups': ['cchc-clerk'], 'custom:agencyId': 'SKHCN' })).toEqual({ id: 'u2', role: 'clerk', agencyId: 'SKHCN' });
    expect(callerFromClaims({ sub: 'u3', 'cognito:groups': '[cchc-clerk cchc-leader]' }).role).toBe('leader');
  });
});

describe('who issues', () => {
  it('is the clerk where the profile names one, a leader only where it names none', () => {
    const withClerk = { clerks: [{ userId: 'c', name: 'Phạm Thị Thu Hà' }] };
    expect(thrown(() => checkIssuer(withClerk, { role: 'leader' }))).toBeInstanceOf(Forbidden);
    expect(thrown(() => checkIssuer(withClerk, { role: 'clerk' }))).toBeUndefined();
    expect(thrown(() => checkIssuer(withClerk, { role: 'admin' }))).toBeUndefined();
    expect(thrown(() => checkIssuer({ clerks: [] }, { role: 'leader' }))).toBeUndefined();
  });
});

describe('the date of an issued report (issue #23, 4)', () => {
  const period = parsePeriodId('2023-H1');
  const rules = { period, today: '2023-06-20' };
  const refusal = (date: string, more = {}) => thrown(() => checkIssueDate(date, { ...rules, ...more }));
  it('takes a date from the period start to today', () => {
    for (const date of ['2022-12-15', '2023-06-15', '2023-06-20']) expect(refusal(date)).toBeUndefined();
  });
  it('refuses a date before the period, after today, or before the version it amends', () => {
    expect(refusal('2000-01-01')).toMatchObject({ code: 'validation_failed', details: [{ path: 'issuedOn', message: 'must not be before the period starts (2022-12-15)' }] });
    expect(refusal('2023-06-21')).toMatchObject({ details: [{ path: 'issuedOn', message: 'must not be after today (2023-06-20)' }] });
    const amended = { ...version('issued'), version: 1, issued: { number: '1015/BC-SKHCN', signerName: 'x', issuedOn: '2023-06-15', files: version('draft').files } };
    expect(refusal('2023-06-14', { amends: amended })).toBeInstanceOf(Invalid);
    expect(refusal('2023-06-15', { amends: amended })).toBeUndefined();
    expect(amendedBy([amended, { ...version('draft'), version: 2 }], 2)).toBe(amended);
    expect(amendedBy([{ ...version('draft'), version: 1 }], 2)).toBeUndefined();
  });
});

describe('citations of documents that are not there (issue #23, 7)', () => {
  it('refuses submit, sign and issue naming each missing citation; passes when none is missing', () => {
    expect(thrown(() => checkCitations([], 'submit'))).toBeUndefined();
    expect(thrown(() => checkCitations(undefined, 'sign'))).toBeUndefined();
    const error = thrown(() => checkCitations([{ sectionKey: 'direction', number: '1/X' }], 'submit'));
    expect(error).toBeInstanceOf(Conflict);
    expect(error).toMatchObject({ code: 'missing_citations', details: [{ path: 'sections.direction', message: '{{cite:1/X}}: no accepted attachment' }] });
  });
});

describe('the profile additions', () => {
  const base = JSON.parse(readFileSync(new URL('../../events/samples/skhcn-profile.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  it('still parses a profile stored before signers, clerks and the seal', () => {
    const { signers: _s, clerks: _c, sealImage: _i, email: _e, ...old } = base;
    expect(AgencyProfileSchema.parse(old)).toMatchObject({ signers: [], clerks: [] });
  });
  it('keeps a two-line title and refuses three lines or a signer twice', () => {
    const parsed = AgencyProfileSchema.parse({ ...base, signers: [{ ...signers[0], title: ' KT. GIÁM ĐỐC \n PHÓ GIÁM ĐỐC ' }] });
    expect(parsed.signers[0]!.title).toBe('KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC');
    expect(AgencyProfileSchema.safeParse({ ...base, signers: [{ ...signers[0], title: 'A\nB\nC' }] }).success).toBe(false);
    expect(AgencyProfileSchema.safeParse({ ...base, signers: [signers[0], signers[0]] }).success).toBe(false);
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

  it("puts the province's report on the 20th of the period's last month, whatever its profile's days (CONTRACT §8)", () => {
    const province = { level: 'province' as const, deadlines: { H: -9, Q: 30 } };
    expect(deadlineOf(province, h1)).toBe('2023-06-20');
    expect(deadlineOf(province, parsePeriodId('2023-Q1'))).toBe('2023-03-20');
    expect(deadlineOf(province, parsePeriodId('2023-FY'))).toBe('2023-12-20');
    expect(deadlineOf(province, parsePeriodId('2024-M01'))).toBe('2024-01-20');
    // An agency's latest deadline is the day before: 5 days after the period's last date, the 14th.
    expect(LATEST_AGENCY_DEADLINE_DAYS).toBe(5);
    expect(deadlineOf({ level: 'province-department', deadlines: { H: LATEST_AGENCY_DEADLINE_DAYS } }, h1)).toBe('2023-06-19');
    // Its reminder the working day before (Monday 19/6/2023), its overdue notice the working day after (Wednesday 21/6).
    const owed = (date: string) => dutiesOn({ ...province, periodKinds: ['H'] }, date).map((d) => [d.duty, d.period.id, d.deadline]);
    expect(owed('2023-06-19')).toEqual([['reminder', '2023-H1', '2023-06-20']]);
    expect(owed('2023-06-21')).toEqual([['overdue', '2023-H1', '2023-06-20']]);
    expect(owed('2023-06-20')).toEqual([]);
  });

  it('owes a notice of being overdue the working day after the deadline, across a weekend', () => {
    // Due Friday 09/6/2023 (H: -5): overdue on Monday 12/6, nothing on the weekend between
    const owed = (date: string) => dutiesOn({ periodKinds: ['H'], deadlines: { H: -5 } }, date).map((d) => [d.duty, d.deadline]);
    expect(owed('2023-06-08')).toEqual([['reminder', '2023-06-09']]);
    for (const date of ['2023-06-09', '2023-06-10', '2023-06-11', '2023-06-13']) expect(owed(date)).toEqual([]);
    expect(owed('2023-06-12')).toEqual([['overdue', '2023-06-09']]);
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
