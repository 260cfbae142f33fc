import { describe, expect, it } from 'vitest';
import { AgencyProfileSchema } from '#domain/profile.ts';
import { buildReportModel, type Block, type Inline, type ReportModel } from '#domain/report-model.ts';
import { SECTION_OUTLINE, parseParagraph, sectionBodySchemaFor } from '#domain/sections.ts';
import { SEED_FIGURES, SEED_PROFILE, dossiers, seedReportInput } from '../fixtures/seed-report-input.ts';

const ONE_STOP =
  'Từ ngày 15/12/2022 đến ngày 14/6/2023, Sở đã tiếp nhận 63 hồ sơ (trong đó, trực tuyến 52 hồ sơ, kỳ trước chuyển qua 10 hồ sơ và trực tiếp 1 hồ sơ); thực hiện giải quyết và trả kết quả trước hạn 59 hồ sơ và đúng hạn 0 hồ sơ, trễ hẹn 0 hồ sơ, 0 hồ sơ xin rút, 0 hồ sơ trả lại và 4 hồ sơ đang xử lý chưa đến hạn trả kết quả.';
/** The seed fixture's rates, after the seed's sentence in the same paragraph. */
const RATES = 'Tỷ lệ giải quyết trước hạn, đúng hạn đạt 100%; tỷ lệ hồ sơ trực tuyến đạt 98,11%.';
/** II.2's data paragraph names the appendix that holds form 06, before its last full stop. */
const naming = (t: string) => `${t.slice(0, -1)} (chi tiết tại Phụ lục kèm theo).`;
const II2 = naming(`${ONE_STOP} ${RATES}`);
const DOCUMENTS =
  'Từ ngày 15/12/2022 đến ngày 14/6/2023, Sở ban hành 516 văn bản, trong đó 417 văn bản điện tử và 99 văn bản điện tử kèm theo văn bản giấy (trừ văn bản mật).';

const plain = (runs: Inline[]) => runs.map((r) => (r.kind === 'text' ? r.text : `[^${r.n}]`)).join('');
const texts = (m: ReportModel) => m.body.map((b: Block) => plain(b.runs));

describe('buildReportModel on the seed', () => {
  const model = buildReportModel(seedReportInput());

  it('writes the header, title and subject of the seed', () => {
    expect(model.header).toMatchObject({
      parentBody: 'UBND TỈNH QUẢNG NGÃI',
      agencyName: ['SỞ KHOA HỌC VÀ CÔNG NGHỆ'],
      number: 'Số: 1015/BC-SKHCN',
      dateLine: 'Quảng Ngãi, ngày 15 tháng 6 năm 2023',
    });
    expect(model.title).toBe('BÁO CÁO');
    expect(model.subject).toBe('Công tác cải cách hành chính 6 tháng đầu năm và nhiệm vụ 6 tháng cuối năm 2023 của Sở Khoa học và Công nghệ');
    expect(model.provisionalNote).toBeNull();
  });

  it('writes the basis paragraph with the period wording', () => {
    expect(texts(model)[0]).toBe(
      'Thực hiện Công văn số 900/UBND-TTHC ngày 03/3/2022 của UBND tỉnh về việc triển khai thực hiện Kế hoạch cải cách hành chính (CCHC) của tỉnh và chế độ thông tin, báo cáo; Sở Khoa học và Công nghệ báo cáo kết quả thực hiện công tác CCHC 6 tháng đầu năm và nhiệm vụ 6 tháng cuối năm 2023, cụ thể như sau:',
    );
  });

  it('writes the II.2 and II.6 sentences exactly as the seed', () => {
    const all = texts(model);
    expect(all).toContain(II2);
    const ii6 = all.find((t) => t.startsWith('Bên cạnh đó, Sở Khoa học và Công nghệ đã triển khai vận hành phần mềm iOffice'));
    expect(ii6?.endsWith(`hoạt động của Sở. ${DOCUMENTS}`)).toBe(true);
  });

  it('writes a field name an event sent with characters a document cannot hold as U+FFFD in the form-06 table', () => {
    const fields = SEED_FIGURES.fields.map((f, i) => (i === 0 ? { ...f, fieldName: 'Lĩnh\uFFFEvực\u0001A\uD800' } : f));
    const model = buildReportModel(seedReportInput({ figures: { ...SEED_FIGURES, fields } }));
    expect(model.appendix.table.body[0]![1]).toBe('Lĩnh\uFFFDvực\uFFFDA\uFFFD');
  });

  it('puts form 06 in the appendix, named by the one-stop paragraph, with a total row', () => {
    expect(texts(model)).toContain(II2);
    expect(model.appendix).toMatchObject({ heading: 'Phụ lục', reference: '(Kèm theo Báo cáo số 1015/BC-SKHCN ngày 15/6/2023 của Sở Khoa học và Công nghệ)' });
    const table = model.appendix.table;
    expect(table.body).toHaveLength(4);
    expect(table.body[1]).toEqual(['2', 'An toàn bức xạ và hạt nhân', '20', '16', '1', '3', '19', '19', '0', '0', '1', '1', '0']);
    expect(table.total.map((c) => c.text)).toEqual(['Tổng cộng (tỷ lệ trước hạn, đúng hạn: 100%; tỷ lệ trực tuyến: 98,11%)', '63', '52', '1', '10', '59', '59', '0', '0', '4', '4', '0']);
  });

  it('counts withdrawn and returned dossiers as resolved on time in form 06, so that received = resolved + pending in every row, and says so under it', () => {
    // 20 received: 14 resolved (12 early, 2 late), 2 withdrawn, 1 returned, 3 pending
    const d = dossiers({ carriedOver: 2, online: 15, direct: 3, postal: 0, early: 12, onTime: 0, late: 2, withdrawn: 2, returned: 1, withinDeadline: 3, overdue: 0 });
    const field = { ...SEED_FIGURES.fields[0]!, dossiers: d };
    const m = buildReportModel(seedReportInput({ figures: { ...SEED_FIGURES, fields: [field], dossiers: d } }));
    const row = m.appendix.table.body[0]!.slice(2).map(Number);
    expect(row).toEqual([20, 15, 3, 2, 17, 12, 3, 2, 3, 3, 0]);
    for (const r of [row, m.appendix.table.total.slice(1).map((c) => Number(c.text))]) {
      expect(r[0]).toBe(r[4]! + r[8]!);
      expect(r[0]).toBe(r[1]! + r[2]! + r[3]!);
      expect(r[4]).toBe(r[5]! + r[6]! + r[7]!);
    }
    expect(m.appendix.table.note).toContain('(tổng cộng 2 hồ sơ xin rút, 1 hồ sơ trả lại) được tính vào số hồ sơ đã giải quyết đúng hạn (cột 7 và cột 9)');
  });

  it('heads the form-06 table as Circular 01/2020/TT-VPCP heads Biểu số 06/VPCP/KSTT', () => {
    const t = model.appendix.table;
    expect(t).toMatchObject({
      form: 'Biểu số 06/VPCP/KSTT',
      formBasis: 'Ban hành kèm theo Thông tư số 01/2020/TT-VPCP ngày 21/10/2020',
      title: 'TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH',
      period: 'Kỳ báo cáo: 6 tháng đầu năm 2023 (từ ngày 15/12/2022 đến ngày 14/6/2023)',
      reportingUnit: 'Đơn vị báo cáo: Sở Khoa học và Công nghệ',
      unit: 'Đơn vị tính: Số hồ sơ TTHC',
    });
    // each head cell with the columns it covers: a group's label spans its columns
    const heads = t.head.map((row) => row.map((c) => [c.text, c.colSpan ?? 1, c.rowSpan ?? 1]));
    expect(heads.slice(0, 3)).toEqual([
      [['STT', 1, 3], ['Lĩnh vực, công việc giải quyết theo cấp', 1, 3], ['Số hồ sơ nhận giải quyết', 4, 1], ['Số hồ sơ đã giải quyết', 4, 1], ['Số lượng hồ sơ đang giải quyết', 3, 1]],
      [['Tổng số', 1, 2], ['Trong đó', 2, 1], ['Từ kỳ trước', 1, 2], ...['Tổng số', 'Trước hạn', 'Đúng hạn', 'Quá hạn', 'Tổng số', 'Trong hạn', 'Quá hạn'].map((h) => [h, 1, 2])],
      ['Trực tuyến', 'Trực tiếp, dịch vụ bưu chính'].map((h) => [h, 1, 1]),
    ]);
    expect(t.head[3]!.map((c) => c.text)).toEqual(Array.from({ length: 13 }, (_, i) => `(${i + 1})`));
    // every row, head rows with their spans included, covers the 13 columns
    expect(t.widths).toHaveLength(13);
    expect(t.body.every((r) => r.length === 13)).toBe(true);
    const quarter = buildReportModel(seedReportInput({ figures: { ...SEED_FIGURES, period: { id: '2023-Q1', from: '2022-12-15', to: '2023-03-14' } } }));
    expect(quarter.appendix.table.period).toBe('Kỳ báo cáo: quý I năm 2023 (từ ngày 15/12/2022 đến ngày 14/3/2023)');
  });

  it('numbers the seed footnotes 1–12 where the seed has them', () => {
    expect(model.footnotes.map((f) => f.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(model.footnotes[0]!.text).toBe('Kế hoạch số 2170/KH-SKHCN ngày 30/12/2022 của Giám đốc Sở Khoa học và Công nghệ.');
    expect(model.footnotes[10]!.text).toBe('Kế hoạch số 268/KH-SKHCN ngày 28/02/2023.');
    expect(model.footnotes[4]!.text).toBe('Kế hoạch số 268/KH-SKHCN ngày 28/02/2023 của Giám đốc Sở Khoa học và Công nghệ.');
    const all = texts(model);
    expect(all).toContain(
      'Xây dựng và ban hành Kế hoạch về tuyên truyền cải cách hành chính năm 2023[^4] của Sở Khoa học và Công nghệ và đang triển khai theo Kế hoạch.',
    );
    expect(all.some((t) => t.startsWith('Sở đã xây dựng và ban hành Kế hoạch rà soát, đánh giá TTHC năm 2023[^11]. Theo đó'))).toBe(true);
    expect(model.unmatchedCitations).toEqual([]);
  });

  it('prints the headings of the outline, the closing, the recipients and the signature', () => {
    const headings = model.body.filter((b) => b.kind === 'heading').map((b) => plain((b as { runs: Inline[] }).runs));
    expect(headings).toContain('I. Công tác chỉ đạo, điều hành cải cách hành chính');
    expect(headings).toContain('2. Cải cách thủ tục hành chính (TTHC)');
    expect(headings).toContain('đ) Kết quả thực hiện cơ chế một cửa giải quyết thủ tục hành chính cho người dân, doanh nghiệp');
    expect(headings).toContain('III. ĐÁNH GIÁ CHUNG');
    expect(headings).toContain('IV. PHƯƠNG HƯỚNG, NHIỆM VỤ TRỌNG TÂM TRONG THỜI GIAN 6 THÁNG CUỐI NĂM 2023');
    expect(texts(model).at(-1)).toBe(
      'Trên đây là báo cáo công tác cải cách hành chính 6 tháng đầu năm và nhiệm vụ 6 tháng cuối năm 2023 của Sở Khoa học và Công nghệ./.',
    );
    expect(model.recipients.lines).toEqual(['- UBND tỉnh (báo cáo);', '- Sở Nội vụ;', '- GĐ, các PGĐ Sở;', '- Các phòng, đơn vị thuộc Sở;', '- Lưu: VT, HCTH.']);
    expect(model.signature).toEqual({ authority: 'KT. GIÁM ĐỐC', title: 'PHÓ GIÁM ĐỐC', name: 'Trần Quốc Bảo' });
  });

  it('keeps staff emphasis and sub-headings', () => {
    const list = model.body.find((b) => b.kind === 'paragraph' && b.list && plain(b.runs).startsWith('- Về thực hiện cơ chế tự chủ tại các cơ quan'));
    expect(list?.kind === 'paragraph' && list.runs).toEqual([
      { kind: 'text', text: '- ' },
      { kind: 'text', text: 'Về thực hiện cơ chế tự chủ tại các cơ quan hành chính nhà nước:', italic: true },
    ]);
    const iso = model.body.find((b) => b.kind === 'paragraph' && plain(b.runs).startsWith('* Việc ứng dụng ISO'));
    expect(iso?.kind === 'paragraph' && iso.runs[0]).toMatchObject({ bold: true, italic: true });
  });

  it('is deterministic and NFC', () => {
    expect(JSON.stringify(buildReportModel(seedReportInput()))).toBe(JSON.stringify(model));
    const json = JSON.stringify(model);
    expect(json.normalize('NFC')).toBe(json);
    expect(model.issuedAt).toBe('2023-06-14T17:00:00.000Z');
  });
});

describe('wording by period', () => {
  const subject = (id: string, from = '2023-01-01', to = '2023-01-31') => {
    const m = buildReportModel(seedReportInput({ figures: { ...SEED_FIGURES, period: { id, from, to } } }));
    const iv = m.body.find((b) => b.kind === 'heading' && plain(b.runs).startsWith('IV.'));
    return [m.subject.replace(' của Sở Khoa học và Công nghệ', ''), iv && iv.kind === 'heading' ? plain(iv.runs) : ''];
  };
  it.each([
    ['2023-M05', 'tháng 5 và nhiệm vụ tháng 6 năm 2023', 'IV. PHƯƠNG HƯỚNG, NHIỆM VỤ TRỌNG TÂM TRONG THÁNG 6 NĂM 2023'],
    ['2023-M12', 'tháng 12 năm 2023 và nhiệm vụ tháng 01 năm 2024', 'IV. PHƯƠNG HƯỚNG, NHIỆM VỤ TRỌNG TÂM TRONG THÁNG 01 NĂM 2024'],
    ['2023-Q1', 'quý I và nhiệm vụ quý II năm 2023', 'IV. PHƯƠNG HƯỚNG, NHIỆM VỤ TRỌNG TÂM TRONG QUÝ II NĂM 2023'],
    ['2023-Q2', 'quý II và nhiệm vụ quý III năm 2023', 'IV. PHƯƠNG HƯỚNG, NHIỆM VỤ TRỌNG TÂM TRONG QUÝ III NĂM 2023'],
    ['2023-Q3', 'quý III và nhiệm vụ quý IV năm 2023', 'IV. PHƯƠNG HƯỚNG, NHIỆM VỤ TRỌNG TÂM TRONG QUÝ IV NĂM 2023'],
    ['2023-Q4', 'quý IV năm 2023 và nhiệm vụ quý I năm 2024', 'IV. PHƯƠNG HƯỚNG, NHIỆM VỤ TRỌNG TÂM TRONG QUÝ I NĂM 2024'],
    ['2023-H1', '6 tháng đầu năm và nhiệm vụ 6 tháng cuối năm 2023', 'IV. PHƯƠNG HƯỚNG, NHIỆM VỤ TRỌNG TÂM TRONG THỜI GIAN 6 THÁNG CUỐI NĂM 2023'],
    ['2023-H2', '6 tháng cuối năm 2023 và nhiệm vụ 6 tháng đầu năm 2024', 'IV. PHƯƠNG HƯỚNG, NHIỆM VỤ TRỌNG TÂM TRONG THỜI GIAN 6 THÁNG ĐẦU NĂM 2024'],
    ['2023-9M', '9 tháng đầu năm và nhiệm vụ quý IV năm 2023', 'IV. PHƯƠNG HƯỚNG, NHIỆM VỤ TRỌNG TÂM TRONG QUÝ IV NĂM 2023'],
    ['2023-FY', 'năm 2023 và nhiệm vụ năm 2024', 'IV. PHƯƠNG HƯỚNG, NHIỆM VỤ TRỌNG TÂM TRONG NĂM 2024'],
  ])('%s', (id, phrase, iv) => {
    expect(subject(id)).toEqual([`Công tác cải cách hành chính ${phrase}`, iv]);
  });
});

describe('data paragraphs', () => {
  const sentence = (d: ReturnType<typeof dossiers>) =>
    texts(buildReportModel(seedReportInput({ figures: { ...SEED_FIGURES, dossiers: d }, sections: {} }))).find((t) => t.includes('đã tiếp nhận'));

  it('names postal receipts and overdue pending dossiers only when there are some', () => {
    expect(sentence(dossiers({ online: 52, direct: 1, postal: 2, carriedOver: 10, early: 59, withinDeadline: 5, overdue: 1 }))).toBe(
      `Từ ngày 15/12/2022 đến ngày 14/6/2023, Sở đã tiếp nhận 65 hồ sơ (trong đó, trực tuyến 52 hồ sơ, kỳ trước chuyển qua 10 hồ sơ, trực tiếp 1 hồ sơ và qua dịch vụ bưu chính công ích 2 hồ sơ); thực hiện giải quyết và trả kết quả trước hạn 59 hồ sơ và đúng hạn 0 hồ sơ, trễ hẹn 0 hồ sơ, 0 hồ sơ xin rút, 0 hồ sơ trả lại và 6 hồ sơ đang xử lý (trong đó, 5 hồ sơ chưa đến hạn trả kết quả và 1 hồ sơ quá hạn trả kết quả). ${naming(RATES)}`,
    );
    expect(sentence(dossiers({ online: 1234, early: 1230, late: 3, withinDeadline: 1 }))).toContain('tiếp nhận 1.234 hồ sơ');
  });

  it('prints the rates after the seed sentence, leaving out a rate with nothing to divide by, and no sentence when both have none', () => {
    const rates = (onTime: [number, number], online: [number, number]) => ({
      ...SEED_FIGURES.rates,
      onTime: { numerator: onTime[0], denominator: onTime[1] },
      online: { numerator: online[0], denominator: online[1] },
    });
    const model = (r: ReturnType<typeof rates>) => buildReportModel(seedReportInput({ figures: { ...SEED_FIGURES, rates: r }, sections: {} }));
    const ii2 = (r: ReturnType<typeof rates>) => texts(model(r)).find((t) => t.includes('đã tiếp nhận'));
    const total = (r: ReturnType<typeof rates>) => model(r).appendix.table.total.map((c) => c.text);
    expect(ii2(rates([59, 63], [1, 3]))).toBe(naming(`${ONE_STOP} Tỷ lệ giải quyết trước hạn, đúng hạn đạt 93,65%; tỷ lệ hồ sơ trực tuyến đạt 33,33%.`));
    expect(ii2(rates([0, 0], [2, 3]))).toBe(naming(`${ONE_STOP} Tỷ lệ hồ sơ trực tuyến đạt 66,67%.`));
    expect(ii2(rates([0, 0], [0, 0]))).toBe(naming(ONE_STOP));
    expect(total(rates([0, 0], [0, 0]))).toEqual(['Tổng cộng (tỷ lệ trước hạn, đúng hạn: —; tỷ lệ trực tuyến: —)', '63', '52', '1', '10', '59', '59', '0', '0', '4', '4', '0']);
  });

  it('names paper documents only when there are some', () => {
    const withPaper = texts(
      buildReportModel(seedReportInput({ figures: { ...SEED_FIGURES, documents: { issued: { total: 1521, electronic: 1417, electronicWithPaper: 99, paper: 5 } } } })),
    );
    expect(withPaper.some((t) => t.endsWith('Sở ban hành 1.521 văn bản, trong đó 1.417 văn bản điện tử, 99 văn bản điện tử kèm theo văn bản giấy và 5 văn bản giấy (trừ văn bản mật).'))).toBe(true);
  });

  it('writes every count without a leading zero, as the seed writes "4 hồ sơ", and leaves the staff narrative as written', () => {
    for (let n = 1; n <= 9; n++) {
      const m = buildReportModel(
        seedReportInput({
          figures: {
            ...SEED_FIGURES,
            dossiers: dossiers({ online: n, direct: n, postal: n, carriedOver: n, early: n, onTime: n, late: n, withdrawn: n, returned: n, withinDeadline: n, overdue: n }),
            documents: { issued: { total: 4 * n, electronic: n, electronicWithPaper: n, paper: 2 * n } },
          },
        }),
      );
      const data = texts(m).filter((t) => /đã tiếp nhận|Sở ban hành/.test(t)).join(' ');
      expect(data).toContain(`trực tiếp ${n} hồ sơ`);
      expect(data).toContain(`${n} văn bản điện tử kèm theo văn bản giấy`);
      expect(data, `counts of ${n}`).not.toMatch(/(^|[^\d.,/])0\d+ (hồ sơ|văn bản)/);
    }
    // the seed's sentence keeps its "4 hồ sơ"; the narrative its "03 phòng" and "01 công chức"
    const seed = texts(buildReportModel(seedReportInput()));
    expect(seed).toContain(II2);
    expect(ONE_STOP).toContain('và 4 hồ sơ đang xử lý chưa đến hạn trả kết quả.');
    const all = seed.join('\n');
    expect(all).toContain('sẽ tiến hành kiểm tra công tác cải cách hành chính tại 03 phòng chuyên môn');
    expect(all).toContain('+ Về đào tạo: 01 công chức tham gia đào tạo tiến sĩ; 02 công chức tham gia đào tạo thạc sĩ; 05 công chức, viên chức tham gia đào tạo Trung cấp lý luận chính trị.');
  });

  it('renders a section without narrative as its heading and its data', () => {
    const m = buildReportModel(seedReportInput({ sections: {}, citations: [] }));
    const i = m.body.findIndex((b) => b.kind === 'heading' && plain(b.runs) === '2. Cải cách thủ tục hành chính (TTHC)');
    expect(m.body[i + 1]).toEqual({ kind: 'paragraph', runs: [{ kind: 'text', text: II2 }] });
    expect(m.body[i + 2]).toEqual({ kind: 'heading', level: 2, runs: [{ kind: 'text', text: '3. Về cải cách tổ chức bộ máy' }] });
    const j = m.body.findIndex((b) => b.kind === 'heading' && plain(b.runs) === '1. Về tổ chức, chỉ đạo, điều hành cải cách hành chính');
    expect(m.body[j + 1]?.kind).toBe('heading');
    expect(texts(m).filter((t) => t === DOCUMENTS)).toHaveLength(1);
  });

  it('limits provisional figures to the day of the report and says so', () => {
    const m = buildReportModel(seedReportInput({ provisional: true, issuedOn: '2023-06-10', documentNumber: '' }));
    expect(m.provisionalNote).toContain('Số liệu tạm tính đến ngày 10/6/2023');
    expect(texts(m).some((t) => t.startsWith('Từ ngày 15/12/2022 đến ngày 10/6/2023, Sở đã tiếp nhận'))).toBe(true);
    expect(m.header.number).toBe(`Số:${'\u00A0'.repeat(8)}/BC-SKHCN`);
  });
});

describe('the stage of a rendering', () => {
  const NBSP = '\u00A0';

  it('leaves number and date blank in a draft, which is the default without a number', () => {
    for (const m of [buildReportModel(seedReportInput({ documentNumber: undefined })), buildReportModel(seedReportInput({ stage: 'draft' }))]) {
      expect(m.stage).toBe('draft');
      expect(m.header).toMatchObject({
        number: `Số:${NBSP.repeat(8)}/BC-SKHCN`,
        dateLine: `Quảng Ngãi, ngày${NBSP.repeat(6)}tháng${NBSP.repeat(6)}năm${NBSP.repeat(8)}`,
        blanks: { number: ['Số:', '/BC-SKHCN'], date: ['Quảng Ngãi, ngày', 'tháng', 'năm'] },
      });
      expect(m.appendix.reference).toBe(`(Kèm theo Báo cáo số${NBSP.repeat(8)}/BC-SKHCN của Sở Khoa học và Công nghệ)`);
    }
  });

  it("prints the leader's own title and name in the signed rendering, number and date still blank", () => {
    const m = buildReportModel(seedReportInput({ stage: 'signed', signer: { name: 'Trần Thị B', title: 'KT. Giám đốc\nPhó Giám đốc' } }));
    expect(m.stage).toBe('signed');
    expect(m.header.blanks).not.toBeNull();
    expect(m.signature).toEqual({ authority: 'KT. GIÁM ĐỐC', title: 'PHÓ GIÁM ĐỐC', name: 'Trần Thị B' });
    expect(buildReportModel(seedReportInput({ stage: 'signed', signer: { name: 'Lê Văn C', title: 'Giám đốc' } })).signature).toEqual({ authority: null, title: 'GIÁM ĐỐC', name: 'Lê Văn C' });
  });

  it('fills number, date and the appendix reference once issued', () => {
    const m = buildReportModel(seedReportInput({ documentNumber: undefined, issue: { number: '1015/BC-SKHCN', signerName: 'Trần Quốc Bảo', issuedOn: '2023-06-16' } }));
    expect(m.stage).toBe('issued');
    expect(m.header).toMatchObject({ number: 'Số: 1015/BC-SKHCN', dateLine: 'Quảng Ngãi, ngày 16 tháng 6 năm 2023', blanks: null });
    expect(m.appendix.reference).toBe('(Kèm theo Báo cáo số 1015/BC-SKHCN ngày 16/6/2023 của Sở Khoa học và Công nghệ)');
  });
});

describe('footnotes', () => {
  const KH = (number: string, sectionKey: 'direction' | 'inspection', issuedOn = '2023-03-01') => ({ sectionKey, kind: 'KH', number, issuedOn, subject: `Kế hoạch ${number}` });

  it('numbers by appearance through the report, markers first, the rest at the end of the last narrative paragraph', () => {
    const m = buildReportModel(
      seedReportInput({
        sections: {
          direction: ['Đoạn một{{cite:2/KH}}.', '### a) Tiêu đề', 'Đoạn hai.', 'Đoạn ba có {{cite:9/KH}} và {{cite:404/KH}}'],
          inspection: ['Kiểm tra.'],
        },
        citations: [KH('7/KH', 'inspection'), KH('9/KH', 'inspection'), KH('3/KH', 'direction', '2023-01-01'), KH('2/KH', 'direction')],
      }),
    );
    const all = texts(m);
    expect(all).toContain('Đoạn một[^1].');
    // 404/KH matches no attachment: the draft shows it (issue #23, 7), the rest of the paragraph keeps its notes.
    // The mark sits against the word before it, the space typed before the marker dropped.
    expect(all).toContain('Đoạn ba có[^2] và [chưa có văn bản 404/KH để trích dẫn][^3]');
    expect(all).toContain('Kiểm tra[^4].');
    expect(m.footnotes.map((f) => f.text)).toEqual([
      'Kế hoạch số 2/KH ngày 01/3/2023.',
      'Kế hoạch số 9/KH ngày 01/3/2023.',
      'Kế hoạch số 3/KH ngày 01/01/2023.',
      'Kế hoạch số 7/KH ngày 01/3/2023.',
    ]);
    expect(m.unmatchedCitations).toEqual([{ sectionKey: 'direction', number: '404/KH' }]);
  });

  it('gives a section with attachments but no narrative one line per attachment', () => {
    const m = buildReportModel(seedReportInput({ sections: {}, citations: [{ ...KH('2170/KH-SKHCN', 'direction'), kind: 'QĐ', subject: 'Quyết định ban hành Kế hoạch CCHC năm 2023', issuer: 'Giám đốc Sở' }] }));
    expect(texts(m)).toContain('Quyết định ban hành Kế hoạch CCHC năm 2023[^1].');
    expect(m.footnotes[0]!.text).toBe('Quyết định số 2170/KH-SKHCN ngày 01/3/2023 của Giám đốc Sở.');
  });
});

describe('section markup and schema', () => {
  it('parses emphasis, escapes and placeholders', () => {
    expect(parseParagraph('### a) **Đậm** và *nghiêng*').role).toBe('heading');
    expect(parseParagraph('+ mục').role).toBe('list');
    expect(parseParagraph('a **b *c* d** \\*e\\* {{cite:1/KH}} {{documents-issued}}').tokens).toEqual([
      { kind: 'text', text: 'a ', bold: false, italic: false },
      { kind: 'text', text: 'b ', bold: true, italic: false },
      { kind: 'text', text: 'c', bold: true, italic: true },
      { kind: 'text', text: ' d', bold: true, italic: false },
      { kind: 'text', text: ' *e* ', bold: false, italic: false },
      { kind: 'cite', number: '1/KH' },
      { kind: 'text', text: ' ', bold: false, italic: false },
      { kind: 'data', placeholder: 'documents-issued' },
    ]);
    expect(parseParagraph('5 * 3 = 15').tokens).toEqual([{ kind: 'text', text: '5 * 3 = 15', bold: false, italic: false }]);
  });

  it('refuses bad bodies and names the paragraph', () => {
    const schema = sectionBodySchemaFor('procedures');
    expect(schema.parse({ paragraphs: [' Cafe\u0301 {{one-stop-results}} '] }).paragraphs[0]).toBe('Café {{one-stop-results}}');
    const issues = (body: unknown) => schema.safeParse(body).error?.issues.map((i) => [i.path.join('.'), i.message]);
    expect(issues({ paragraphs: [] })?.[0]?.[0]).toBe('paragraphs');
    expect(issues({ paragraphs: ['ok', 'tab\there'] })).toEqual([['paragraphs.1', expect.stringContaining('control characters')]]);
    expect(issues({ paragraphs: ['{{documents-issued}}'] })?.[0]?.[1]).toContain('does not belong in section procedures');
    expect(issues({ paragraphs: ['{{one-stop-results}}', '{{one-stop-results}}'] })?.[0]).toEqual(['paragraphs.1', expect.stringContaining('only once')]);
    expect(issues({ paragraphs: ['{{foo}}'] })?.[0]?.[1]).toContain('unknown placeholder');
    expect(issues({ paragraphs: ['x'.repeat(10_001)] })?.[0]?.[0]).toBe('paragraphs.0');
    expect(issues({ paragraphs: Array.from({ length: 11 }, () => 'x'.repeat(10_000)) })?.[0]).toEqual(['paragraphs', expect.stringContaining('100000')]);
    expect(SECTION_OUTLINE.procedures.position).toBe('II.2');
  });

  it('validates the agency profile and names bad fields', () => {
    const bad = AgencyProfileSchema.safeParse({
      ...SEED_PROFILE,
      symbol: 'sk hcn',
      recipients: [{ line: 'UBND tỉnh (báo cáo)', emails: ['not-an-email'] }],
      signer: { ...SEED_PROFILE.signer, name: '' },
      periodKinds: ['Q', 'Q'],
    });
    expect(bad.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['periodKinds', 'recipients.0.emails.0', 'signer.name', 'symbol']);
    expect(AgencyProfileSchema.parse({ ...SEED_PROFILE, signer: { title: 'GIÁM ĐỐC', name: 'Trần Quốc Bảo' } }).signer.authority).toBe('');
  });
});
