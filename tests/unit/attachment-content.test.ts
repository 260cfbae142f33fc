// The content check on real bytes: file-type on the first bytes, the zip's directory and its
// members inflated as bounded streams, then the domain's decision.
import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { Inflate } from 'fflate';
import { describe, expect, it, vi } from 'vitest';
import { checkContent, DOCX, HEAD_BYTES, MAX_ZIP_ENTRIES, MiB, ODT, PDF, PNG, type AttachmentContentType } from '#domain/attachment.ts';
import { detectType, summarizeZip } from '#adapters/uploads-content.ts';
import {
  deflatedZeros,
  docxBytes,
  docxClaiming,
  docxWithoutDocument,
  elfBytes,
  exeBytes,
  lyingDocx,
  manyEntriesDocx,
  odtBytes,
  pdfBytes,
  pngBytes,
  zipBombDocx,
} from './attachment-fixtures.ts';

async function decide(contentType: AttachmentContentType, bytes: Uint8Array) {
  const zip = contentType === DOCX || contentType === ODT;
  return checkContent({
    declared: { contentType, size: bytes.length },
    actualSize: bytes.length,
    detectedType: await detectType(bytes.subarray(0, HEAD_BYTES)),
    ...(zip ? { zipSummary: summarizeZip(bytes) } : {}),
  });
}

describe('content check on real files', () => {
  it('accepts a PDF, a DOCX made by a word processor library, an ODT and a PNG', async () => {
    expect(await decide(PDF, await pdfBytes())).toEqual({ ok: true });
    expect(await decide(DOCX, await docxBytes())).toEqual({ ok: true });
    expect(await decide(ODT, odtBytes())).toEqual({ ok: true });
    expect(await decide(PNG, pngBytes())).toEqual({ ok: true });
  });

  it('rejects executables named as documents', async () => {
    expect(await decide(PDF, elfBytes())).toMatchObject({ ok: false, reasonCode: 'unsupported_type' });
    expect(await decide(DOCX, exeBytes())).toMatchObject({ ok: false, reasonCode: 'unsupported_type' });
  });

  it('rejects one accepted type declared as another', async () => {
    expect(await decide(PDF, pngBytes())).toMatchObject({ ok: false, reasonCode: 'type_mismatch' });
    expect(await decide(DOCX, odtBytes())).toMatchObject({ ok: false, reasonCode: 'type_mismatch' });
    expect(await decide(PDF, await docxBytes())).toMatchObject({ ok: false, reasonCode: 'type_mismatch' });
  });

  it('rejects a DOCX that inflates past the bound, without inflating it', async () => {
    const bomb = zipBombDocx();
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const summary = summarizeZip(bomb);
    expect(summary.valid && summary.totalUncompressed).toBeGreaterThan(110 * 1024 * 1024);
    expect(await decide(DOCX, bomb)).toMatchObject({ ok: false, reasonCode: 'zip_bomb' });
  });

  it('goes by the sizes the directory declares, and stops reading it past the bounds', async () => {
    expect(await decide(DOCX, lyingDocx())).toMatchObject({ ok: false, reasonCode: 'zip_bomb' });
    const many = summarizeZip(manyEntriesDocx(MAX_ZIP_ENTRIES + 50));
    expect(many).toMatchObject({ valid: true, entryCount: MAX_ZIP_ENTRIES + 1 });
    expect(await decide(DOCX, manyEntriesDocx(MAX_ZIP_ENTRIES + 50))).toMatchObject({ ok: false, reasonCode: 'zip_bomb' });
    expect(await decide(DOCX, manyEntriesDocx(MAX_ZIP_ENTRIES - 2))).toEqual({ ok: true });
  });

  it('rejects a DOCX whose headers understate what it inflates to, after inflating only the start of it', async () => {
    const zeros = deflatedZeros(200);
    let inflated = 0;
    for await (const chunk of Readable.from([zeros.stream]).pipe(createInflateRaw())) inflated += (chunk as Buffer).length;
    expect(inflated).toBe(200 * MiB);
    const push = vi.spyOn(Inflate.prototype, 'push');
    try {
      // With its true size the directory condemns it before anything is inflated …
      expect(await decide(DOCX, docxClaiming(zeros))).toMatchObject({ ok: false, reasonCode: 'zip_bomb' });
      expect(push).not.toHaveBeenCalled();
      // … claiming 1,000 bytes in its local header and directory, it is stopped at the first chunk past them.
      const bomb = docxClaiming(zeros, 1000);
      const summary = summarizeZip(bomb);
      expect(summary).toMatchObject({ valid: true, inflatesPastDeclared: true });
      expect(summary.valid && summary.totalUncompressed).toBeLessThan(2000); // all the directory claims
      const pushed = push.mock.calls.reduce((sum, [chunk]) => sum + chunk.length, 0);
      expect(pushed).toBeGreaterThan(0);
      expect(pushed).toBeLessThan(zeros.stream.length / 10);
      expect(await decide(DOCX, bomb)).toEqual({
        ok: false,
        reasonCode: 'zip_bomb',
        reason:
          'Tệp DOCX khi giải nén cho ra nhiều dữ liệu hơn kích thước chính tệp khai báo (dấu hiệu của tệp nén độc hại). Hệ thống không nhận tệp này; hãy lưu lại văn bản bằng trình soạn thảo rồi tải lên lại.',
      });
    } finally {
      push.mockRestore();
    }
  });

  it('rejects a DOCX member that inflates to less than it declares as broken', async () => {
    expect(await decide(DOCX, docxClaiming(Buffer.from('<w:document/>'), 100))).toMatchObject({ ok: false, reasonCode: 'invalid_zip' });
  });

  it('rejects broken zips and zips that are not the declared document', async () => {
    const docx = await docxBytes();
    const truncated = docx.subarray(0, docx.length - 200);
    expect(summarizeZip(truncated)).toEqual({ valid: false });
    expect(await decide(DOCX, truncated)).toMatchObject({ ok: false, reasonCode: 'invalid_zip' });
    expect(await decide(DOCX, docxWithoutDocument())).toMatchObject({ ok: false, reasonCode: 'invalid_document' });
    expect(await decide(ODT, odtBytes('application/vnd.oasis.opendocument.spreadsheet'))).toMatchObject({ ok: false });
  });
});
