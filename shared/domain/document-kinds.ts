// Document types and their abbreviations (Decree 30/2020/NĐ-CP, Appendix III; KL and CV as
// the seed and common practice use them). The name is how a citation starts: "Kế hoạch số …".
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
