// What the province may take in of an agency's issued paragraph (CONTRACT §8): the text without the
// agency's own placeholders; sub-headings and paragraphs that are only a placeholder are not offered.
import { describe, expect, it } from 'vitest';
import { citedExcerpt, excerptsOf, excerptText } from '#domain/excerpts.ts';

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

describe('citedExcerpt', () => {
  it('puts the citation against the last word, before the closing punctuation, as the seed cites', () => {
    expect(citedExcerpt({ text: 'Sở đã ban hành Kế hoạch năm 2023.', number: '1015/BC-SKHCN' })).toBe('Sở đã ban hành Kế hoạch năm 2023{{cite:1015/BC-SKHCN}}.');
    expect(citedExcerpt({ text: 'Các nội dung gồm:', number: '12/BC-STP' })).toBe('Các nội dung gồm{{cite:12/BC-STP}}:');
    expect(citedExcerpt({ text: 'Không có dấu câu', number: '12/BC-STP' })).toBe('Không có dấu câu{{cite:12/BC-STP}}');
  });
});
