// The leader's signature and the clerk's issue (CONTRACT §6, Decree 30/2020): two PAdES signatures in
// order, each visible, the number and date added in between as an incremental update, on the report
// renderPdf draws for signing (stage 'signed') in the slots it measured. Checked in JavaScript on any
// machine — verifyPdfSignatures (byte ranges, digests, CMS, chain to the local test CA), pdfjs for the
// text, @cantoo/pdf-lib for the widgets and their images — and by poppler as a second verifier
// (pdfsig, also against an NSS directory trusting the test CA; pdfimages; pdfinfo; pdftoppm for the
// picture) where installed, required with CI=true (tests/support/pdf-signature.ts).
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFStream } from '@cantoo/pdf-lib';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localCaCertificatePath, localSigner } from '#adapters/local-signer.ts';
import { buildReportModel } from '#domain/report-model.ts';
import type { SigningAgency, SigningLeader } from '#domain/signer.ts';
import { renderPdf } from '#render/pdf.ts';
import type { PdfRect, RenderedPdf } from '#render/pdf-slots.ts';
import { issueSigned, signAsLeader, type IssueMeta } from '#render/sign-report.ts';
import { verifyPdfSignatures } from '#render/verify-pdf-signatures.ts';
import { seedReportInput } from '../fixtures/seed-report-input.ts';
import { nssTrusting, pdfsig, poppler, signatureDictionaries } from '../support/pdf-signature.ts';
import { pageItems } from '../support/report-text.ts';

const agency: SigningAgency = { agencyId: 'SKHCN', agencyName: 'Sở Khoa học và Công nghệ', parentBody: 'UBND tỉnh Quảng Ngãi' };
const leader: SigningLeader = { userId: 'leader-1', name: 'Trần Quốc Bảo' };
const signatureImagePng = readFileSync(new URL('../../events/samples/signing/skhcn-leader-signature.png', import.meta.url));
const sealImagePng = readFileSync(new URL('../../events/samples/signing/skhcn-seal.png', import.meta.url));
const leaderMeta = { signerName: leader.name, signatureImagePng, signedAt: new Date('2023-06-15T02:30:00Z') };
const issueMeta: IssueMeta = {
  number: '1015',
  day: '15',
  month: '6',
  year: '2023',
  agencyName: agency.agencyName,
  agencyEmail: 'van-thu@skhcn.example.vn',
  sealImagePng,
  signedAt: new Date('2023-06-15T03:05:00Z'),
};

let dir: string;
let caDer: Uint8Array;
let rendered: RenderedPdf;
let leaderSigned: Uint8Array;
let issued: Uint8Array;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sign-issue-'));
  rendered = await renderPdf(buildReportModel(seedReportInput({ stage: 'signed' })));
  leaderSigned = await signAsLeader(rendered, localSigner(dir, agency, leader), leaderMeta);
  issued = await issueSigned(leaderSigned, rendered.slots, localSigner(dir, agency), issueMeta);
  caDer = new X509Certificate(readFileSync(localCaCertificatePath(dir))).raw;
}, 30_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const verify = (pdf: Uint8Array) => verifyPdfSignatures(pdf, { trustAnchors: [caDer] });

/** pdfsig's report cut into one block per signature, in order (poppler's second opinion). */
const pdfsigBlocks = (out: string) => out.split(/^Signature #\d+:$/m).slice(1);

interface SignatureWidget {
  /** 0-based index of the page whose /Annots hold it. */
  page: number;
  field: string;
  /** /Rect: [x1 y1 x2 y2]. */
  rect: number[];
  /** /F */
  flags: number;
  /** The image XObjects of its normal appearance: their size and their soft mask's. */
  images: { width: number; height: number; softMask: { width: number; height: number } | undefined }[];
}

/** The widgets of signature fields, page by page, as a reader finds them through the pages' /Annots. */
async function signatureWidgets(pdf: Uint8Array): Promise<SignatureWidget[]> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const size = (image: PDFStream) => ({ width: image.dict.lookup(PDFName.of('Width'), PDFNumber).asNumber(), height: image.dict.lookup(PDFName.of('Height'), PDFNumber).asNumber() });
  return doc.getPages().flatMap((page, index) =>
    (page.node.Annots()?.asArray() ?? [])
      .map((ref) => doc.context.lookup(ref))
      .filter((annot): annot is PDFDict => annot instanceof PDFDict && annot.get(PDFName.of('FT')) === PDFName.of('Sig'))
      .map((annot) => {
        const appearance = annot.lookup(PDFName.of('AP'), PDFDict).lookup(PDFName.of('N'), PDFStream);
        const xObjects = appearance.dict.lookup(PDFName.of('Resources'), PDFDict).lookup(PDFName.of('XObject'), PDFDict);
        return {
          page: index,
          field: annot.lookup(PDFName.of('T'), PDFHexString).decodeText(),
          rect: annot.lookup(PDFName.of('Rect'), PDFArray).asArray().map((n) => (n as PDFNumber).asNumber()),
          flags: annot.lookup(PDFName.of('F'), PDFNumber).asNumber(),
          images: xObjects.values().map((ref) => {
            const image = doc.context.lookup(ref, PDFStream);
            const mask = image.dict.lookupMaybe(PDFName.of('SMask'), PDFStream);
            return { ...size(image), softMask: mask && size(mask) };
          }),
        };
      }),
  );
}

/** The leader's image as signAsLeader fits it: aspect kept, centred in the slot. */
function fitted(box: PdfRect, image: { width: number; height: number }): [number, number, number, number] {
  const scale = Math.min(box.width / image.width, box.height / image.height);
  const [width, height] = [image.width * scale, image.height * scale];
  const x = box.x + (box.width - width) / 2;
  const y = box.y + (box.height - height) / 2;
  return [x, y, x + width, y + height];
}

describe('the leader signs, then the clerk issues', () => {
  it("verifies two signatures in order: the leader's over the first revision, the agency's over the whole file, both chained to the local test CA", async () => {
    const [first, second, ...rest] = await verify(issued);
    expect(rest).toEqual([]);
    expect(first).toMatchObject({ coversRevision: true, coversWholeFile: false, subFilter: 'ETSI.CAdES.detached', digestAlgorithm: 'sha256', digestOk: true, signatureOk: true, chainOk: true, problems: [] });
    expect(first!.signer!.commonName).toBe('Trần Quốc Bảo');
    expect(second).toMatchObject({ coversRevision: true, coversWholeFile: true, subFilter: 'ETSI.CAdES.detached', digestAlgorithm: 'sha256', digestOk: true, signatureOk: true, chainOk: true, problems: [] });
    expect(second!.signer!.commonName).toBe('Sở Khoa học và Công nghệ');
    // /M, written in Vietnam time: 09:30 and 10:05 there.
    expect(first!.signedAt.m).toEqual(leaderMeta.signedAt);
    expect(second!.signedAt.m).toEqual(issueMeta.signedAt);
    // The leader's signature ends where the leader-signed file ended.
    expect(first!.byteRange[2] + first!.byteRange[3]).toBe(leaderSigned.byteLength);
  });

  it('gives pdfsig two valid signatures too, where poppler-utils is installed (CI requires it)', () => {
    const out = pdfsig(issued);
    if (out === undefined) return;
    const [first, second, ...rest] = pdfsigBlocks(out);
    expect(rest).toEqual([]);
    // Field names in Annex I's words.
    expect(first).toContain('Signature Field Name: Chữ ký số của người có thẩm quyền');
    expect(second).toContain('Signature Field Name: Chữ ký số của cơ quan, tổ chức');
    expect(first).toContain('Signer full Distinguished Name: CN=Trần Quốc Bảo,O=Sở Khoa học và Công nghệ,C=VN');
    expect(first).toContain('Not total document signed');
    expect(second).toContain('Signer Certificate Common Name: Sở Khoa học và Công nghệ');
    expect(second).toContain('Total document signed');
    for (const block of [first, second]) {
      expect(block).toContain('Signature Validation: Signature is Valid.');
      expect(block).toContain('Signature Type: ETSI.CAdES.detached');
      expect(block).toContain('Signing Hash Algorithm: SHA-256');
      // Untrusted without the test CA in the verifier's store.
      expect(block).toContain("Certificate Validation: Certificate issuer isn't Trusted.");
    }
    // pdfsig shows the /M times in UTC.
    expect(first).toContain('Signing Time: Jun 15 2023 02:30:00');
    expect(second).toContain('Signing Time: Jun 15 2023 03:05:00');
  });

  it('has both certificates trusted by pdfsig with an NSS directory that trusts the local test CA (CI requires poppler-utils and libnss3-tools)', () => {
    const nssDir = nssTrusting(localCaCertificatePath(dir), mkdtempSync(join(dir, 'nss-')));
    const out = nssDir === undefined ? undefined : pdfsig(issued, nssDir);
    if (out === undefined) return;
    const blocks = pdfsigBlocks(out);
    expect(blocks).toHaveLength(2);
    for (const block of blocks) {
      expect(block).toContain('Signature Validation: Signature is Valid.');
      expect(block).toContain('Certificate Validation: Certificate is Trusted.');
    }
  });

  it('keeps the leader-signed file as it was, byte for byte, and the rendered file as its start', () => {
    expect(Buffer.from(issued.subarray(0, leaderSigned.byteLength)).equals(Buffer.from(leaderSigned))).toBe(true);
    expect(Buffer.from(leaderSigned.subarray(0, rendered.bytes.byteLength)).equals(Buffer.from(rendered.bytes))).toBe(true);
  });

  it("issues the leader's and the agency's certificates for signing only, and the CA's for certifying only", () => {
    const { byteRange } = signatureDictionaries(issued)[0]!;
    const hex = Buffer.from(issued.subarray(byteRange[1] + 1, byteRange[2] - 1)).toString('latin1');
    const signedData = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(Buffer.from(hex, 'hex')).content });
    const [leaderCertificate, caCertificate] = signedData.certificates as pkijs.Certificate[];
    const extension = (certificate: pkijs.Certificate, id: string) => certificate.extensions!.find((e) => e.extnID === id)!;
    const keyUsage = (certificate: pkijs.Certificate) => Buffer.from((asn1js.fromBER(extension(certificate, '2.5.29.15').extnValue.valueBlock.valueHexView).result as asn1js.BitString).valueBlock.valueHexView).toString('hex');
    const isCa = (certificate: pkijs.Certificate) => new pkijs.BasicConstraints({ schema: asn1js.fromBER(extension(certificate, '2.5.29.19').extnValue.valueBlock.valueHexView).result }).cA;
    expect(keyUsage(leaderCertificate!)).toBe('c0'); // digitalSignature, nonRepudiation
    expect(isCa(leaderCertificate!)).toBe(false);
    expect(keyUsage(caCertificate!)).toBe('06'); // keyCertSign, cRLSign
    expect(isCa(caCertificate!)).toBe(true);
    const subject = (certificate: pkijs.Certificate) => certificate.subject.typesAndValues.map((tv) => `${tv.type}=${tv.value.valueBlock.value}`);
    expect(subject(leaderCertificate!)).toEqual(['2.5.4.6=VN', '2.5.4.10=Sở Khoa học và Công nghệ', '2.5.4.3=Trần Quốc Bảo']);
    expect(subject(caCertificate!)).toEqual(['2.5.4.6=VN', '2.5.4.3=CA thử nghiệm']);
    for (const certificate of [leaderCertificate!, caCertificate!]) {
      expect((certificate.subjectPublicKeyInfo.parsedKey as pkijs.RSAPublicKey).modulus.valueBlock.valueHexView.byteLength).toBeGreaterThanOrEqual(256); // RSA-2048
    }
  });

  it('names the signers, reasons and contact in the dictionaries, timed in Vietnam time', () => {
    const [first, second] = signatureDictionaries(issued);
    expect(first).toMatchObject({ subFilter: 'ETSI.CAdES.detached', name: 'Trần Quốc Bảo', reason: 'Ký ban hành báo cáo', m: "D:20230615093000+07'00'" });
    expect(second).toMatchObject({
      subFilter: 'ETSI.CAdES.detached',
      name: 'Sở Khoa học và Công nghệ',
      reason: 'Phát hành báo cáo',
      contactInfo: 'van-thu@skhcn.example.vn',
      m: "D:20230615100500+07'00'",
    });
  });

  it('writes the number flush against "/BC-…" and the date centred in its blanks, which the leader signed empty', async () => {
    const items = (await pageItems(issued))[0]!;
    const { slots } = rendered;
    for (const [slot, text] of [[slots.number, '1015'], [slots.day, '15'], [slots.month, '6'], [slots.year, '2023']] as const) {
      const item = items.find((i) => i.str === text);
      expect(item, text).toBeDefined();
      if (slot === slots.number) expect(item!.x + item!.width, text).toBeCloseTo(slot.x + slot.width, 1);
      else expect(item!.x + item!.width / 2, text).toBeCloseTo(slot.x + slot.width / 2, 1);
      expect(item!.y, text).toBeGreaterThan(slot.y);
      expect(item!.y, text).toBeLessThan(slot.y + slot.height);
      expect(item!.size, text).toBeCloseTo(slots.fontSize);
    }
    const before = (await pageItems(leaderSigned))[0]!.map((i) => i.str);
    for (const text of ['1015', '2023']) expect(before).not.toContain(text);
  });

  it('shows both images, with soft masks, in printable widgets on the signature page: the signature fitted in its slot, the seal over its left third', async () => {
    const [leaderWidget, agencyWidget, ...rest] = await signatureWidgets(issued);
    expect(rest).toEqual([]);
    const box = rendered.slots.signature;
    expect(leaderWidget).toMatchObject({ page: box.page, field: 'Chữ ký số của người có thẩm quyền', flags: 4, images: [{ width: 600, height: 240, softMask: { width: 600, height: 240 } }] });
    expect(agencyWidget).toMatchObject({ page: box.page, field: 'Chữ ký số của cơ quan, tổ chức', flags: 4, images: [{ width: 500, height: 500, softMask: { width: 500, height: 500 } }] });
    const [lx1, ly1, lx2, ly2] = leaderWidget!.rect as [number, number, number, number];
    const [ax1, ay1, ax2, ay2] = agencyWidget!.rect as [number, number, number, number];
    expect(lx2 - lx1).toBeGreaterThan(0);
    expect(ly2 - ly1).toBeGreaterThan(0);
    leaderWidget!.rect.forEach((value, i) => expect(value).toBeCloseTo(fitted(box, { width: 600, height: 240 })[i]!, 6));
    // The seal: a square as tall as the slot, centred on the line a third into the image.
    expect(ax2 - ax1).toBeCloseTo(box.height, 6);
    expect(ay2 - ay1).toBeCloseTo(box.height, 6);
    expect((ax1 + ax2) / 2).toBeCloseTo(lx1 + (lx2 - lx1) / 3, 6);
    expect((ay1 + ay2) / 2).toBeCloseTo((ly1 + ly2) / 2, 6);
    // Soft masks need PDF 1.4: the catalog raises pdfkit's 1.3.
    const doc = await PDFDocument.load(issued, { updateMetadata: false });
    expect(doc.catalog.get(PDFName.of('Version'))).toBe(PDFName.of('1.7'));
  });

  it('lists the same images for pdfimages and version 1.7 for pdfinfo, where poppler-utils is installed (CI requires it)', () => {
    const list = poppler('pdfimages', ['-list'], issued);
    const info = poppler('pdfinfo', [], issued);
    if (list === undefined || info === undefined) return;
    const images = list.toString('utf8').split('\n').slice(2).filter(Boolean).map((line) => line.trim().split(/\s+/));
    const page = String(rendered.slots.signature.page + 1);
    // page, type, width×height: the signature image and the seal, each with its soft mask.
    expect(images.map(([on, , type, width, height]) => `${on} ${type} ${width}x${height}`)).toEqual([
      `${page} image 600x240`,
      `${page} smask 600x240`,
      `${page} image 500x500`,
      `${page} smask 500x500`,
    ]);
    expect(info.toString('utf8')).toMatch(/^PDF version:\s+1\.7$/m);
  });

  it('renders the seal in red over the left third of the blue signature, where poppler-utils is installed (CI requires it)', () => {
    const box = rendered.slots.signature;
    const page = String(box.page + 1);
    const ppm = poppler('pdftoppm', ['-r', '72', '-f', page, '-l', page], issued); // one pixel a point
    if (ppm === undefined) return;
    const picture = readPpm(ppm);
    const [x1, y1, x2, y2] = fitted(box, { width: 600, height: 240 });
    const third = (x2 - x1) / 3;
    const column = (from: number, to: number) => picture.count({ x: x1 + from, y: y1, width: to - from, height: y2 - y1 });
    const left = column(0, third);
    const middle = column(third, 2 * third);
    const right = column(2 * third, x2 - x1);
    // Red (the seal) around the left third line, none over the right third; blue (the signature) across.
    expect(left.red + middle.red).toBeGreaterThan(400);
    expect(right.red).toBe(0);
    expect(right.blue).toBeGreaterThan(100);
    expect(left.blue).toBeGreaterThan(50);
    // The star in the seal's middle sits on the left third line.
    expect(picture.count({ x: x1 + third - 5, y: (y1 + y2) / 2 - 5, width: 10, height: 10 }).red).toBeGreaterThan(50);
  });

  it('fits a signature image of another shape with its aspect kept, centred, and puts the seal, of the size given, on that image’s left third', async () => {
    // The seal as a (square) signature image: as tall as the slot, centred across it.
    const signed = await signAsLeader(rendered, localSigner(dir, agency, leader), { ...leaderMeta, signatureImagePng: sealImagePng });
    const box = rendered.slots.signature;
    const square = fitted(box, { width: 500, height: 500 });
    expect(square[2] - square[0]).toBeCloseTo(box.height, 6);
    (await signatureWidgets(signed))[0]!.rect.forEach((value, i) => expect(value).toBeCloseTo(square[i]!, 6));
    // A 36 mm seal given at its real size, 102 pt.
    const [, seal] = await signatureWidgets(await issueSigned(signed, rendered.slots, localSigner(dir, agency), { ...issueMeta, sealSize: 102 }));
    expect(seal!.rect[2]! - seal!.rect[0]!).toBeCloseTo(102, 6);
    expect((seal!.rect[0]! + seal!.rect[2]!) / 2).toBeCloseTo(square[0] + box.height / 3, 6);
    expect((seal!.rect[1]! + seal!.rect[3]!) / 2).toBeCloseTo(box.y + box.height / 2, 6);
  });

  it('refuses to issue a PDF the leader has not signed', async () => {
    await expect(issueSigned(rendered.bytes, rendered.slots, localSigner(dir, agency), issueMeta)).rejects.toThrow('the leader signs before the clerk issues');
  });

  it('comes out byte-identical from the same input', async () => {
    const again = await signAsLeader(rendered, localSigner(dir, agency, leader), leaderMeta);
    expect(Buffer.from(again).equals(Buffer.from(leaderSigned))).toBe(true);
    const reissued = await issueSigned(again, rendered.slots, localSigner(dir, agency), issueMeta);
    expect(Buffer.from(reissued).equals(Buffer.from(issued))).toBe(true);
  });

  it('tells which revision a change touches: after the leader’s, only the agency’s signature fails; in the first, both', async () => {
    // The agency's widget, in the issue's revision: printable (/F 4) made printable and hidden (/F 6).
    const late = Uint8Array.from(issued);
    const flags = Buffer.from(late).indexOf('/F 4\n', leaderSigned.byteLength);
    expect(flags).toBeGreaterThan(leaderSigned.byteLength);
    late[flags + 3] = '6'.charCodeAt(0);
    const [leaderCheck, agencyCheck] = await verify(late);
    expect(leaderCheck).toMatchObject({ digestOk: true, signatureOk: true, chainOk: true, problems: [] });
    expect(agencyCheck).toMatchObject({ digestOk: false, problems: ['the message digest is not the hash of the signed bytes'] });
    // The header's version, in the rendered file that both signatures cover.
    const early = Uint8Array.from(issued);
    expect(Buffer.from(early.subarray(0, 8)).toString('latin1')).toBe('%PDF-1.3');
    early[7] = '4'.charCodeAt(0);
    for (const check of await verify(early)) expect(check).toMatchObject({ digestOk: false, problems: ['the message digest is not the hash of the signed bytes'] });
    // poppler agrees, where installed (CI requires it).
    const [lateOut, earlyOut] = [pdfsig(late), pdfsig(early)];
    if (lateOut === undefined || earlyOut === undefined) return;
    const lateBlocks = pdfsigBlocks(lateOut);
    expect(lateBlocks).toHaveLength(2);
    expect(lateBlocks[0]).toContain('Signature is Valid.');
    expect(lateBlocks[1]).not.toContain('Signature is Valid.');
    const earlyBlocks = pdfsigBlocks(earlyOut);
    expect(earlyBlocks).toHaveLength(2);
    for (const block of earlyBlocks) expect(block).not.toContain('Signature is Valid.');
  });
});

/** A binary PPM (P6) as pdftoppm writes it, counting clearly red and clearly blue pixels in a rectangle given in points from the bottom-left. */
function readPpm(ppm: Buffer) {
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 50).toString('latin1'));
  if (!header) throw new Error('not a binary PPM');
  const [width, height] = [Number(header[1]), Number(header[2])];
  const data = ppm.subarray(header[0].length);
  return {
    count(rect: Omit<PdfRect, 'page'>) {
      let red = 0;
      let blue = 0;
      for (let y = Math.round(height - rect.y - rect.height); y < Math.round(height - rect.y); y++) {
        for (let x = Math.round(rect.x); x < Math.round(rect.x + rect.width); x++) {
          const at = (y * width + x) * 3;
          const [r, g, b] = [data[at]!, data[at + 1]!, data[at + 2]!];
          if (r > 150 && g < 110 && b < 110) red++;
          if (b > 120 && r < 110 && g < 130) blue++;
        }
      }
      return { red, blue };
    },
  };
}
