// The issued report's figures as indicator values for the province's reporting system: every figure
// of the summary once, with its code, the agency's organ code, the period and the kind of figure;
// rates as percentages with their exact counts; the document passes its own schema.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { indicatorValues, IndicatorValuesDocumentSchema, INDICATORS } from '#domain/indicator-values.ts';
import { parsePeriodId } from '#domain/periods.ts';
import { SEED_FIGURES } from '../fixtures/seed-report-input.ts';

const input = (report: Parameters<typeof indicatorValues>[0]['report']) => ({
  agencyId: 'SKHCN',
  organId: '000.19.31.H49',
  period: parsePeriodId('2023-H1'),
  figures: SEED_FIGURES,
  report,
});
const issued = { provisional: false, issued: { number: '1015/BC-SKHCN', issuedOn: '2023-06-15' } };

describe('indicatorValues', () => {
  const doc = indicatorValues(input(issued));
  const byCode = Object.fromEntries(doc.values.map((v) => [v.indicatorCode, v]));

  it('gives every figure of the summary once, under a code of its own', () => {
    const leaves = (o: object, prefix = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) => (typeof v === 'number' ? [`${prefix}${k}`] : 'numerator' in v ? [`${prefix}${k}`] : leaves(v as object, `${prefix}${k}.`)));
    const { dossiers, documents, rates } = SEED_FIGURES;
    expect(doc.values.map((v) => v.figure).sort()).toEqual(leaves({ dossiers, documents, rates }).sort());
    expect(new Set(INDICATORS.map((i) => i.code)).size).toBe(INDICATORS.length);
  });

  it('carries the counts of the issued report as official values of the agency and period', () => {
    expect(byCode['CCHC.HS.TN']).toEqual({
      agencyCode: '000.19.31.H49',
      indicatorCode: 'CCHC.HS.TN',
      figure: 'dossiers.received.total',
      name: 'Tổng số hồ sơ tiếp nhận',
      dataType: 'official',
      periodId: '2023-H1',
      periodKind: 'H',
      periodIndex: 1,
      year: 2023,
      value: 63,
      unit: 'hồ sơ',
    });
    expect([byCode['CCHC.HS.TN.TT']!.value, byCode['CCHC.HS.GQ.TH']!.value, byCode['CCHC.HS.DXL.TH']!.value]).toEqual([52, 59, 4]);
    expect([byCode['CCHC.VB.PH']!.value, byCode['CCHC.VB.PH.DT']!.value, byCode['CCHC.VB.PH']!.unit]).toEqual([516, 417, 'văn bản']);
    expect(doc).toMatchObject({ agencyCode: '000.19.31.H49', agencyId: 'SKHCN', periodId: '2023-H1', report: { number: '1015/BC-SKHCN', issuedOn: '2023-06-15' } });
  });

  it('gives rates as percentages with two decimals and their exact counts; a rate over nothing is null', () => {
    expect(byCode['CCHC.TL.TT']).toMatchObject({ value: 98.11, numerator: 52, denominator: 53, unit: '%' });
    expect(byCode['CCHC.TL.KQDT']).toMatchObject({ value: 84.75, numerator: 50, denominator: 59 });
    expect(byCode['CCHC.TL.DH']!.value).toBe(100);
    const empty = indicatorValues({ ...input(issued), figures: { ...SEED_FIGURES, rates: { ...SEED_FIGURES.rates, onTime: { numerator: 0, denominator: 0 } } } });
    expect(empty.values.find((v) => v.indicatorCode === 'CCHC.TL.DH')).toMatchObject({ value: null, numerator: 0, denominator: 0 });
    // Half-way rounds up on the exact counts: 1/8 = 12.5 %, 1/16 = 6.25 %, 1/32 = 3.125 % → 3.13.
    const half = indicatorValues({ ...input(issued), figures: { ...SEED_FIGURES, rates: { ...SEED_FIGURES.rates, online: { numerator: 1, denominator: 32 } } } });
    expect(half.values.find((v) => v.indicatorCode === 'CCHC.TL.TT')!.value).toBe(3.13);
  });

  it('marks figures of a provisional report as estimates, and of a closed period not issued as actual', () => {
    expect(new Set(indicatorValues(input({ provisional: true, issued: issued.issued })).values.map((v) => v.dataType))).toEqual(new Set(['estimate']));
    const actual = indicatorValues(input({ provisional: false }));
    expect(new Set(actual.values.map((v) => v.dataType))).toEqual(new Set(['actual']));
    expect(actual.report).toBeUndefined();
  });

  it('passes its schema, and is the same JSON for the same figures', () => {
    expect(IndicatorValuesDocumentSchema.parse(doc)).toEqual(doc);
    expect(JSON.stringify(indicatorValues(input(issued)))).toBe(JSON.stringify(doc));
    expect(IndicatorValuesDocumentSchema.safeParse({ ...doc, values: [{ ...doc.values[0], dataType: 'guess' }] }).success).toBe(false);
  });
});

describe('docs/deploy.md', () => {
  it('lists every indicator code with its figure', () => {
    const doc = readFileSync(new URL('../../docs/deploy.md', import.meta.url), 'utf8');
    for (const indicator of INDICATORS) expect(doc).toContain(`| \`${indicator.code}\` | \`${indicator.figure}\` |`);
  });
});
