// Attachments cited as footnotes, in the seed's form:
// "Kế hoạch số 2170/KH-SKHCN ngày 30/12/2022 của Giám đốc Sở Khoa học và Công nghệ."
import type { SectionKey } from '../sections.ts';
import { formatDate, nfc } from '../vi-format.ts';

export interface Citation {
  sectionKey: SectionKey;
  /** the document type's abbreviation: KH, QĐ, KL, BC, CV, TB, CTr, … */
  kind: string;
  /** "2170/KH-SKHCN" */
  number: string;
  /** YYYY-MM-DD */
  issuedOn: string;
  /** "Giám đốc Sở Khoa học và Công nghệ" */
  issuer?: string;
  /** "Kế hoạch cải cách hành chính năm 2023" */
  subject: string;
}

/** Document type names by abbreviation (Decree 30/2020/NĐ-CP, Appendix III, plus KL and CV in common use). */
export const DOCUMENT_KIND_NAMES: Readonly<Record<string, string>> = {
  NQ: 'Nghị quyết',
  QĐ: 'Quyết định',
  QD: 'Quyết định',
  CT: 'Chỉ thị',
  QC: 'Quy chế',
  QyĐ: 'Quy định',
  TC: 'Thông cáo',
  TB: 'Thông báo',
  HD: 'Hướng dẫn',
  CTr: 'Chương trình',
  KH: 'Kế hoạch',
  PA: 'Phương án',
  ĐA: 'Đề án',
  DA: 'Dự án',
  BC: 'Báo cáo',
  BB: 'Biên bản',
  TTr: 'Tờ trình',
  HĐ: 'Hợp đồng',
  CĐ: 'Công điện',
  GM: 'Giấy mời',
  KL: 'Kết luận',
  CV: 'Công văn',
};

/** The type's name, "Văn bản" for an abbreviation not in the list. */
export const documentKindName = (kind: string): string => DOCUMENT_KIND_NAMES[nfc(kind.trim())] ?? 'Văn bản';

/** The footnote text of a citation. */
export function citationText(c: Citation): string {
  const issuer = c.issuer?.trim().replace(/[.;,]+$/, '');
  return nfc(`${documentKindName(c.kind)} số ${c.number.trim()} ngày ${formatDate(c.issuedOn)}${issuer ? ` của ${issuer}` : ''}.`);
}

const key = (c: Citation) => [c.issuedOn, c.number, c.kind, c.subject, c.issuer ?? ''];

/** Citations in a fixed order whatever order storage returned them in: by date, then number. */
export function sortCitations(citations: readonly Citation[]): Citation[] {
  return [...citations].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) {
      if (ka[i]! < kb[i]!) return -1;
      if (ka[i]! > kb[i]!) return 1;
    }
    return 0;
  });
}
