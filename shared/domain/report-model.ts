// The report model: everything the DOCX and PDF renderers print, worked out once, purely, from the
// agency profile, the period's figures, the staff narrative and the accepted attachments.
import type { PeriodFigures } from './figures.ts';
import { parsePeriodId, startOfLocalDate } from './periods.ts';
import type { AgencyProfile } from './profile.ts';
import { citationText, sortCitations, type Citation, type CitedDocument } from './report/citations.ts';
import { documentsSentence, form06Table, oneStopSentence, ratesSentence, type DataSpan, type Form06Table } from './report/data-paragraphs.ts';
import { periodWording } from './report/period-wording.ts';
import { agenciesTable, comparisonSentence, levelsSentence, provinceForm06Table, rankingSentence, submissionsSentence, type ProvinceInput } from './report/province.ts';
import { DATA_PLACEHOLDERS, REPORT_PARTS, SECTION_KEYS, SECTION_OUTLINE, parseParagraph, type SectionKey } from './sections.ts';
import { formatDate, formatDateLine, nfc, upperVi } from './vi-format.ts';

export type { Citation } from './report/citations.ts';
export type { Form06Table, TableCell } from './report/data-paragraphs.ts';

/**
 * The issuing agency's name as the letterhead prints it (Decree 30/2020, Annex I, I.3): the governing
 * body above it in regular capitals, then its own name in bold. The province (UBND tỉnh) has no
 * governing body: its name alone, in two lines, "ỦY BAN NHÂN DÂN" over "TỈNH QUẢNG NGÃI".
 */
function letterheadNames(profile: Pick<AgencyProfile, 'parentBody' | 'agencyName' | 'level'>): Pick<ReportModel['header'], 'parentBody' | 'agencyName'> {
  const name = upperVi(profile.agencyName);
  if (profile.level !== 'province') return { parentBody: upperVi(profile.parentBody), agencyName: [name] };
  const council = /^(ỦY BAN NHÂN DÂN)\s+(.+)$/u.exec(name);
  return { parentBody: null, agencyName: council ? [council[1]!, council[2]!] : [name] };
}

export interface ReportInput {
  profile: AgencyProfile;
  figures: PeriodFigures;
  /** staff narrative per section, paragraphs in the markup of sections.ts */
  sections: Partial<Record<SectionKey, string[]>>;
  /** accepted attachments of the period */
  citations: Citation[];
  /** when the profile's level is `province`: its agencies' figures, submissions and issued reports (its `figures` are their sum) */
  province?: ProvinceInput;
  /** local date of the report, YYYY-MM-DD */
  issuedOn: string;
  /** "1015" or "1015/BC-SKHCN"; absent or "" leaves the number blank ("Số:        /BC-SKHCN") for the clerk */
  documentNumber?: string;
  /** the period has not closed yet: the figures may still change */
  provisional: boolean;
  /** a report already issued for the period is completed by this one (báo cáo bổ sung) */
  amendment?: true;
  /** what the leader issuing it sets: the number, the date line and the name under the signature */
  issue?: { number: string; signerName: string; issuedOn: string };
  /** which rendering (see `ReportStage`); by default `issued` when a number is given (`issue` or `documentNumber`), else `draft` */
  stage?: ReportStage;
  /** who signs, for the `signed` rendering: the leader's own name and title ("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC"); the profile's signer otherwise */
  signer?: { name: string; title: string };
}

/**
 * Which rendering of a report version (Decree 30/2020/NĐ-CP, Articles 13 and 17; CONTRACT §6):
 * - `draft`: "DỰ THẢO" on every page, the number and the date left blank for the clerk;
 * - `signed`: what the leader signs: no mark, the leader's title and own name, number and date still blank;
 * - `issued`: number and date filled (the issued DOCX; the issued PDF is the signed one with the
 *   number and date drawn into its blanks in an incremental update).
 */
export type ReportStage = 'draft' | 'signed' | 'issued';

export type Inline = { kind: 'text'; text: string; bold?: boolean; italic?: boolean } | { kind: 'note'; n: number };

export type Block =
  /** level 1: part ("I. …"), 2: section ("1. …"), 3: staff sub-heading ("a) …") */
  | { kind: 'heading'; level: 1 | 2 | 3; runs: Inline[] }
  | { kind: 'paragraph'; runs: Inline[]; list?: boolean };

interface Footnote {
  n: number;
  text: string;
}

/** The text around the clerk's blanks, while the number and the date are not given yet. */
interface ClerkBlanks {
  /** "Số:" and "/BC-SKHCN": the number's blank goes between them */
  number: [string, string];
  /** "Quảng Ngãi, ngày", "tháng", "năm": the day's, the month's and the year's blank each follow one */
  date: [string, string, string];
}

/** Form 06 as the report's appendix, on a page of its own after Nơi nhận (REPORT.md, "Draft, appendix, page breaks"). */
interface Appendix {
  /** "Phụ lục"; the province's "Phụ lục I", "Phụ lục II" */
  heading: string;
  /** "(Kèm theo Báo cáo số 1015/BC-SKHCN ngày 15/6/2023 của Sở Khoa học và Công nghệ)", the number and date blank until issued */
  reference: string;
  table: Form06Table;
}

export interface ReportModel {
  agencyId: string;
  stage: ReportStage;
  periodId: string;
  issuedOn: string;
  /** 00:00 local time of issuedOn (ISO, UTC): the files' creation and modification dates */
  issuedAt: string;
  /** for the files' properties: "Báo cáo công tác cải cách hành chính … của Sở …" */
  documentTitle: string;
  author: string;
  header: {
    /** "UBND TỈNH QUẢNG NGÃI"; null for the province itself, which has no governing body above it */
    parentBody: string | null;
    /** the agency's name in bold capitals, one entry per line: ["SỞ KHOA HỌC VÀ CÔNG NGHỆ"], or ["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI"] */
    agencyName: string[];
    /** "Số: 1015/BC-SKHCN", or with the number left blank "Số:" + 8 no-break spaces + "/BC-SKHCN" */
    number: string;
    nation: string;
    motto: string;
    /** "Quảng Ngãi, ngày 15 tháng 6 năm 2023", or with day, month and year left blank (no-break spaces) */
    dateLine: string;
    /** set while the number and the date are blank (draft, signed): the text around the blanks */
    blanks: ClerkBlanks | null;
  };
  title: string;
  /** "Công tác cải cách hành chính 6 tháng đầu năm và nhiệm vụ 6 tháng cuối năm 2023 của Sở …" */
  subject: string;
  /** "(Số liệu tạm tính đến ngày 10/6/2023)" when provisional */
  provisionalNote: string | null;
  /** basis paragraph, parts I–IV, closing sentence */
  body: Block[];
  /** numbered in order of appearance */
  footnotes: Footnote[];
  recipients: { heading: string; lines: string[] };
  signature: { authority: string | null; title: string; name: string };
  appendix: Appendix;
  /** the appendices after the first, each on a page of its own (the province's table of every agency) */
  moreAppendices: Appendix[];
  /** {{cite:…}} markers no attachment matched; a draft shows a placeholder in their place */
  unmatchedCitations: { sectionKey: SectionKey; number: string }[];
}

// While building, a footnote reference holds its citation; numbers are given once the body is whole.
type DraftInline = Exclude<Inline, { kind: 'note' }> | { kind: 'cite'; citation: CitedDocument };
type DraftBlock =
  | { kind: 'heading'; level: 1 | 2 | 3; runs: DraftInline[] }
  | { kind: 'paragraph'; runs: DraftInline[]; list?: boolean };

const text = (t: string, style: { bold?: boolean; italic?: boolean } = {}): DraftInline => ({
  kind: 'text',
  text: t,
  ...(style.bold ? { bold: true } : {}),
  ...(style.italic ? { italic: true } : {}),
});

/** Puts footnote references at the end of a paragraph, before its closing punctuation. */
function appendNotes(runs: DraftInline[], citations: CitedDocument[]): void {
  const notes: DraftInline[] = citations.map((citation) => ({ kind: 'cite', citation }));
  const last = runs.at(-1);
  const punct = last?.kind === 'text' && !last.text.endsWith('./.') ? /[.;:,!?…]+$/.exec(last.text) : null;
  if (last?.kind === 'text' && punct) {
    const style = { bold: last.bold, italic: last.italic };
    const before = last.text.slice(0, punct.index);
    runs.pop();
    if (before) runs.push(text(before, style));
    runs.push(...notes, text(punct[0], style));
  } else {
    runs.push(...notes);
  }
}

interface DataContent {
  oneStop: string;
  documents: string;
  /** paragraphs after a section's data paragraph, or at its end when it has none (the province's) */
  more: Partial<Record<SectionKey, string[]>>;
}

/** What a {{cite:…}} marker may name: the period's attachments, and (the province's) the agencies' issued reports. */
interface Citable {
  attachments: Citation[];
  /** cited only where a marker names one, never placed otherwise */
  reports: CitedDocument[];
}

interface SectionDraft {
  blocks: DraftBlock[];
  lastNarrative: DraftBlock | null;
}

function draftSection(
  key: SectionKey,
  paragraphs: readonly string[],
  { attachments: citations, reports }: Citable,
  used: Set<CitedDocument>,
  data: DataContent,
  unmatched: ReportModel['unmatchedCitations'],
): SectionDraft {
  const placeholder = (DATA_PLACEHOLDERS as Partial<Record<SectionKey, string>>)[key];
  const dataText = key === 'procedures' ? data.oneStop : data.documents;
  const blocks: DraftBlock[] = [];
  let lastNarrative: DraftBlock | null = null;
  let dataPlaced = false;

  const findCitation = (number: string): CitedDocument | undefined => {
    const own = citations.filter((c) => c.sectionKey === key && c.number === number);
    const others = citations.filter((c) => c.sectionKey !== key && c.number === number);
    return own.find((c) => !used.has(c)) ?? own[0] ?? others.find((c) => !used.has(c)) ?? others[0] ?? reports.find((r) => r.number === number);
  };
  const more = (data.more[key] ?? []).map((t): DraftBlock => ({ kind: 'paragraph', runs: [text(t)] }));

  for (const paragraph of paragraphs) {
    const { role, tokens } = parseParagraph(paragraph);
    const runs: DraftInline[] = [];
    let holdsData = false;
    for (const t of tokens) {
      if (t.kind === 'text') runs.push(text(t.text, t));
      else if (t.kind === 'unknown') runs.push(text(t.raw));
      else if (t.kind === 'cite') {
        const citation = findCitation(t.number);
        if (citation) {
          used.add(citation);
          // The footnote mark sits against the word it follows: "Kế hoạch {{cite:…}}" prints as "Kế hoạch¹".
          const before = runs.at(-1);
          if (before?.kind === 'text') runs[runs.length - 1] = { ...before, text: before.text.trimEnd() };
          runs.push({ kind: 'cite', citation });
        } else {
          // Visible in the draft (issue #23, 7); submit, sign and issue refuse a version with any.
          unmatched.push({ sectionKey: key, number: t.number });
          runs.push(text(`[chưa có văn bản ${t.number} để trích dẫn]`, { italic: true }));
        }
      } else if (t.placeholder === placeholder && !dataPlaced) {
        runs.push(text(dataText));
        dataPlaced = holdsData = true;
      }
    }
    if (runs.length === 0) continue;
    const block: DraftBlock = role === 'heading' ? { kind: 'heading', level: 3, runs } : { kind: 'paragraph', runs, ...(role === 'list' ? { list: true } : {}) };
    blocks.push(block);
    if (holdsData) blocks.push(...more);
    const onlyData = holdsData && tokens.every((t) => t.kind === 'data' || (t.kind === 'text' && t.text.trim() === ''));
    if (block.kind === 'paragraph' && !onlyData) lastNarrative = block;
  }
  if (placeholder && !dataPlaced) blocks.push({ kind: 'paragraph', runs: [text(dataText)] });
  if (!dataPlaced) blocks.push(...more);
  return { blocks, lastNarrative };
}

/** Attachments no marker placed: at the end of the section's last narrative paragraph, or, with no narrative, one line each. */
function placeRemaining(draft: SectionDraft, remaining: Citation[]): void {
  if (remaining.length === 0) return;
  if (draft.lastNarrative) {
    appendNotes(draft.lastNarrative.runs, remaining);
    return;
  }
  const lines: DraftBlock[] = remaining.map((citation) => {
    const runs = [text(citation.subject.trim().replace(/[.;,:]+$/, ''))];
    appendNotes(runs, [citation]);
    runs.push(text('.'));
    return { kind: 'paragraph', runs };
  });
  draft.blocks.unshift(...lines);
}

function numberNotes(body: DraftBlock[]): { body: Block[]; footnotes: Footnote[] } {
  const footnotes: Footnote[] = [];
  const runsOf = (runs: DraftInline[]): Inline[] =>
    runs.map((r) => {
      if (r.kind !== 'cite') return { ...r, text: nfc(r.text) };
      const n = footnotes.length + 1;
      footnotes.push({ n, text: citationText(r.citation) });
      return { kind: 'note', n };
    });
  return {
    body: body.map((b) => ({ ...b, runs: runsOf(b.runs) })),
    footnotes,
  };
}

const stripEnd = (s: string, chars: RegExp) => s.trim().replace(chars, '');

export function buildReportModel(input: ReportInput): ReportModel {
  const { profile, figures } = input;
  const period = parsePeriodId(figures.period.id);
  const wording = periodWording(period);
  const agency = nfc(profile.agencyName);
  const shortName = nfc(profile.shortName);

  // Provisional figures only run up to the day of the report.
  const span: DataSpan = {
    from: figures.period.from,
    to: input.provisional && input.issuedOn < figures.period.to ? input.issuedOn : figures.period.to,
  };
  const province = input.province;
  // The province's paragraphs speak of the whole province, its agencies' figures added up.
  const subjectOfData = province ? 'toàn tỉnh' : shortName;
  // II.2 names the appendix that holds form 06 by field.
  const oneStop = [oneStopSentence(figures.dossiers, span, subjectOfData), ratesSentence(figures.rates), province ? levelsSentence(province.agencies) : ''].filter(Boolean).join(' ');
  const data: DataContent = {
    oneStop: `${oneStop.slice(0, -1)} (chi tiết tại Phụ lục${province ? ' I' : ''} kèm theo).`,
    documents: documentsSentence(figures.documents, span, subjectOfData),
    more: province
      ? {
          direction: [submissionsSentence(province.submissions, wording.label)].filter(Boolean),
          procedures: [`${rankingSentence(province.agencies).slice(0, -1)} (chi tiết tại Phụ lục II kèm theo).`, comparisonSentence(figures, province)].filter(Boolean),
        }
      : {},
  };

  const basis = stripEnd(nfc(profile.basis), /[\s;,.:]+$/);
  const reformWord = basis.includes('(CCHC)') ? 'CCHC' : 'cải cách hành chính';
  const draft: DraftBlock[] = [
    { kind: 'paragraph', runs: [text(`${basis}; ${agency} báo cáo kết quả thực hiện công tác ${reformWord} ${wording.phrase}, cụ thể như sau:`)] },
  ];

  const citations = sortCitations(input.citations);
  const citable: Citable = { attachments: citations, reports: sortCitations(province?.issuedReports ?? []) };
  const used = new Set<CitedDocument>();
  const unmatchedCitations: ReportModel['unmatchedCitations'] = [];
  const drafts = new Map<SectionKey, SectionDraft>();
  for (const key of SECTION_KEYS) {
    drafts.set(key, draftSection(key, input.sections[key] ?? [], citable, used, data, unmatchedCitations));
  }
  for (const key of SECTION_KEYS) {
    placeRemaining(drafts.get(key)!, citations.filter((c) => c.sectionKey === key && !used.has(c)));
  }

  for (const part of REPORT_PARTS) {
    const title = part.title ?? wording.nextTasksTitle;
    draft.push({ kind: 'heading', level: 1, runs: [text(`${part.numeral}. ${title}`)] });
    for (const key of part.sections) {
      const outline = SECTION_OUTLINE[key];
      if (outline.title) draft.push({ kind: 'heading', level: 2, runs: [text(`${outline.number}. ${outline.title}`)] });
      draft.push(...drafts.get(key)!.blocks);
    }
  }
  draft.push({ kind: 'paragraph', runs: [text(`Trên đây là báo cáo công tác cải cách hành chính ${wording.phrase} của ${agency}./.`)] });

  const { body, footnotes } = numberNotes(draft);
  const symbol = profile.symbol;
  const givenNumber = (input.issue?.number ?? input.documentNumber)?.trim() ?? '';
  const stage: ReportStage = input.stage ?? (givenNumber === '' ? 'draft' : 'issued');
  const documentNumber = stage === 'issued' ? givenNumber : '';
  const issuedOn = input.issue?.issuedOn ?? input.issuedOn;
  const kind = input.amendment ? { title: 'BÁO CÁO BỔ SUNG', words: 'Báo cáo bổ sung' } : { title: 'BÁO CÁO', words: 'Báo cáo' };
  const place = nfc(profile.place);
  // No-break spaces keep the clerk's blanks open in every renderer.
  const blank = (n: number) => '\u00A0'.repeat(n);
  const suffix = `/BC-${symbol}`;
  const fullNumber = documentNumber === '' ? '' : documentNumber.includes('/') ? documentNumber : `${documentNumber}${suffix}`;
  const blanks: ClerkBlanks | null = fullNumber === '' ? { number: ['Số:', suffix], date: [`${place}, ngày`, 'tháng', 'năm'] } : null;
  const number = blanks ? `Số:${blank(8)}${suffix}` : `Số: ${fullNumber}`;
  const dateLine = blanks ? `${blanks.date[0]}${blank(6)}${blanks.date[1]}${blank(6)}${blanks.date[2]}${blank(8)}` : formatDateLine(place, issuedOn);
  const reference = blanks ? `(Kèm theo Báo cáo số${blank(8)}${suffix} của ${agency})` : `(Kèm theo Báo cáo số ${fullNumber} ngày ${formatDate(issuedOn)} của ${agency})`;
  // The signer's title may carry the authority on a line of its own ("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC").
  const signerTitle = input.signer?.title.split('\n').map((l) => l.trim()).filter(Boolean);
  const authority = upperVi(signerTitle ? (signerTitle.length > 1 ? signerTitle[0]! : '') : profile.signer.authority.trim());
  const signerName = input.signer?.name ?? input.issue?.signerName ?? profile.signer.name;
  const tableHeading = { periodLabel: wording.label, agency };

  return {
    agencyId: profile.agencyId,
    periodId: period.id,
    stage,
    issuedOn,
    issuedAt: new Date(startOfLocalDate(issuedOn)).toISOString(),
    documentTitle: `${kind.words} công tác cải cách hành chính ${wording.phrase} của ${agency}`,
    author: agency,
    header: {
      ...letterheadNames(profile),
      number: nfc(number),
      nation: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      motto: 'Độc lập - Tự do - Hạnh phúc',
      dateLine: nfc(dateLine),
      blanks,
    },
    title: kind.title,
    subject: `Công tác cải cách hành chính ${wording.phrase} của ${agency}`,
    provisionalNote: input.provisional ? `(Số liệu tạm tính đến ngày ${formatDate(span.to)}, chưa phải số liệu chính thức của kỳ báo cáo)` : null,
    body,
    footnotes,
    recipients: {
      heading: 'Nơi nhận:',
      lines: [
        ...profile.recipients.map((r) => `- ${stripEnd(nfc(r.line).replace(/^[-–+]\s*/, ''), /[\s;,.]+$/)};`),
        `- Lưu: ${stripEnd(nfc(profile.archive), /[\s;,.]+$/)}.`,
      ],
    },
    signature: { authority: authority === '' ? null : authority, title: upperVi(signerTitle?.at(-1) ?? profile.signer.title), name: nfc(signerName) },
    appendix: {
      heading: province ? 'Phụ lục I' : 'Phụ lục',
      reference: nfc(reference),
      table: province ? provinceForm06Table(province.agencies, span, tableHeading) : form06Table(figures.fields, figures.dossiers, figures.rates, span, tableHeading),
    },
    moreAppendices: province ? [{ heading: 'Phụ lục II', reference: nfc(reference), table: agenciesTable(province.agencies, span, tableHeading) }] : [],
    unmatchedCitations,
  };
}

/**
 * Whether a block belongs with the one after it on the page: a heading, or a paragraph whose words
 * are all in bold or italics (a list marker aside) — a heading staff wrote as emphasis
 * ("- *Về thực hiện cơ chế tự chủ …:*").
 */
export function keepsWithNext(block: Block): boolean {
  if (block.kind === 'heading') return true;
  const texts = block.runs.filter((r): r is Extract<Inline, { kind: 'text' }> => r.kind === 'text' && !/^[\s\-–+]*$/.test(r.text));
  return texts.length > 0 && texts.every((r) => r.bold || r.italic);
}
