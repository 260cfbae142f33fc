// Attachments cited as footnotes, in the seed's form:
// "Kế hoạch số 2170/KH-SKHCN ngày 30/12/2022 của Giám đốc Sở Khoa học và Công nghệ."
import { documentKindName } from '../document-kinds.ts';
import type { SectionKey } from '../sections.ts';
import { formatDate, nfc } from '../vi-format.ts';

/** A document a footnote names: an attachment, or an agency's issued report an excerpt was taken from. */
export interface CitedDocument {
  /** the document type's abbreviation (a DocumentKind: KH, QĐ, KL, …); any other is cited as "Văn bản" */
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

/** An accepted attachment of the period, cited in the section of its reform area. */
export interface Citation extends CitedDocument {
  sectionKey: SectionKey;
}

/** The footnote text of a citation. */
export function citationText(c: CitedDocument): string {
  const issuer = c.issuer?.trim().replace(/[.;,]+$/, '');
  return nfc(`${documentKindName(c.kind)} số ${c.number.trim()} ngày ${formatDate(c.issuedOn)}${issuer ? ` của ${issuer}` : ''}.`);
}

const key = (c: CitedDocument) => [c.issuedOn, c.number, c.kind, c.subject, c.issuer ?? ''];

/** Citations in a fixed order whatever order storage returned them in: by date, then number. */
export function sortCitations<C extends CitedDocument>(citations: readonly C[]): C[] {
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
