// Staff text ends up in the DOCX, which is XML: every schema of staff text refuses what XML 1.0
// cannot hold, naming the field, and an upload's file name refuses what could disguise it.
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { issuesToDetails } from '#domain/parse.ts';
import { uploadRequest } from '#domain/attachment.ts';
import { issueNumber } from '#domain/document-kinds.ts';
import { AgencyProfileSchema } from '#domain/profile.ts';
import { issueRequest, returnRequest } from '#functions/api-schemas.ts';
import { xmlText } from '#domain/report/text.ts';
import { sectionBodySchemaFor } from '#domain/sections.ts';
import { SEED_PROFILE } from '../fixtures/seed-report-input.ts';
import { sampleDocument } from './attachment-fixtures.ts';

// Outside XML 1.0's Char production: C0 but tab/LF/CR, U+FFFE, U+FFFF, lone surrogates.
const NOT_XML: Array<[string, string]> = [
  ['\u0000', 'U+0000'],
  ['\u0008', 'U+0008'],
  ['\u000B', 'U+000B'],
  ['\u000C', 'U+000C'],
  ['\u000E', 'U+000E'],
  ['\u001F', 'U+001F'],
  ['\uFFFE', 'U+FFFE'],
  ['\uFFFF', 'U+FFFF'],
  ['\uD800', 'U+D800'], // lone high surrogate
  ['\uDFFF', 'U+DFFF'], // lone low surrogate
];

/** The CONTRACT §4 details of a body the schema refuses ([] when it takes it). */
const details = (schema: z.ZodType, body: unknown) => {
  const result = schema.safeParse(body);
  return result.success ? [] : issuesToDetails(result.error.issues);
};

describe('xmlText', () => {
  const line = z.string().check(xmlText());
  const lines = z.string().check(xmlText({ multiline: true }));

  it.each(NOT_XML)('refuses %j, naming the character and where it is', (char, name) => {
    for (const schema of [line, lines]) {
      expect(details(schema, `Kế hoạch${char} 2023`)).toEqual([{ path: '(body)', message: expect.stringMatching(new RegExp(`${name.replace('+', '\\+')} \\(character 9\\)`)) }]);
    }
  });

  it('takes Vietnamese, symbols and characters beyond the BMP (a surrogate pair is one character)', () => {
    for (const text of ['Sở Khoa học và Công nghệ – “CCHC” № 1', '𝔘nicode 😀 and 𠀀', '\uE000 private use', '\uFFFD']) {
      expect(details(line, text)).toEqual([]);
    }
    expect(details(line, '😀\uFFFF')[0]?.message).toContain('U+FFFF (character 2)');
  });

  it('takes tabs and line breaks only in multi-line text; DEL and C1 codes in neither', () => {
    expect(details(lines, 'một\ttab\r\nhai dòng\n')).toEqual([]);
    for (const char of ['\t', '\n', '\r', '\u2028', '\u2029']) {
      expect(details(line, `a${char}b`)).toEqual([{ path: '(body)', message: expect.stringContaining('control characters') }]);
    }
    for (const char of ['\u007F', '\u0085', '\u009F']) {
      expect(details(lines, `a${char}b`)).toEqual([{ path: '(body)', message: expect.stringContaining('control characters') }]);
    }
  });
});

const profileFields: Array<[string, (p: typeof SEED_PROFILE, bad: string) => unknown]> = [
  ['parentBody', (p, bad) => ({ ...p, parentBody: bad })],
  ['agencyName', (p, bad) => ({ ...p, agencyName: bad })],
  ['shortName', (p, bad) => ({ ...p, shortName: bad })],
  ['place', (p, bad) => ({ ...p, place: bad })],
  ['signer.authority', (p, bad) => ({ ...p, signer: { ...p.signer, authority: bad } })],
  ['signer.title', (p, bad) => ({ ...p, signer: { ...p.signer, title: bad } })],
  ['signer.name', (p, bad) => ({ ...p, signer: { ...p.signer, name: bad } })],
  ['recipients[1].line', (p, bad) => ({ ...p, recipients: [p.recipients[0], { ...p.recipients[1], line: bad }] })],
  ['archive', (p, bad) => ({ ...p, archive: bad })],
  ['basis', (p, bad) => ({ ...p, basis: bad })],
];

describe('every schema of staff text refuses what a document cannot hold', () => {
  it.each(NOT_XML)('a section paragraph with %j, naming paragraphs[3]', (char) => {
    const paragraphs = ['Một', 'Hai', 'Ba', `Bốn ${char} năm`, 'Sáu'];
    expect(details(sectionBodySchemaFor('direction'), { paragraphs })).toEqual([{ path: 'paragraphs[3]', message: expect.stringContaining('U+') }]);
  });

  it.each(profileFields)('the profile field %s', (path, spoil) => {
    for (const [char] of NOT_XML) {
      expect(details(AgencyProfileSchema, spoil(SEED_PROFILE, `Sở${char}KH`))).toEqual([{ path, message: expect.stringContaining('U+') }]);
    }
    expect(details(AgencyProfileSchema, spoil(SEED_PROFILE, 'Sở Khoa học'))).toEqual([]);
  });

  it.each([
    ['document.subject', { subject: 'Kế hoạch\uFFFE' }],
    ['document.issuer', { issuer: 'Giám đốc\uD800' }],
    ['document.subject', { subject: 'Kế hoạch\u0001' }],
  ])('the upload field %s', (path, spoilt) => {
    const body = { fileName: 'ke-hoach.pdf', contentType: 'application/pdf', size: 10, document: { ...sampleDocument, ...spoilt } };
    expect(details(uploadRequest(new Date('2023-06-20T03:00:00Z')), body)).toEqual([{ path, message: expect.stringContaining('U+') }]);
  });
});

describe('upload file names', () => {
  const schema = uploadRequest(new Date('2023-06-20T03:00:00Z'));
  const body = (fileName: string) => ({ fileName, contentType: 'application/pdf', size: 10, document: sampleDocument });

  it('refuses the right-to-left override that shows "bao-cao\\u202Excod.pdf" as "bao-caofdp.docx"', () => {
    expect(details(schema, body('bao-cao\u202Excod.pdf'))).toEqual([
      { path: 'fileName', message: expect.stringMatching(/invisible or direction-changing characters: U\+202E at character 8/) },
    ]);
  });

  it.each([
    ...['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C'].map((c) => [c, 'bidi control']),
    ...['\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF'].map((c) => [c, 'zero-width']),
    ...['\u0001', '\u001B', '\u007F', '\u0085', '\uFFFE', '\uD800', '\t', '\n'].map((c) => [c, 'control or not XML']),
  ])('refuses %j (%s) in a name, naming fileName', (char) => {
    expect(details(schema, body(`bao${char}cao.pdf`))).toEqual([{ path: 'fileName', message: expect.any(String) }]);
  });

  it('takes Vietnamese names, spaces and brackets', () => {
    expect(details(schema, body('Kế hoạch (bản ký) 2170–KH.pdf'))).toEqual([]);
  });
});

// What the report font cannot print left to right: the PDF showed "Số: NCHKS-CB/□□□□" for "١٠١٥/BC-SKHCN".
const NOT_PRINTABLE: Array<[string, string]> = [
  ['Arabic-Indic digits', '١٠١٥'],
  ['Arabic text', 'محمد'],
  ['Hebrew text', 'שלום'],
  ['a right-to-left override', '\u202E'],
  ['CJK', '漢'],
  ['an emoji', '😀'],
];

describe('every field printed in the report refuses what its font cannot print left to right', () => {
  it.each(NOT_PRINTABLE)('%s in a section paragraph, naming paragraphs[1]', (_, bad) => {
    expect(details(sectionBodySchemaFor('direction'), { paragraphs: ['Một', `Hai ${bad}`] })).toEqual([
      { path: 'paragraphs[1]', message: expect.stringContaining("the report's font cannot print it") },
    ]);
  });

  it.each(NOT_PRINTABLE)('%s in each profile field', (_, bad) => {
    for (const [path, spoil] of profileFields) {
      expect(details(AgencyProfileSchema, spoil(SEED_PROFILE, `Sở ${bad}`))).toEqual([{ path, message: expect.stringContaining('U+') }]);
    }
  });

  it.each(NOT_PRINTABLE)("%s in an upload's document number, issuer and subject", (_, bad) => {
    const schema = uploadRequest(new Date('2023-06-20T03:00:00Z'));
    for (const [path, spoilt] of [
      ['document.number', { number: `2170/KH-${bad}` }],
      ['document.issuer', { issuer: `Giám đốc ${bad}` }],
      ['document.subject', { subject: `Kế hoạch ${bad}` }],
    ] as const) {
      const body = { fileName: 'ke-hoach.pdf', contentType: 'application/pdf', size: 10, document: { ...sampleDocument, ...spoilt } };
      expect(details(schema, body)).toEqual([{ path, message: expect.any(String) }]);
    }
  });

  it('a cited document number starts with ASCII digits and may carry small letters and a year', () => {
    const schema = uploadRequest(new Date('2023-06-20T03:00:00Z'));
    const body = (number: string) => ({ fileName: 'ke-hoach.pdf', contentType: 'application/pdf', size: 10, document: { ...sampleDocument, number } });
    for (const number of ['2170/KH-SKHCN', '123/2020/NĐ-CP', '01/CTr-UBND']) expect(details(schema, body(number))).toEqual([]);
    for (const number of ['١٠١٥/KH-SKHCN', '２１７０/KH', 'KH-2170']) expect(details(schema, body(number))).toEqual([{ path: 'document.number', message: expect.any(String) }]);
  });
});

describe('the number of an issued report (CONTRACT §6)', () => {
  it.each(['1015/BC-SKHCN', '01/BC-UBND', '7/BC-SNV-TCBC', '12/BC-ĐTN'])('takes %s', (number) => {
    expect(issueNumber.parse(` ${number} `)).toBe(number);
  });

  it.each([
    ['Arabic-Indic digits', '١٠١٥/BC-SKHCN'],
    ['full-width digits', '１０１５/BC-SKHCN'],
    ['Devanagari digits', '१०१५/BC-SKHCN'],
    ['small letters', '1015/bc-skhcn'],
    ['an accented capital other than Đ', '1015/BÁO-SKHCN'],
    ['Greek capitals', '1015/ΒC-SKHCN'],
    ['a missing symbol', '1015/'],
    ['an empty group', '1015/BC--SKHCN'],
    ['a trailing hyphen', '1015/BC-'],
    ['no number', '/BC-SKHCN'],
    ['a right-to-left mark', '1015/BC-\u200FSKHCN'],
    ['spaces inside', '1015 / BC-SKHCN'],
  ])('refuses %s', (_, number) => {
    expect(issueNumber.safeParse(number).success).toBe(false);
  });

  it('the issue route answers a 400 naming number; the name under the signature is the profile signer\'s, refused there when the font cannot print it', () => {
    expect(details(issueRequest, { number: '١٠١٥/BC-SKHCN' })).toEqual([{ path: 'number', message: expect.any(String) }]);
    const signer = { userId: 'leader-1', name: 'محمد', title: 'GIÁM ĐỐC' };
    expect(details(AgencyProfileSchema, { ...SEED_PROFILE, signers: [signer] })).toEqual([{ path: 'signers[0].name', message: expect.stringContaining('U+0645') }]);
  });

  it("the leader's return comment is printed nowhere but the history: it may hold any text XML can", () => {
    expect(details(returnRequest, { comment: 'Xem lại mục II.2 — שלום 😀' })).toEqual([]);
  });
});
