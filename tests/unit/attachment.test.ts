import { describe, expect, it } from 'vitest';
import {
  checkContent,
  citationsOf,
  DOCX,
  JPEG,
  MAX_ATTACHMENT_BYTES,
  MAX_ZIP_ENTRIES,
  MAX_ZIP_UNCOMPRESSED_BYTES,
  ODT,
  PDF,
  PNG,
  uploadIdFrom,
  uploadRequest,
  type AttachmentDocument,
  type ContentFacts,
  type Upload,
  type ZipSummary,
} from '#domain/attachment.ts';
import { UPLOAD_ID } from '#domain/upload-id.ts';
import { sampleDocument } from './attachment-fixtures.ts';

// 2023-06-20 10:00 in Vietnam.
const NOW = new Date('2023-06-20T03:00:00Z');

const contractExample = () => ({
  fileName: 'ke-hoach-2170.pdf',
  contentType: 'application/pdf',
  size: 48213,
  // Typed as a client may send it (any string), so the cases below can spoil any field.
  document: { ...sampleDocument } as { [K in keyof AttachmentDocument]: string },
});

function issuePaths(body: unknown): string[] {
  const result = uploadRequest(NOW).safeParse(body);
  return result.success ? [] : [...new Set(result.error.issues.map((i) => i.path.join('.')))];
}

describe('upload request', () => {
  it('accepts the contract example, and a document without an issuer (footnote 11)', () => {
    expect(uploadRequest(NOW).parse(contractExample())).toEqual(contractExample());
    const body = contractExample();
    delete (body.document as { issuer?: string }).issuer;
    expect(uploadRequest(NOW).parse(body).document!.issuer).toBeUndefined();
  });

  it('takes a signing image instead of a document: PNG only, at most 1 MiB, never both nor neither', () => {
    const { document: _d, ...file } = contractExample();
    const image = { ...file, fileName: 'chu-ky.png', contentType: 'image/png', size: 4096 };
    expect(uploadRequest(NOW).parse({ ...image, image: { kind: 'signature-image' } })).toEqual({ ...image, image: { kind: 'signature-image' } });
    expect(issuePaths({ ...image, fileName: 'dau.jpg', contentType: 'image/jpeg', image: { kind: 'seal-image' } })).toEqual(['contentType']);
    expect(issuePaths({ ...image, size: 1024 * 1024 + 1, image: { kind: 'seal-image' } })).toEqual(['size']);
    expect(issuePaths({ ...image, image: { kind: 'logo' } })).toEqual(['image.kind']);
    expect(issuePaths(image)).toEqual(['document']);
    expect(issuePaths({ ...contractExample(), image: { kind: 'seal-image' } })).toContain('document');
  });

  it('stores file names and text in NFC', () => {
    const body = { ...contractExample(), fileName: 'Kế hoạch.pdf'.normalize('NFD') };
    body.document.subject = body.document.subject.normalize('NFD');
    const parsed = uploadRequest(NOW).parse(body);
    expect(parsed.fileName).toBe('Kế hoạch.pdf'.normalize('NFC'));
    expect(parsed.fileName).not.toBe(body.fileName);
    expect(parsed.document!.subject).toBe('Kế hoạch cải cách hành chính năm 2023');
  });

  it('takes the issue date up to today in Vietnam, not after', () => {
    const on = (issuedOn: string) => issuePaths({ ...contractExample(), document: { ...contractExample().document, issuedOn } });
    expect(on('2023-06-20')).toEqual([]);
    expect(on('2023-06-21')).toEqual(['document.issuedOn']);
    // 2023-06-20T17:30Z is already 2023-06-21 in Vietnam.
    expect(uploadRequest(new Date('2023-06-20T17:30:00Z')).safeParse({ ...contractExample(), document: { ...contractExample().document, issuedOn: '2023-06-21' } }).success).toBe(true);
  });

  const bad: [string, (b: ReturnType<typeof contractExample>) => void, string][] = [
    ['zero size', (b) => (b.size = 0), 'size'],
    ['size over 20 MiB', (b) => (b.size = MAX_ATTACHMENT_BYTES + 1), 'size'],
    ['fractional size', (b) => (b.size = 10.5), 'size'],
    ['unsupported type', (b) => (b.contentType = 'application/x-msdownload'), 'contentType'],
    ['path separator /', (b) => (b.fileName = '../etc/passwd.pdf'), 'fileName'],
    ['path separator \\', (b) => (b.fileName = 'a\\b.pdf'), 'fileName'],
    ['control character', (b) => (b.fileName = 'a\u0007b.pdf'), 'fileName'],
    ['C1 control character', (b) => (b.fileName = 'a\u0085b.pdf'), 'fileName'],
    ['201 characters', (b) => (b.fileName = `${'ế'.repeat(197)}.pdf`), 'fileName'],
    ['empty name', (b) => (b.fileName = ''), 'fileName'],
    ['name not matching the type', (b) => (b.fileName = 'ke-hoach.exe'), 'fileName'],
    ['unknown reform area', (b) => (b.document.reformArea = 'sports'), 'document.reformArea'],
    ['unknown kind', (b) => (b.document.kind = 'XYZ'), 'document.kind'],
    ['number not a document number', (b) => (b.document.number = 'số 2170'), 'document.number'],
    ['date that does not exist', (b) => (b.document.issuedOn = '2023-02-29'), 'document.issuedOn'],
    ['date in another format', (b) => (b.document.issuedOn = '30/12/2022'), 'document.issuedOn'],
    ['date in the future', (b) => (b.document.issuedOn = '2999-01-01'), 'document.issuedOn'],
    ['empty subject', (b) => (b.document.subject = '  '), 'document.subject'],
    ['subject with a control character', (b) => (b.document.subject = 'a\u0000b'), 'document.subject'],
    ['bad period id', (b) => (b.document.periodId = '2023-H3'), 'document.periodId'],
  ];
  it.each(bad)('refuses %s, naming the field', (_, spoil, path) => {
    const body = contractExample();
    spoil(body);
    expect(issuePaths(body)).toEqual([path]);
  });

  it('accepts 200 characters exactly and every listed type with its extension', () => {
    expect(issuePaths({ ...contractExample(), fileName: `${'ế'.repeat(196)}.pdf` })).toEqual([]);
    for (const [contentType, fileName] of [[DOCX, 'a.docx'], [ODT, 'a.odt'], [JPEG, 'a.JPG'], [JPEG, 'a.jpeg'], [PNG, 'a.png']]) {
      expect(issuePaths({ ...contractExample(), contentType, fileName })).toEqual([]);
    }
  });

  it('refuses unknown fields', () => {
    expect(issuePaths({ ...contractExample(), bucket: 'other' })).toEqual(['']);
  });
});

describe('upload ids', () => {
  it('builds ULIDs that sort by creation time', () => {
    const random = new Uint8Array(10).fill(0xff);
    const id = uploadIdFrom(Date.UTC(2023, 5, 20), random);
    expect(id).toMatch(UPLOAD_ID);
    expect(uploadIdFrom(0, new Uint8Array(10))).toBe('0'.repeat(26));
    expect(uploadIdFrom(1469918176385, new Uint8Array(10))).toBe('01ARYZ6S410000000000000000'); // the ULID spec's example time
    expect(id.endsWith('Z'.repeat(16))).toBe(true);
    expect(uploadIdFrom(Date.UTC(2023, 5, 20) + 1, new Uint8Array(10)) > id).toBe(true);
  });
});

describe('content decision', () => {
  const zipOk = (names: string[], mimetype?: string): Extract<ZipSummary, { valid: true }> => ({
    valid: true,
    entryCount: names.length,
    totalUncompressed: 1000,
    names: new Set(names),
    ...(mimetype ? { mimetype } : {}),
  });
  const docxZip = zipOk(['[Content_Types].xml', 'word/document.xml', '_rels/.rels']);
  const facts = (contentType: ContentFacts['declared']['contentType'], detectedType: string | undefined, more: Partial<ContentFacts> = {}): ContentFacts => ({
    declared: { contentType, size: 100 },
    actualSize: 100,
    detectedType,
    ...more,
  });

  it.each([
    ['PDF', facts(PDF, PDF)],
    ['JPEG', facts(JPEG, JPEG)],
    ['PNG', facts(PNG, PNG)],
    ['DOCX named by its head', facts(DOCX, DOCX, { zipSummary: docxZip })],
    ['DOCX whose head only says zip', facts(DOCX, 'application/zip', { zipSummary: docxZip })],
    ['ODT', facts(ODT, ODT, { zipSummary: zipOk(['mimetype', 'content.xml'], ODT) })],
  ])('accepts %s', (_, input) => {
    expect(checkContent(input)).toEqual({ ok: true });
  });

  it.each([
    ['a file over 20 MiB', facts(PDF, PDF, { declared: { contentType: PDF, size: MAX_ATTACHMENT_BYTES + 1 }, actualSize: MAX_ATTACHMENT_BYTES + 1 }), 'too_large'],
    ['a size other than declared (S3 did not enforce the policy)', facts(PDF, PDF, { actualSize: 5000 }), 'size_mismatch'],
    ['an empty object', facts(PDF, undefined, { actualSize: 0 }), 'size_mismatch'],
    ['an ELF executable named .pdf', facts(PDF, 'application/x-elf'), 'unsupported_type'],
    ['a Windows executable', facts(PDF, 'application/x-msdownload'), 'unsupported_type'],
    ['bytes file-type cannot name', facts(PNG, undefined), 'unsupported_type'],
    ['a PNG declared as PDF', facts(PDF, PNG), 'type_mismatch'],
    ['a DOCX declared as PDF', facts(PDF, DOCX), 'type_mismatch'],
    ['a plain zip declared as PDF', facts(PDF, 'application/zip'), 'type_mismatch'],
    ['an ODT declared as DOCX', facts(DOCX, ODT, { zipSummary: zipOk(['mimetype'], ODT) }), 'type_mismatch'],
    ['a JPEG declared as DOCX', facts(DOCX, JPEG), 'type_mismatch'],
    ['a DOCX with an unreadable directory', facts(DOCX, 'application/zip', { zipSummary: { valid: false } }), 'invalid_zip'],
    ['a DOCX declaring too much uncompressed data', facts(DOCX, DOCX, { zipSummary: { ...docxZip, totalUncompressed: MAX_ZIP_UNCOMPRESSED_BYTES + 1 } }), 'zip_bomb'],
    ['a DOCX with too many entries', facts(DOCX, DOCX, { zipSummary: { ...docxZip, entryCount: MAX_ZIP_ENTRIES + 1 } }), 'zip_bomb'],
    ['a DOCX without word/document.xml', facts(DOCX, DOCX, { zipSummary: zipOk(['[Content_Types].xml']) }), 'invalid_document'],
    ['an ODT with another mimetype', facts(ODT, 'application/zip', { zipSummary: zipOk(['mimetype'], 'application/vnd.oasis.opendocument.spreadsheet') }), 'invalid_document'],
    ['an ODT without mimetype', facts(ODT, 'application/zip', { zipSummary: zipOk(['content.xml']) }), 'invalid_document'],
  ])('rejects %s', (_, input, reasonCode) => {
    const decision = checkContent(input);
    expect(decision).toMatchObject({ ok: false, reasonCode });
  });

  it('explains the rejection in Vietnamese, in NFC, with the figures', () => {
    const decision = checkContent(facts(PDF, PDF, { declared: { contentType: PDF, size: 100 }, actualSize: 5000 }));
    expect(decision).toEqual({
      ok: false,
      reasonCode: 'size_mismatch',
      reason: 'Tệp nhận được dài 5.000 byte, khác với 100 byte đã khai báo. Hãy tạo yêu cầu tải lên mới với đúng tệp cần gửi.',
    });
    const elf = checkContent(facts(PDF, 'application/x-elf'));
    expect(elf.ok || elf.reason).toBe(
      'Nội dung tệp không phải PDF, DOCX, ODT, JPEG hay PNG (nhận ra: application/x-elf). Hãy tải lên văn bản ở một trong các định dạng này.',
    );
    expect(elf.ok || elf.reason.normalize('NFC') === elf.reason).toBe(true);
  });
});

describe('citations', () => {
  const upload = (uploadId: string, state: Upload['state'], doc: Partial<Upload['document']>, more: Partial<Upload> = {}): Upload => ({
    agencyId: 'SKHCN',
    uploadId,
    state,
    fileName: `${uploadId}.pdf`,
    contentType: PDF,
    declaredSize: 10,
    document: {
      kind: 'KH',
      number: '1/KH-SKHCN',
      issuedOn: '2023-01-01',
      subject: 'S',
      reformArea: 'direction',
      periodId: '2023-H1',
      ...doc,
    },
    createdAt: '2023-06-01T00:00:00.000Z',
    uploadExpiresAt: '2023-06-01T00:15:00.000Z',
    ...(state === 'accepted' ? { sha256: `hash-${uploadId}`, size: 10 } : {}),
    ...more,
  });

  it('cites accepted uploads once per content, by date, number and upload id', () => {
    const uploads = [
      upload('U5', 'accepted', { number: '268/KH-SKHCN', issuedOn: '2023-02-28', reformArea: 'procedures' }),
      upload('U4', 'accepted', { number: '268/KH-SKHCN', issuedOn: '2023-02-28', reformArea: 'institutions', issuer: 'Giám đốc Sở' }),
      upload('U3', 'accepted', { number: '267/KH-SKHCN', issuedOn: '2023-02-28' }),
      upload('U1', 'accepted', { number: '2170/KH-SKHCN', issuedOn: '2022-12-30', kind: 'KH' }),
      upload('U2', 'pending', { issuedOn: '2022-01-01' }),
      upload('U6', 'rejected', { issuedOn: '2022-01-01' }),
      // Same content as U1, uploaded again in the period: cited once.
      upload('U7', 'accepted', { number: '9/KH-SKHCN', issuedOn: '2022-12-30' }, { sha256: 'hash-U1', duplicateOf: 'U1' }),
      // Flagged against an upload of another period: still cited here.
      upload('U8', 'accepted', { number: '5/QĐ-SKHCN', kind: 'QĐ', issuedOn: '2023-03-01' }, { duplicateOf: 'U0' }),
    ];
    expect(citationsOf(uploads)).toEqual([
      { sectionKey: 'direction', kind: 'KH', number: '2170/KH-SKHCN', issuedOn: '2022-12-30', subject: 'S' },
      { sectionKey: 'direction', kind: 'KH', number: '267/KH-SKHCN', issuedOn: '2023-02-28', subject: 'S' },
      { sectionKey: 'institutions', kind: 'KH', number: '268/KH-SKHCN', issuedOn: '2023-02-28', issuer: 'Giám đốc Sở', subject: 'S' },
      { sectionKey: 'procedures', kind: 'KH', number: '268/KH-SKHCN', issuedOn: '2023-02-28', subject: 'S' },
      { sectionKey: 'direction', kind: 'QĐ', number: '5/QĐ-SKHCN', issuedOn: '2023-03-01', subject: 'S' },
    ]);
    expect(citationsOf([...uploads].reverse())).toEqual(citationsOf(uploads));
  });
});
