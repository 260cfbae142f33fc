// The content check on real bytes: file-type on the first bytes, fflate on the zip directory,
// then the domain's decision.
import { describe, expect, it } from 'vitest';
import { checkContent, DOCX, HEAD_BYTES, MAX_ZIP_ENTRIES, ODT, PDF, PNG, type AttachmentContentType } from '#domain/attachment.ts';
import { detectType, summarizeZip } from '#adapters/uploads-content.ts';
import {
  docxBytes,
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

  it('rejects broken zips and zips that are not the declared document', async () => {
    const docx = await docxBytes();
    const truncated = docx.subarray(0, docx.length - 200);
    expect(summarizeZip(truncated)).toEqual({ valid: false });
    expect(await decide(DOCX, truncated)).toMatchObject({ ok: false, reasonCode: 'invalid_zip' });
    expect(await decide(DOCX, docxWithoutDocument())).toMatchObject({ ok: false, reasonCode: 'invalid_document' });
    expect(await decide(ODT, odtBytes('application/vnd.oasis.opendocument.spreadsheet'))).toMatchObject({ ok: false });
  });
});
