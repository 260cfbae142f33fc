// The province's view in the pure core: where an agency stands for a period (state, number, issue
// time, deadline from its profile, late) and the roll-up's groups and total.
import { describe, expect, it } from 'vitest';
import { totalsToRead } from '#domain/figures.ts';
import { parsePeriodId } from '#domain/periods.ts';
import type { ReportState, ReportVersion } from '#domain/report-version.ts';
import { agencyRow, provinceSummary, submissionOf } from '#domain/rollup.ts';
import { SEED_FIGURES } from '../fixtures/seed-report-input.ts';
import { sampleProfile } from '../support/report-world.ts';

const H1 = parsePeriodId('2023-H1');
/** Due 05/6/2023 (9 days before 14/6), so late from 06/6/2023 00:00 local. */
const profile = sampleProfile({ deadlines: { H: -9 } });

const version = (n: number, states: Array<[ReportState, string]>, extra: Partial<ReportVersion> = {}) =>
  ({
    agencyId: 'SKHCN',
    periodId: '2023-H1',
    version: n,
    state: states.at(-1)![0],
    history: states.map(([state, at]) => ({ state, at, by: 'u' })),
    ...extra,
  }) as ReportVersion;

/** What an issued version carries: its number (the files are not read here). */
const issuedAs = (number: string): Partial<ReportVersion> => ({
  issued: { number, signerName: 'Nguyễn Văn A', issuedOn: '2023-06-03', files: { docx: { key: 'i.docx', sha256: 's', size: 1 }, pdf: { key: 'i.pdf', sha256: 's', size: 1 } } },
});

describe('submissionOf', () => {
  const standing = (versions: ReportVersion[], now: string) => submissionOf(profile, H1, versions, new Date(now));

  it('is missing, and late once the deadline day has passed, when nothing was rendered', () => {
    expect(standing([], '2023-06-05T16:59:59Z')).toEqual({
      agencyId: 'SKHCN', name: 'Sở Khoa học và Công nghệ', state: 'missing', number: null, issuedAt: null, deadline: '2023-06-05', late: false,
    });
    expect(standing([], '2023-06-05T17:00:00Z').late).toBe(true);
  });

  it('takes the state of the latest version, and the number and time of the latest issued one', () => {
    const issued = version(1, [['draft', '2023-06-01T01:00:00Z'], ['submitted', '2023-06-02T01:00:00Z'], ['issued', '2023-06-03T01:00:00Z']], issuedAs('1015/BC-SKHCN'));
    const amendment = version(2, [['draft', '2023-06-20T01:00:00Z']]);
    expect(standing([amendment, issued], '2023-07-01T00:00:00Z')).toMatchObject({
      state: 'draft', number: '1015/BC-SKHCN', issuedAt: '2023-06-03T01:00:00Z', late: false,
    });
    for (const state of ['submitted', 'returned'] as const) {
      expect(standing([version(1, [['draft', '2023-06-01T01:00:00Z'], [state, '2023-06-02T01:00:00Z']])], '2023-06-04T00:00:00Z')).toMatchObject({ state, number: null, late: false });
    }
  });

  it('is late when issued after the deadline day, on time when issued on it', () => {
    const lateIssue = version(1, [['issued', '2023-06-05T17:00:00Z']], issuedAs('7/BC-SKHCN'));
    expect(standing([lateIssue], '2023-07-01T00:00:00Z')).toMatchObject({ state: 'issued', issuedAt: '2023-06-05T17:00:00Z', late: true });
    const onTime = version(1, [['issued', '2023-06-05T16:59:59Z']], issuedAs('7/BC-SKHCN'));
    expect(standing([onTime], '2023-07-01T00:00:00Z')).toMatchObject({ state: 'issued', late: false });
  });

  it('has no deadline, and is never late, when the profile names none for the kind', () => {
    const none = submissionOf(sampleProfile({ deadlines: {} }), H1, [], new Date('2023-12-31T12:00:00Z'));
    expect(none).toMatchObject({ state: 'missing', deadline: null, late: false });
    expect(submissionOf(sampleProfile({ deadlines: { Q: 5 } }), parsePeriodId('2023-Q2'), [], new Date('2023-06-14T12:00:00Z')).deadline).toBe('2023-06-19');
  });
});

describe('provinceSummary', () => {
  it("groups the agencies by level in the form's order and sums them, its rates from the summed counts", () => {
    const rows = [
      agencyRow(sampleProfile({ agencyId: 'A', level: 'commune' }), SEED_FIGURES),
      agencyRow(sampleProfile({ agencyId: 'B', level: 'province-department' }), SEED_FIGURES),
      agencyRow(sampleProfile({ agencyId: 'C', level: 'commune' }), { ...SEED_FIGURES, rates: { ...SEED_FIGURES.rates, onTime: { numerator: 1, denominator: 3 } } }),
    ];
    const summary = provinceSummary(H1, rows);
    expect(summary.levels.map((l) => [l.level, l.agencyIds])).toEqual([['province-department', ['B']], ['commune', ['A', 'C']]]);
    expect(summary.total.dossiers.received.total).toBe(3 * 63);
    expect(summary.total.documents.issued.electronic).toBe(3 * 417);
    expect(summary.total.rates.onTime).toEqual({ numerator: 59 + 59 + 1, denominator: 59 + 59 + 3 });
    expect(summary.levels[1]!.rates.onTime).toEqual({ numerator: 60, denominator: 62 });
    expect(provinceSummary(H1, []).total.dossiers.received.total).toBe(0);
  });
});

describe('totalsToRead', () => {
  it("names the months of the period's report year up to the month after it, and every year before that month's year", () => {
    const h1 = totalsToRead(H1);
    expect(h1.months).toEqual(['2023-M01', '2023-M02', '2023-M03', '2023-M04', '2023-M05', '2023-M06', '2023-M07']);
    expect([h1.years[0], h1.years.at(-1), h1.years.length]).toEqual(['2000', '2022', 23]);
    // a period ending in the last month: its stocks at the end need the next year's first month, and its own year's total
    const fy = totalsToRead(parsePeriodId('2023-FY'));
    expect([fy.months[0], fy.months.at(-1), fy.months.length]).toEqual(['2023-M01', '2024-M01', 13]);
    expect(fy.years.at(-1)).toBe('2023');
    expect(totalsToRead(parsePeriodId('2000-M01'))).toEqual({ months: ['2000-M01', '2000-M02'], years: [] });
  });
});
