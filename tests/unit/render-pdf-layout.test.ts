// The PDF's layout without pdfkit: line breaking, pagination and footnote placement measured with a
// fake font in which every character (code point) is half the font size wide.
import { describe, expect, it } from 'vitest';
import { buildReportModel, type Block, type ReportModel } from '#domain/report-model.ts';
import { layoutReport } from '#render/pdf-layout.ts';
import { LINE, breakLines, setLine, type LaidText, type Line, type Measure, type PlacedLine } from '#render/pdf-lines.ts';
import { BOTTOM, LEFT, PAGE, PageFlow, WIDTH, type LaidPage } from '#render/pdf-pages.ts';
import { manyFieldsFigures, seedReportInput } from '../fixtures/seed-report-input.ts';

const fake: Measure = (_font, size, text) => Array.from(text).length * size * 0.5;
const plain = (text: string, size = 10) => [{ text, font: 'regular' as const, size }];
const lineText = (line: Line) => line.words.map((w) => w.pieces.map((p) => p.text).join('')).join(' ');
const texts = (laid: LaidText) => laid.lines.map(lineText);
const placedText = (line: PlacedLine) => line.runs.map((r) => r.text).join('');

/** Every line on a page, cells' lines included, in drawing order. */
const pageLines = (page: LaidPage): PlacedLine[] =>
  page.items.flatMap((item) => (item.kind === 'line' ? [item] : item.kind === 'cell' ? item.lines : []));
const marksOn = (page: LaidPage) => pageLines(page).flatMap((l) => l.notes);
const notesAtFoot = (page: LaidPage) => page.footnotes?.notes.map((n) => n.n) ?? [];

describe('PDF line breaking', () => {
  // size 10: 5 pt a character, 5 pt a space; 40 pt holds 8 characters
  it('fills each line with as many words as fit, the last line marked', () => {
    const laid = breakLines(fake, plain('aaa bbb ccc ddd eee'), { size: 10, width: 40, align: 'justify' });
    expect(texts(laid)).toEqual(['aaa bbb', 'ccc ddd', 'eee']);
    expect(laid.lines.map((l) => l.last)).toEqual([false, false, true]);
    expect(laid.lines.map((l) => l.width)).toEqual([35, 35, 15]);
    expect(laid.lineHeight).toBe(10 * LINE);
  });

  it('indents the first line only', () => {
    const laid = breakLines(fake, plain('aaa bbb ccc ddd eee'), { size: 10, width: 40, align: 'justify', firstIndent: 10 });
    expect(texts(laid)).toEqual(['aaa', 'bbb ccc', 'ddd eee']);
    expect(laid.lines.map((l) => l.indent)).toEqual([10, 0, 0]);
  });

  it('cuts a word wider than the line into pieces that fit, and goes on after it', () => {
    const laid = breakLines(fake, plain('go abcdefghijklmnopqrstuvwxyz end'), { size: 10, width: 40, align: 'left' });
    expect(texts(laid)).toEqual(['go', 'abcdefgh', 'ijklmnop', 'qrstuvwx', 'yz end']);
    for (const line of laid.lines) expect(line.width).toBeLessThanOrEqual(40);
  });

  it('breaks Vietnamese text between words and cuts a long word between whole letters, keeping NFC', () => {
    const sentence = 'Thực hiện Nghị định số 30/2020/NĐ-CP về công tác văn thư của Sở Khoa học và Công nghệ'.normalize('NFC');
    const laid = breakLines(fake, plain(sentence), { size: 10, width: 70, align: 'justify' });
    expect(texts(laid)).toEqual(['Thực hiện Nghị', 'định số', '30/2020/NĐ-CP', 'về công tác', 'văn thư của Sở', 'Khoa học và', 'Công nghệ']);
    // each precomposed letter is one character of the font
    for (const line of laid.lines) expect(line.width).toBe(Array.from(lineText(line)).length * 5);

    const word = 'Chuyểnđổisốtoàndiệnhànhchínhđiệntử'.normalize('NFC');
    const cut = texts(breakLines(fake, plain(word), { size: 10, width: 40, align: 'left' }));
    expect(cut).toEqual(['Chuyểnđổ', 'isốtoànd', 'iệnhànhc', 'hínhđiện', 'tử']);
    expect(cut.join('')).toBe(word);
    for (const piece of cut) {
      expect(piece.normalize('NFC')).toBe(piece);
      expect(piece).not.toMatch(/^\p{M}/u);
    }
  });

  it('keeps words joined by no-break spaces on one line and draws those as spaces', () => {
    const laid = breakLines(fake, plain('Số:\u00A0\u00A0\u00A0/BC-SKHCN ngày'), { size: 10, width: 80, align: 'left' });
    expect(texts(laid)).toEqual(['Số:   /BC-SKHCN', 'ngày']);
    expect(laid.lines[0]!.width).toBe(15 * 5);
  });

  it('keeps a footnote reference with its word, raised and smaller, and records it on its line', () => {
    const laid = breakLines(fake, [...plain('năm 2023', 14), { note: 3, size: 14 }, ...plain('.', 14)], { size: 14, width: 400, align: 'justify' });
    expect(texts(laid)).toEqual(['năm 20233.']);
    expect(laid.lines[0]!.notes).toEqual([3]);
    const placed = setLine(fake, laid, laid.lines[0]!, 0, 100);
    expect(placed.runs.map((r) => r.text)).toEqual(['năm 2023', '3', '.']);
    const [text, mark, stop] = placed.runs;
    expect(mark!.size).toBeCloseTo(14 * 0.65);
    expect(mark!.y).toBeLessThan(text!.y);
    expect(stop!.y).toBe(text!.y);
    expect(mark!.x).toBe(text!.x + 8 * 7);
  });

  it('justifies all lines but the last by widening the spaces, and centres or right-aligns when asked', () => {
    const laid = breakLines(fake, plain('aa bbb cccc dd'), { size: 10, width: 50, align: 'justify' });
    expect(texts(laid)).toEqual(['aa bbb', 'cccc dd']);
    const [first, last] = laid.lines.map((l) => setLine(fake, laid, l, 100, 0).runs);
    // 50 pt less 25 pt of letters: the one space is 25 pt, 20 pt more than a plain space
    expect(first).toEqual([{ text: 'aa bbb', font: 'regular', size: 10, x: 100, y: 0, wordSpacing: 20 }]);
    expect(last![0]!.wordSpacing).toBe(0);
    const centred = breakLines(fake, plain('aa bb'), { size: 10, width: 60, align: 'center' });
    expect(setLine(fake, centred, centred.lines[0]!, 100, 0).runs[0]!.x).toBe(100 + (60 - 25) / 2);
    const right = breakLines(fake, plain('aa bb'), { size: 10, width: 60, align: 'right' });
    expect(setLine(fake, right, right.lines[0]!, 100, 0).runs[0]!.x).toBe(100 + 60 - 25);
  });
});

describe('PDF pagination', () => {
  const body = (text: string) => breakLines(fake, plain(text, 14), { size: 14, width: WIDTH, align: 'justify' });

  it('moves a line that does not fit to the next page, which gets its number in the top margin', () => {
    const flow = new PageFlow(fake, new Map());
    flow.y = BOTTOM - 10;
    flow.paragraph(body('Dòng không đủ chỗ ở cuối trang'));
    const pages = flow.finish();
    expect(pages.map((p) => p.items.length)).toEqual([0, 1]);
    expect(pages[0]!.pageNumber).toBeNull();
    const label = pages[1]!.pageNumber!;
    expect(label.text).toBe('2');
    expect(label.y).toBeLessThan(PAGE.top);
    expect(label.x + fake('regular', label.size, '2') / 2).toBeCloseTo(LEFT + WIDTH / 2);
    const line = pages[1]!.items[0]!;
    expect(line.kind === 'line' && line.runs[0]!.y).toBeCloseTo(PAGE.top);
  });

  it('places a block taller than a page at the top of a page rather than leaving empty pages', () => {
    const flow = new PageFlow(fake, new Map());
    expect(flow.place(2 * PAGE.height)).toBe(PAGE.top);
    expect(flow.finish()).toHaveLength(1);
  });

  it('keeps the signature block whole, and the closing sentence with it', () => {
    const model = buildReportModel(seedReportInput());
    const filler: Block = { kind: 'paragraph', runs: [{ kind: 'text', text: 'Nội dung.' }] };
    const closingSentence: Block = { kind: 'paragraph', runs: [{ kind: 'text', text: 'Trên đây là báo cáo./.' }] };
    let moved = 0;
    for (let n = 0; n < 60; n++) {
      const pages = layoutReport({ ...model, body: [...Array.from({ length: n }, () => filler), closingSentence], footnotes: [] }, fake).pages;
      const holding = pages.filter((p) => pageLines(p).some((l) => /Nơi nhận|Trần Quốc Bảo/.test(placedText(l))));
      expect(holding, `${n} paragraphs`).toHaveLength(1);
      const lines = pageLines(holding[0]!).map(placedText);
      expect(lines, `${n} paragraphs`).toContain('Trên đây là báo cáo./.');
      if (lines[0] === 'Trên đây là báo cáo./.') moved++;
    }
    expect(moved).toBeGreaterThan(0);
  });

  it('does not leave a heading alone at the foot of a page: it goes on with the first line under it', () => {
    const model = buildReportModel(seedReportInput());
    const text = (t: string) => [{ kind: 'text' as const, text: t }];
    let moved = 0;
    for (let n = 20; n < 60; n++) {
      const blocks: Block[] = [
        ...Array.from({ length: n }, (): Block => ({ kind: 'paragraph', runs: text('Đoạn một dòng.') })),
        { kind: 'heading', level: 2, runs: text('2. TIÊU ĐỀ MỤC') },
        { kind: 'paragraph', runs: text('Dòng đầu tiên sau tiêu đề.') },
      ];
      const pages = layoutReport({ ...model, body: blocks, footnotes: [] }, fake).pages;
      const at = pages.findIndex((p) => pageLines(p).some((l) => placedText(l) === '2. TIÊU ĐỀ MỤC'));
      const lines = pageLines(pages[at]!).map(placedText);
      expect(lines[lines.indexOf('2. TIÊU ĐỀ MỤC') + 1], `${n} paragraphs`).toBe('Dòng đầu tiên sau tiêu đề.');
      // moved although the heading alone would have fitted under the page's last line
      const before = at > 0 && lines[0] === '2. TIÊU ĐỀ MỤC' ? pageLines(pages[at - 1]!).at(-1) : undefined;
      if (before && before.runs[0]!.y + 2 * 14 * LINE <= BOTTOM) moved++;
    }
    expect(moved).toBeGreaterThan(0);
  });

  it('keeps a heading, the sub-heading under it and the first line of text together, whatever the place on the page', () => {
    const model = buildReportModel(seedReportInput());
    const text = (t: string) => [{ kind: 'text' as const, text: t }];
    const lead = (n: number): Block[] => Array.from({ length: n }, (): Block => ({ kind: 'paragraph', runs: text('Đoạn một dòng.') }));
    const chains: Block[][] = [
      [
        { kind: 'heading', level: 2, runs: text('4. TIÊU ĐỀ MỤC') },
        { kind: 'heading', level: 3, runs: text('a) Tiêu đề nhỏ') },
      ],
      [{ kind: 'paragraph', list: true, runs: [...text('- '), { kind: 'text', text: 'Về thực hiện cơ chế tự chủ:', italic: true }] }],
      [{ kind: 'paragraph', runs: [{ kind: 'text', text: '* Việc ứng dụng ISO', bold: true, italic: true }] }],
    ];
    for (const chain of chains) {
      // compared without spaces: a run in another style starts its own text, without the space before it
      const squeeze = (t: string) => t.replace(/ /g, '');
      const names = chain.map((b) => squeeze(b.runs.map((r) => (r.kind === 'text' ? r.text : '')).join('')));
      for (let n = 20; n < 70; n++) {
        const blocks = [...lead(n), ...chain, { kind: 'paragraph' as const, runs: text('Dòng đầu tiên sau tiêu đề.') }, ...lead(3)];
        const pages = layoutReport({ ...model, body: blocks, footnotes: [] }, fake).pages;
        const page = pages.find((p) => pageLines(p).some((l) => squeeze(placedText(l)) === names[0]))!;
        const lines = pageLines(page).map((l) => squeeze(placedText(l)));
        const at = lines.indexOf(names[0]!);
        expect(lines.slice(at, at + names.length + 1), `${n} paragraphs`).toEqual([...names, squeeze('Dòng đầu tiên sau tiêu đề.')]);
      }
    }
  });

  it('repeats the form-06 head on each page the table runs to', () => {
    const pages = layoutReport(buildReportModel(seedReportInput({ figures: manyFieldsFigures(60) })), fake).pages;
    const withRows = pages.filter((p) => pageLines(p).some((l) => /^Lĩnh vực/.test(placedText(l))));
    expect(withRows.length).toBeGreaterThanOrEqual(2);
    for (const page of withRows) expect(pageLines(page).map(placedText)).toContain('Số hồ sơ nhận giải quyết');
  });
});

describe('PDF widows and orphans', () => {
  const model = buildReportModel(seedReportInput());
  /** Paragraph k of `lines` lines: its words are "pk" so that each printed line tells its paragraph. */
  const para = (k: number, lines: number): Block => ({ kind: 'paragraph', runs: [{ kind: 'text', text: Array.from({ length: lines * 17 }, () => `p${k}`).join(' ') }] });
  const paragraphOf = (line: PlacedLine) => /^p(\d+)/.exec(placedText(line).trim())?.[1];

  it('never leaves one line of a paragraph alone at the foot or the head of a page, wherever the breaks fall', () => {
    let split = 0;
    for (let lead = 0; lead < 30; lead++) {
      // one-line paragraphs move everything after them by a line at a time; paragraphs of 2–6 lines follow
      const body: Block[] = [...Array.from({ length: lead }, () => ({ kind: 'paragraph' as const, runs: [{ kind: 'text' as const, text: 'Một dòng.' }] }))];
      for (let k = 0; k < 24; k++) body.push(para(k, 2 + (k % 5)));
      const pages = layoutReport({ ...model, body, footnotes: [] }, fake).pages;
      const counts = pages.map((p) => {
        const c = new Map<string, number>();
        for (const l of pageLines(p)) {
          const k = paragraphOf(l);
          if (k !== undefined) c.set(k, (c.get(k) ?? 0) + 1);
        }
        return c;
      });
      counts.forEach((c, i) => {
        for (const [k, n] of c) {
          if (n === 2 + (Number(k) % 5)) continue; // whole on this page
          split++;
          expect(n, `lead ${lead}: paragraph ${k} on page ${i + 1}`).toBeGreaterThanOrEqual(2);
        }
      });
    }
    expect(split).toBeGreaterThan(20);
  });
});

describe('PDF slots and draft mark', () => {
  const runsOf = (page: LaidPage) => pageLines(page).flatMap((l) => l.runs);
  const find = (page: LaidPage, text: string) => runsOf(page).find((r) => r.text === text)!;
  /** The slot's top, from the page's top as the layout measures. */
  const top = (r: { y: number; height: number }) => PAGE.height - r.y - r.height;

  it('leaves the number and the date blank in a draft and measures their slots between the words around them', () => {
    const { pages, slots } = layoutReport(buildReportModel(seedReportInput({ stage: 'draft' })), fake);
    const first = pages[0]!;
    const so = find(first, 'Số:');
    const bc = find(first, '/BC-SKHCN');
    expect(slots.number.page).toBe(0);
    expect(slots.number.x).toBeCloseTo(so.x + fake('regular', 13, 'Số:'));
    expect(bc.x).toBeCloseTo(slots.number.x + slots.number.width);
    expect(slots.number.width).toBeCloseTo(fake('regular', 13, ' 00000 '));
    const ngay = find(first, 'Quảng Ngãi, ngày');
    const [thang, nam] = [find(first, 'tháng'), find(first, 'năm')];
    expect(slots.day.x).toBeCloseTo(ngay.x + fake('italic', 13, 'Quảng Ngãi, ngày'));
    expect(thang.x).toBeCloseTo(slots.day.x + slots.day.width);
    expect(slots.month.x).toBeCloseTo(thang.x + fake('italic', 13, 'tháng'));
    expect(nam.x).toBeCloseTo(slots.month.x + slots.month.width);
    expect(slots.year.x).toBeCloseTo(nam.x + fake('italic', 13, 'năm'));
    for (const slot of [slots.number, slots.day, slots.month, slots.year]) {
      expect(top(slot)).toBeCloseTo(so.y);
      expect(slot.height).toBeCloseTo(13 * 1.149);
    }
    expect(slots.fontSize).toBe(13);
    // nothing is printed in the blanks
    for (const r of runsOf(first)) {
      for (const slot of [slots.number, slots.day, slots.month, slots.year]) {
        const overlaps = Math.abs(r.y - so.y) < 1 && r.x < slot.x + slot.width - 0.01 && r.x + fake(r.font, r.size, r.text) > slot.x + 0.01;
        expect(overlaps, r.text).toBe(false);
      }
    }
  });

  it("measures the room to sign between the signer's title and name, on the page that holds them", () => {
    const { pages, slots } = layoutReport(buildReportModel(seedReportInput({ stage: 'signed' })), fake);
    const page = pages[slots.signature.page]!;
    const title = find(page, 'PHÓ GIÁM ĐỐC');
    const name = find(page, 'Trần Quốc Bảo');
    expect(top(slots.signature)).toBeCloseTo(title.y + 14 * 1.149);
    expect(top(slots.signature) + slots.signature.height).toBeCloseTo(name.y);
    expect(slots.signature.height).toBeGreaterThan(70);
    expect(slots.signature.x).toBeLessThanOrEqual(title.x);
    expect(slots.signature.x + slots.signature.width).toBeCloseTo(LEFT + WIDTH);
    // the appendix follows on a page of its own
    const appendixPage = pages.findIndex((p) => pageLines(p).some((l) => placedText(l) === 'Phụ lục'));
    expect(appendixPage).toBe(slots.signature.page + 1);
  });

  it('prints the number and the date of an issued report inside its slots', () => {
    const { pages, slots } = layoutReport(buildReportModel(seedReportInput()), fake);
    const runs = runsOf(pages[0]!);
    for (const [slot, text] of [[slots.number, '1015'], [slots.day, '15'], [slots.month, '6'], [slots.year, '2023']] as const) {
      const r = runs.find((x) => x.text === text && Math.abs(x.x - slot.x) < 0.01);
      expect(r, text).toBeDefined();
      expect(slot.width).toBeCloseTo(fake(r!.font, 13, text));
    }
  });

  it('marks every page of a draft "DỰ THẢO" at the right of the top margin, and no page of a signed report', () => {
    const draft = layoutReport(buildReportModel(seedReportInput({ stage: 'draft' })), fake).pages;
    for (const page of draft) {
      const mark = page.items.find((i) => i.kind === 'cell' && i.lines.some((l) => placedText(l) === 'DỰ THẢO'));
      expect(mark, `page ${page.number}`).toBeDefined();
      expect(mark!.kind === 'cell' && mark!.y + mark!.height).toBeLessThan(PAGE.top);
      expect(mark!.kind === 'cell' && mark!.x + mark!.width).toBeCloseTo(LEFT + WIDTH);
    }
    const signed = layoutReport(buildReportModel(seedReportInput({ stage: 'signed' })), fake).pages;
    expect(signed.flatMap(pageLines).map(placedText)).not.toContain('DỰ THẢO');
    expect(signed).toHaveLength(draft.length);
  });

  it('draws the rule under the subject 1/3 to 1/2 as long as its longest line', () => {
    const model = buildReportModel(seedReportInput());
    const pages = layoutReport(model, fake).pages;
    const subjectLines = pageLines(pages[0]!).filter((l) => model.subject.includes(placedText(l)) && placedText(l).length > 10);
    const longest = Math.max(...subjectLines.map((l) => fake('bold', 14, placedText(l))));
    const under = Math.max(...subjectLines.map((l) => l.runs[0]!.y));
    const rule = pages[0]!.items.find((i) => i.kind === 'rule' && i.y > under && i.y < under + 30);
    expect(rule?.kind === 'rule' && rule.width / longest).toBeGreaterThanOrEqual(1 / 3);
    expect(rule?.kind === 'rule' && rule.width / longest).toBeLessThanOrEqual(1 / 2);
  });
});

describe('PDF footnotes', () => {
  const note = (n: number, text: string) => breakLines(fake, [{ note: n, size: 10 }, ...plain(` ${text}`)], { size: 10, width: WIDTH, align: 'justify', lineFactor: 1.149 });
  const cited = (n: number) => breakLines(fake, [...plain('Theo kế hoạch', 14), { note: n, size: 14 }], { size: 14, width: WIDTH, align: 'justify' });

  it('sets the footnotes of a page at its foot, under a rule, in the order of their marks', () => {
    const notes = new Map([
      [1, note(1, 'Kế hoạch số 2170/KH-SKHCN ngày 30/12/2022 của Giám đốc Sở Khoa học và Công nghệ. '.repeat(3))],
      [2, note(2, 'Quyết định số 107/QĐ-SKHCN ngày 13/6/2023.')],
    ]);
    const flow = new PageFlow(fake, notes);
    flow.paragraph(cited(1));
    flow.paragraph(cited(2));
    const [page] = flow.finish();
    expect(notesAtFoot(page!)).toEqual([1, 2]);
    const { rule, notes: placed } = page!.footnotes!;
    expect(rule).toMatchObject({ x: LEFT, width: WIDTH / 3 });
    const tops = placed.flatMap((n) => n.lines.map((l) => l.runs.at(-1)!.y));
    expect(tops[0]).toBeGreaterThan(rule.y);
    expect([...tops].sort((a, b) => a - b)).toEqual(tops);
    // the last line's box ends on the bottom margin
    expect(tops.at(-1)! + 10 * 1.149 + 1).toBeCloseTo(BOTTOM);
  });

  it('moves a line to the next page when its footnote does not fit on this one, though the line would', () => {
    const notes = new Map([[1, note(1, 'Văn bản. '.repeat(60))]]);
    const flow = new PageFlow(fake, notes);
    flow.y = BOTTOM - 14 * LINE - 20; // room for the line, not for its footnote
    flow.paragraph(cited(1));
    const pages = flow.finish();
    expect(pages).toHaveLength(2);
    expect(pages[0]!.items).toEqual([]);
    expect(pages[0]!.footnotes).toBeNull();
    expect(marksOn(pages[1]!)).toEqual([1]);
    expect(notesAtFoot(pages[1]!)).toEqual([1]);
  });

  /** A long report whose paragraphs cite documents with footnotes of various lengths. */
  function footnoteHeavy(): ReportModel {
    const model = buildReportModel(seedReportInput());
    const footnotes: ReportModel['footnotes'] = [];
    const body: Block[] = Array.from({ length: 70 }, (_, i) => {
      const cites = i % 3 === 0 ? [] : Array.from({ length: 1 + (i % 2) }, () => footnotes.push({ n: footnotes.length + 1, text: 'Kế hoạch số 294/KH-SKHCN ngày 03/3/2023 của Sở. '.repeat(1 + (i % 5)) }));
      return { kind: 'paragraph', runs: [{ kind: 'text', text: 'Triển khai thực hiện cải cách hành chính. '.repeat(1 + (i % 4)) }, ...cites.map((n) => ({ kind: 'note' as const, n }))] };
    });
    return { ...model, body, footnotes };
  }

  for (const [name, model] of [
    ['the seed report', () => buildReportModel(seedReportInput())],
    ['a report heavy with footnotes', footnoteHeavy],
  ] as const) {
    it(`puts each footnote of ${name} on the page of its mark, once, under the page's content`, () => {
      const m = model();
      const pages = layoutReport(m, fake).pages;
      expect(pages.length).toBeGreaterThan(2);
      for (const page of pages) {
        expect(notesAtFoot(page), `page ${page.number}`).toEqual(marksOn(page));
        if (!page.footnotes) continue;
        const contentTops = pageLines(page).flatMap((l) => l.runs.map((r) => r.y));
        expect(page.footnotes.rule.y).toBeGreaterThan(Math.max(...contentTops));
      }
      expect(pages.flatMap(notesAtFoot)).toEqual(m.footnotes.map((f) => f.n));
    });
  }
});
