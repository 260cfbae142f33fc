// What the province may take in of an agency's issued paragraph (CONTRACT §8): the text without the
// agency's own placeholders; sub-headings and paragraphs that are only a placeholder are not offered.
import { describe, expect, it } from 'vitest';
import { excerptsOf, excerptText } from '#domain/excerpts.ts';

describe('excerptText', () => {
  it("leaves out the agency's citations and data placeholders with the space before them, and keeps emphasis and list markers", () => {
    expect(excerptText('Sở đã ban hành Kế hoạch số 2170/KH-SKHCN {{cite:2170/KH-SKHCN}}, triển khai đến các phòng.')).toBe('Sở đã ban hành Kế hoạch số 2170/KH-SKHCN, triển khai đến các phòng.');
    expect(excerptText('Kế hoạch năm 2023{{cite:2170/KH-SKHCN}}.')).toBe('Kế hoạch năm 2023.');
    expect(excerptText('- Quán triệt *Quyết định số 48/2021/QĐ-UBND*.')).toBe('- Quán triệt *Quyết định số 48/2021/QĐ-UBND*.');
    expect(excerptText('Kết quả: {{one-stop-results}} Tỷ lệ đạt yêu cầu.')).toBe('Kết quả: Tỷ lệ đạt yêu cầu.');
  });

  it('offers no sub-heading and no paragraph that is only placeholders or punctuation', () => {
    expect(excerptText('### a) Công tác chỉ đạo')).toBeUndefined();
    expect(excerptText('{{one-stop-results}}')).toBeUndefined();
    expect(excerptText('{{cite:1/X}} .')).toBeUndefined();
  });
});

describe('excerptsOf', () => {
  it('gives one entry per offered paragraph, in order, with its agency, number and section', () => {
    const agency = { agencyId: 'SKHCN', name: 'Sở Khoa học và Công nghệ', number: '1015/BC-SKHCN' };
    expect(excerptsOf(agency, 'direction', ['### a) Chỉ đạo', 'Một.', '{{documents-issued}}', 'Hai.'])).toEqual([
      { ...agency, section: 'direction', text: 'Một.' },
      { ...agency, section: 'direction', text: 'Hai.' },
    ]);
    expect(excerptsOf(agency, 'assessment')).toEqual([]);
  });
});
