// Document types and their abbreviations (Decree 30/2020/NĐ-CP, Appendix III; KL and CV as
// the seed and common practice use them). The name is how a citation starts: "Kế hoạch số …".
import * as z from 'zod';
import { drawableText } from './report/text.ts';
import { nfc } from './vi-format.ts';

export const DOCUMENT_KIND_NAMES = {
  NQ: 'Nghị quyết',
  QĐ: 'Quyết định',
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
  CV: 'Công văn',
  CĐ: 'Công điện',
  BGN: 'Bản ghi nhớ',
  BTT: 'Bản thỏa thuận',
  GUQ: 'Giấy ủy quyền',
  GM: 'Giấy mời',
  GGT: 'Giấy giới thiệu',
  KL: 'Kết luận',
} as const;

export type DocumentKind = keyof typeof DOCUMENT_KIND_NAMES;

/** The abbreviations, as `z.enum` takes them. */
export const DOCUMENT_KINDS = Object.keys(DOCUMENT_KIND_NAMES) as [DocumentKind, ...DocumentKind[]];

const isDocumentKind = (kind: string): kind is DocumentKind => Object.hasOwn(DOCUMENT_KIND_NAMES, kind);

/** The type's name, "Văn bản" for an abbreviation not in the list (a report may cite any string kind). */
export function documentKindName(kind: string): string {
  const k = nfc(kind.trim());
  return isDocumentKind(k) ? DOCUMENT_KIND_NAMES[k] : 'Văn bản';
}

// Decree 30/2020/NĐ-CP, Annex I, "Số, ký hiệu của văn bản": a document's number is written in Arabic (ASCII) digits,
// then "/", then its symbol: the abbreviations of its type and of the issuing body in capitals,
// joined by "-". Another script's digits ("١٠١٥") would print reversed and as boxes.
const ISSUE_NUMBER = /^[0-9]{1,6}\/[A-ZĐ0-9]+(?:-[A-ZĐ0-9]+)*$/u;

/** The number a clerk gives an issued report (CONTRACT §6), e.g. "1015/BC-SKHCN"; NFC and trimmed. */
export const issueNumber = z
  .string()
  .transform((s) => s.normalize('NFC').trim())
  .pipe(
    z
      .string()
      .max(56, 'must have at most 56 characters')
      .regex(ISSUE_NUMBER, 'must be ASCII digits, "/" and a symbol of capitals, digits and "-", such as 1015/BC-SKHCN'),
  );

/**
 * The number of a cited document, as its issuer wrote it ("2170/KH-SKHCN", "123/2020/NĐ-CP",
 * "01/CTr-UBND": the type's abbreviation may have small letters): ASCII digits first, then letters,
 * digits, ".", "/" and "-", each one the report font prints left to right.
 */
export const citedDocumentNumber = z
  .string()
  .transform((s) => s.normalize('NFC').trim())
  .pipe(z.string().regex(/^[0-9][\p{L}0-9./-]{0,63}$/u, { message: 'must be a document number such as 2170/KH-SKHCN', abort: true }).check(drawableText()));
