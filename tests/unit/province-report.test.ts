// The province's own report (CONTRACT §8) in the pure core: its totals and rates by level, the
// agencies late or missing, the five best and five weakest on-time rates, the comparisons with the
// previous period and a year earlier, Phụ lục I (form 06 by level then field) and Phụ lục II (every
// agency, sorted), and the footnote of an excerpt from an agency's issued report.
import { describe, expect, it } from 'vitest';
import { dossierRates, sumFigures, type AgencyFigures, type Rate } from '#domain/figures.ts';
import { parsePeriodId, previousPeriod, yearEarlier } from '#domain/periods.ts';
import { buildReportModel } from '#domain/report-model.ts';
import { citationText } from '#domain/report/citations.ts';
import { form06Figures } from '#domain/report/data-paragraphs.ts';
import { comparisonSentence, ranking, rankingSentence, submissionsSentence, type ProvinceAgency } from '#domain/report/province.ts';
import { dossiers } from '../fixtures/seed-report-input.ts';
import { provinceReportInput } from '../fixtures/province-report-input.ts';

/** A made-up agency resolving `resolved` dossiers, `onTime` of them early or on time. */
function agency(agencyId: string, level: ProvinceAgency['level'], onTime: number, resolved: number, name = `Cơ quan ${agencyId}`): ProvinceAgency {
  const d = dossiers({ online: resolved, early: onTime, late: resolved - onTime });
  const rate = (numerator: number, denominator: number): Rate => ({ numerator, denominator });
  return {
    agencyId,
    name,
    level,
    dossiers: d,
    documents: { issued: { total: 0, electronic: 0, electronicWithPaper: 0, paper: 0 } },
    rates: { onTime: rate(onTime, resolved), online: rate(resolved, resolved), fullyOnline: rate(0, resolved), digitized: rate(0, resolved), resultElectronic: rate(0, resolved) },
    fields: [{ fieldCode: 'HT', fieldName: 'Hộ tịch', dossiers: d }],
  };
}

describe('the periods compared', () => {
  it('are the period of the same kind just before and the same period a year earlier; none before 2000', () => {
    const ids = (id: string) => [previousPeriod(parsePeriodId(id)), yearEarlier(parsePeriodId(id))];
    expect(ids('2023-H1')).toEqual(['2022-H2', '2022-H1']);
    expect(ids('2023-H2')).toEqual(['2023-H1', '2022-H2']);
    expect(ids('2023-Q1')).toEqual(['2022-Q4', '2022-Q1']);
    expect(ids('2023-Q3')).toEqual(['2023-Q2', '2022-Q3']);
    expect(ids('2023-M01')).toEqual(['2022-M12', '2022-M01']);
    expect(ids('2023-M10')).toEqual(['2023-M09', '2022-M10']);
    expect(ids('2023-9M')).toEqual(['2022-9M', '2022-9M']);
    expect(ids('2023-FY')).toEqual(['2022-FY', '2022-FY']);
    expect(ids('2000-H1')).toEqual([undefined, undefined]);
    expect(ids('2000-H2')).toEqual(['2000-H1', undefined]);
  });
});

describe('the ranking by on-time rate', () => {
  // 12 agencies of the province, rates 12/12 … 1/12 in a shuffled id order, and the province itself at 0.
  const rates = [7, 12, 3, 9, 1, 11, 5, 10, 2, 8, 4, 6];
  const agencies = [agency('UBNDT', 'province', 0, 5), ...rates.map((r, i) => agency(`A${String(i).padStart(2, '0')}`, 'commune', r, 12))];

  it('names the five best from the top and the five weakest from the bottom, leaving out the province itself and agencies that resolved nothing', () => {
    const { best, weakest } = ranking([...agencies, agency('Z', 'district', 0, 0)]);
    expect(best.map((a) => a.rates.onTime.numerator)).toEqual([12, 11, 10, 9, 8]);
    expect(weakest.map((a) => a.rates.onTime.numerator)).toEqual([1, 2, 3, 4, 5]);
  });

  it('breaks a tie of rates by the dossiers resolved, then agencyId; with fewer than ten agencies the weakest are those not among the best', () => {
    const tied = [agency('B', 'commune', 1, 1), agency('A', 'commune', 1, 1), agency('C', 'commune', 2, 2), agency('D', 'commune', 1, 2), agency('E', 'commune', 0, 3), agency('F', 'commune', 2, 3), agency('G', 'commune', 1, 3)];
    const { best, weakest } = ranking(tied);
    expect(best.map((a) => a.agencyId)).toEqual(['C', 'A', 'B', 'F', 'D']);
    expect(weakest.map((a) => a.agencyId)).toEqual(['E', 'G']);
    expect(ranking(tied.slice(0, 3)).weakest).toEqual([]);
  });

  it('says the best and the weakest with their rates', () => {
    const three = [agency('A', 'commune', 1, 3, 'UBND xã A'), agency('B', 'district', 2, 2, 'UBND huyện B'), agency('C', 'province-department', 299, 300, 'Sở C')];
    expect(rankingSentence(three)).toBe('Các cơ quan, đơn vị có tỷ lệ giải quyết hồ sơ trước hạn, đúng hạn cao nhất: UBND huyện B (100%); Sở C (99,67%); UBND xã A (33,33%).');
    expect(rankingSentence(agencies)).toBe(
      'Các cơ quan, đơn vị có tỷ lệ giải quyết hồ sơ trước hạn, đúng hạn cao nhất: Cơ quan A01 (100%); Cơ quan A05 (91,67%); Cơ quan A07 (83,33%); Cơ quan A03 (75%); Cơ quan A09 (66,67%). ' +
        'Các cơ quan, đơn vị có tỷ lệ thấp nhất: Cơ quan A04 (8,33%); Cơ quan A08 (16,67%); Cơ quan A02 (25%); Cơ quan A10 (33,33%); Cơ quan A06 (41,67%).',
    );
    expect(rankingSentence([agency('A', 'commune', 0, 0)])).toBe('Trong kỳ, chưa có cơ quan, đơn vị nào có hồ sơ đã giải quyết để xếp hạng tỷ lệ giải quyết trước hạn, đúng hạn.');
  });
});

describe('the submissions paragraph', () => {
  const standing = (agencyId: string, number: string | null, late: boolean, deadline: string | null = '2023-06-09') => ({ agencyId, name: `Sở ${agencyId}`, number, deadline, late });

  it('counts who issued on time, names who issued late and who has not issued, marking those past their deadline', () => {
    const text = submissionsSentence(
      [standing('A', '1/BC-A', false), standing('B', '7/BC-B', true), standing('C', null, true), standing('D', null, false), standing('E', null, false, null)],
      '6 tháng đầu năm 2023',
    );
    expect(text).toBe(
      'Về thực hiện chế độ báo cáo 6 tháng đầu năm 2023: 1/5 cơ quan, đơn vị đã ban hành báo cáo đúng hạn; ' +
        '1 cơ quan, đơn vị ban hành báo cáo trễ hạn: Sở B (Báo cáo số 7/BC-B, hạn 09/6/2023); ' +
        '3 cơ quan, đơn vị chưa ban hành báo cáo: Sở C (đã quá hạn 09/6/2023), Sở D, Sở E.',
    );
    expect(submissionsSentence([standing('A', '1/BC-A', false)], 'quý I năm 2023')).toBe('Về thực hiện chế độ báo cáo quý I năm 2023: 1/1 cơ quan, đơn vị đã ban hành báo cáo đúng hạn.');
    expect(submissionsSentence([], 'năm 2023')).toBe('');
  });
});

describe('the comparisons', () => {
  /** The province's figures: `received` dossiers online, `resolved` of them resolved, `onTime` early or on time. */
  const figures = (received: number, onTime: number, resolved: number): AgencyFigures => {
    const d = dossiers({ online: received, early: onTime, late: resolved - onTime, withinDeadline: received - resolved });
    const r = dossierRates(d);
    return { dossiers: d, documents: { issued: { total: 0, electronic: 0, electronicWithPaper: 0, paper: 0 } }, rates: { ...r, fullyOnline: r.online, digitized: r.online, resultElectronic: r.onTime } };
  };

  it('say the change of the dossiers received and of the rates, in percentage points of the rates as printed', () => {
    const now = figures(120, 95, 100);
    const text = comparisonSentence(now, { previous: { label: '6 tháng cuối năm 2022', total: figures(100, 90, 100) }, yearEarlier: { label: '6 tháng đầu năm 2022', total: figures(130, 95, 100) } });
    expect(text).toBe(
      'So với 6 tháng cuối năm 2022, số hồ sơ tiếp nhận tăng 20 hồ sơ (từ 100 lên 120 hồ sơ), tỷ lệ giải quyết trước hạn, đúng hạn tăng 5 điểm phần trăm (từ 90% lên 95%), tỷ lệ hồ sơ trực tuyến không thay đổi (100%); ' +
        'so với cùng kỳ năm trước (6 tháng đầu năm 2022), số hồ sơ tiếp nhận giảm 10 hồ sơ (từ 130 xuống 120 hồ sơ), tỷ lệ giải quyết trước hạn, đúng hạn không thay đổi (95%), tỷ lệ hồ sơ trực tuyến không thay đổi (100%).',
    );
  });

  it('make one comparison when the previous period is the year earlier (9 months, year), leave out a rate over nothing, and none without earlier figures', () => {
    const same = { label: 'năm 2022', total: figures(0, 0, 0) };
    expect(comparisonSentence(figures(3, 2, 3), { previous: same, yearEarlier: same })).toBe('So với cùng kỳ năm trước (năm 2022), số hồ sơ tiếp nhận tăng 3 hồ sơ (từ 0 lên 3 hồ sơ).');
    expect(comparisonSentence(figures(3, 2, 3), {})).toBe('');
    const third = { label: 'quý I năm 2023', total: figures(3, 1, 3) };
    expect(comparisonSentence(figures(3, 2, 3), { previous: third })).toBe(
      'So với quý I năm 2023, số hồ sơ tiếp nhận không thay đổi (3 hồ sơ), tỷ lệ giải quyết trước hạn, đúng hạn tăng 33,34 điểm phần trăm (từ 33,33% lên 66,67%), tỷ lệ hồ sơ trực tuyến không thay đổi (100%).',
    );
  });
});

describe("the province's report model", () => {
  const input = provinceReportInput(24);
  const model = buildReportModel(input);
  const agencies = input.province!.agencies;
  const paragraphs = model.body.map((b) => b.runs.map((r) => (r.kind === 'text' ? r.text : `[${r.n}]`)).join(''));

  it("says the province's totals, summed over every agency, its own included, and each level's", () => {
    const total = sumFigures(agencies);
    expect(input.figures.dossiers).toEqual(total.dossiers);
    const d = total.dossiers;
    const oneStop = paragraphs.find((p) => p.includes('toàn tỉnh đã tiếp nhận'))!;
    expect(oneStop).toContain(`Từ ngày 15/12/2022 đến ngày 14/6/2023, toàn tỉnh đã tiếp nhận ${d.received.total.toLocaleString('de-DE')} hồ sơ`);
    const levels = (names: ProvinceAgency['level'][]) => agencies.filter((a) => names.includes(a.level)).reduce((n, a) => n + a.dossiers.received.total, 0);
    expect(oneStop).toContain(`Trong đó, cấp tỉnh tiếp nhận ${levels(['province', 'province-department']).toLocaleString('de-DE')} hồ sơ`);
    expect(oneStop).toContain(`; cấp huyện tiếp nhận ${levels(['district'])} hồ sơ`);
    expect(oneStop).toMatch(/\(chi tiết tại Phụ lục I kèm theo\)\.$/);
    expect(paragraphs.some((p) => p.startsWith('Các cơ quan, đơn vị có tỷ lệ giải quyết hồ sơ trước hạn, đúng hạn cao nhất: ') && p.endsWith('(chi tiết tại Phụ lục II kèm theo).'))).toBe(true);
    expect(paragraphs.some((p) => p.startsWith('So với 6 tháng cuối năm 2022, số hồ sơ tiếp nhận tăng '))).toBe(true);
    // the reporting regime, in I.1 after the staff's narrative
    const direction = paragraphs.findIndex((p) => p.startsWith('1. Về tổ chức, chỉ đạo, điều hành'));
    expect(paragraphs[direction + 2]).toMatch(/^Về thực hiện chế độ báo cáo 6 tháng đầu năm 2023: \d+\/23 cơ quan, đơn vị đã ban hành báo cáo đúng hạn/);
    expect(paragraphs.join('\n')).toContain(`toàn tỉnh ban hành ${total.documents.issued.total.toLocaleString('de-DE')} văn bản`);
  });

  it('cites an excerpt from an agency issued report in a footnote, and no issued report nobody quoted', () => {
    const cited = input.province!.issuedReports[0]!;
    expect(model.footnotes).toEqual([{ n: 1, text: `Báo cáo số ${cited.number} ngày 08/6/2023 của ${cited.issuer}.` }]);
    expect(model.unmatchedCitations).toEqual([]);
    expect(citationText({ kind: 'BC', number: '1015/BC-SKHCN', issuedOn: '2023-06-15', issuer: 'Sở Khoa học và Công nghệ', subject: 'Báo cáo công tác cải cách hành chính' })).toBe(
      'Báo cáo số 1015/BC-SKHCN ngày 15/6/2023 của Sở Khoa học và Công nghệ.',
    );
  });

  it('puts form 06 by level (cấp tỉnh, cấp huyện, cấp xã, each with its fields) in Phụ lục I, each level the sum of its fields', () => {
    const { heading, table } = model.appendix;
    expect(heading).toBe('Phụ lục I');
    expect(table.form).toBe('Biểu số 06/VPCP/KSTT');
    const groups = table.groupRows!.map((r) => table.body[r]!.slice(0, 2));
    expect(groups).toEqual([['I', 'Cấp tỉnh'], ['II', 'Cấp huyện'], ['III', 'Cấp xã']]);
    const num = (s: string) => Number(s.replaceAll('.', ''));
    table.groupRows!.forEach((r, g) => {
      const end = table.groupRows![g + 1] ?? table.body.length;
      const fields = table.body.slice(r + 1, end);
      expect(fields.map((f) => f[0])).toEqual(fields.map((_, i) => String(i + 1)));
      for (let c = 2; c < 13; c++) expect(num(table.body[r]![c]!)).toBe(fields.reduce((n, f) => n + num(f[c]!), 0));
    });
    const total = sumFigures(agencies);
    expect(table.total.slice(1).map((c) => num(c.text))).toEqual(form06Figures(total.dossiers));
    // every level is printed even with no agency of it
    const withoutDistricts = { ...input.province!, agencies: agencies.filter((a) => a.level !== 'district') };
    const noDistrict = buildReportModel({ ...input, province: withoutDistricts }).appendix.table;
    const districtRow = noDistrict.body.findIndex((r) => r[1] === 'Cấp huyện');
    expect(noDistrict.body[districtRow]!.slice(2)).toEqual(Array.from({ length: 11 }, () => '0'));
    expect(noDistrict.body[districtRow + 1]![1]).toBe('Cấp xã');
  });

  it('puts every agency in Phụ lục II, sorted by on-time rate from highest as its note says, with the total', () => {
    const [second] = model.moreAppendices;
    expect(second!.heading).toBe('Phụ lục II');
    const t = second!.table;
    expect(t.body).toHaveLength(agencies.length);
    const pct = (s: string) => (s === '—' ? -1 : Number(s.replace('%', '').replace(',', '.')));
    const rates = t.body.map((r) => pct(r[11]!));
    expect(rates).toEqual([...rates].sort((a, b) => b - a));
    expect(t.body.map((r) => r[0])).toEqual(t.body.map((_, i) => String(i + 1)));
    expect(new Set(t.body.map((r) => r[1]))).toEqual(new Set(agencies.map((a) => a.name)));
    expect(t.note).toContain('xếp theo tỷ lệ giải quyết trước hạn, đúng hạn (cột 12) từ cao xuống thấp');
    const total = sumFigures(agencies);
    expect(t.total.map((c) => c.text)).toEqual([
      'Tổng cộng',
      ...[total.dossiers.received.total, total.dossiers.received.online, total.dossiers.resolved.total].map((n) => n.toLocaleString('de-DE')),
      ...[total.dossiers.resolved.early + total.dossiers.resolved.onTime, total.dossiers.resolved.late, total.dossiers.withdrawn + total.dossiers.returned, total.dossiers.pending.total, total.dossiers.pending.overdue].map((n) => n.toLocaleString('de-DE')),
      expect.stringMatching(/^[\d,]+%$/),
      expect.stringMatching(/^[\d,]+%$/),
    ]);
  });
});
