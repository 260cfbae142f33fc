// The leader's signature and the clerk's issue (CONTRACT §6, Decree 30/2020): two PAdES signatures in
// order, each visible, the number and date added in between as an incremental update. Checked with
// poppler (pdfsig, also against an NSS directory trusting the local test CA; pdfimages; pdftotext;
// pdftoppm for the picture) and by reading the bytes: byte ranges, digests, certificate chain.
// A JavaScript verifier (verifyPdfSignatures, issue #18) can replace the digest and chain checks here.
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localCaCertificatePath, localSigner } from '#adapters/local-signer.ts';
import { buildReportModel } from '#domain/report-model.ts';
import type { SigningAgency, SigningLeader } from '#domain/signer.ts';
import { renderPdf } from '#render/pdf.ts';
import type { PdfRect, RenderedPdf } from '#render/pdf-slots.ts';
import { issueSigned, signAsLeader, type IssueMeta } from '#render/sign-report.ts';
import { seedReportInput } from '../fixtures/seed-report-input.ts';
import { nssTrusting, pdfsig, signatureDictionaries, type SignatureDictionary } from '../support/pdf-signature.ts';
import { slottedPdf } from '../support/slotted-pdf.ts';

/** pdfsig's verdict; this file still reads poppler's tools (see the issue-#18 note in the closing report). */
function popplerPdfsig(pdf: Uint8Array, nssDir?: string): string {
  const out = pdfsig(pdf, nssDir);
  if (out === undefined) throw new Error('pdfsig is missing; install it with: apt-get install poppler-utils');
  return out;
}

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
let nssDir: string;
let rendered: RenderedPdf;
let leaderSigned: Uint8Array;
let issued: Uint8Array;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sign-issue-'));
  rendered = await slottedPdf();
  leaderSigned = await signAsLeader(rendered, localSigner(dir, agency, leader), leaderMeta);
  issued = await issueSigned(leaderSigned, rendered.slots, localSigner(dir, agency), issueMeta);
  nssDir = nssTrusting(localCaCertificatePath(dir), mkdtempSync(join(dir, 'nss-')));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** pdfsig's report cut into one block per signature, in order. */
const pdfsigBlocks = (out: string) => out.split(/^Signature #\d+:$/m).slice(1);

/** A poppler tool's output for the PDF, from a scratch file. */
function poppler(tool: string, args: string[], pdf: Uint8Array, encoding: 'utf8' | 'buffer' = 'utf8'): string | Buffer {
  const scratch = mkdtempSync(join(tmpdir(), `${tool}-`));
  try {
    const file = join(scratch, 'in.pdf');
    writeFileSync(file, pdf);
    return execFileSync(tool, [...args, file, ...(tool === 'pdftotext' ? ['-'] : [])], encoding === 'utf8' ? { encoding: 'utf8' } : { maxBuffer: 1 << 28 });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The widget annotations of signature fields: their /Rect, /P and whether they carry an /AP. */
function signatureWidgets(pdf: Uint8Array): { rect: number[]; appearance: boolean }[] {
  const text = Buffer.from(pdf).toString('latin1');
  return [...text.matchAll(/\/Subtype \/Widget\n\/FT \/Sig\n[\s\S]*?>>\nendobj/g)].map(([dict]) => ({
    rect: /\/Rect \[ ([^\]]+) \]/.exec(dict)![1]!.trim().split(/\s+/).map(Number),
    appearance: /\/AP <<\n\/N \d+ 0 R/.test(dict),
  }));
}

/** The CMS of a signature: its signed data, and what a verifier recomputes over the byte range. */
function cms(pdf: Uint8Array, dict: SignatureDictionary) {
  const [from, gapStart, gapEnd, tail] = dict.byteRange;
  const hex = Buffer.from(pdf.subarray(gapStart + 1, gapEnd - 1)).toString('latin1');
  const signedData = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(Buffer.from(hex, 'hex')).content });
  const covered = Buffer.concat([pdf.subarray(from, gapStart), pdf.subarray(gapEnd, gapEnd + tail)]);
  const attribute = signedData.signerInfos[0]!.signedAttrs!.attributes.find((a) => a.type === '1.2.840.113549.1.9.4')!;
  return {
    signedData,
    messageDigest: Buffer.from((attribute.values[0] as asn1js.OctetString).valueBlock.valueHexView),
    digestOfRange: createHash('sha256').update(covered).digest(),
    certificates: (signedData.certificates as pkijs.Certificate[]).map((c) => new X509Certificate(Buffer.from(c.toSchema().toBER()))),
  };
}

describe('the leader signs, then the clerk issues', () => {
  it('gives pdfsig two valid signatures: first the leader’s certificate, the last the agency’s', () => {
    const [first, second, ...rest] = pdfsigBlocks(popplerPdfsig(issued));
    expect(rest).toEqual([]);
    // Field names in Annex I's words.
    expect(first).toContain('Signature Field Name: Chữ ký số của người có thẩm quyền');
    expect(second).toContain('Signature Field Name: Chữ ký số của cơ quan, tổ chức');
    expect(first).toContain('Signer Certificate Common Name: Trần Quốc Bảo');
    expect(first).toContain('Signer full Distinguished Name: CN=Trần Quốc Bảo,O=Sở Khoa học và Công nghệ,C=VN');
    expect(first).toContain('Signature Validation: Signature is Valid.');
    // The leader signed an earlier revision: the issue came after, as an incremental update.
    expect(first).toContain('Not total document signed');
    expect(second).toContain('Signer Certificate Common Name: Sở Khoa học và Công nghệ');
    expect(second).toContain('Signature Validation: Signature is Valid.');
    expect(second).toContain('Total document signed');
    for (const block of [first, second]) {
      expect(block).toContain('Signature Type: ETSI.CAdES.detached');
      expect(block).toContain('Signing Hash Algorithm: SHA-256');
      // Untrusted without the test CA in the verifier's store.
      expect(block).toContain("Certificate Validation: Certificate issuer isn't Trusted.");
    }
    // pdfsig shows the /M times in UTC: 09:30 and 10:05 in Vietnam.
    expect(first).toContain('Signing Time: Jun 15 2023 02:30:00');
    expect(second).toContain('Signing Time: Jun 15 2023 03:05:00');
  });

  it('has both certificates trusted by a verifier that trusts the local test CA', () => {
    const blocks = pdfsigBlocks(popplerPdfsig(issued, nssDir));
    expect(blocks).toHaveLength(2);
    for (const block of blocks) {
      expect(block).toContain('Signature Validation: Signature is Valid.');
      expect(block).toContain('Certificate Validation: Certificate is Trusted.');
    }
  });

  it('keeps the leader-signed file as it was, byte for byte, and the leader’s byte range ends there', () => {
    expect(Buffer.from(issued.subarray(0, leaderSigned.byteLength)).equals(Buffer.from(leaderSigned))).toBe(true);
    const [first, second] = signatureDictionaries(issued);
    expect(first!.byteRange[0]).toBe(0);
    expect(first!.byteRange[2] + first!.byteRange[3]).toBe(leaderSigned.byteLength);
    expect(second!.byteRange[0]).toBe(0);
    expect(second!.byteRange[2] + second!.byteRange[3]).toBe(issued.byteLength);
    // And the rendered file is the leader's revision's start.
    expect(Buffer.from(leaderSigned.subarray(0, rendered.bytes.byteLength)).equals(Buffer.from(rendered.bytes))).toBe(true);
  });

  it("signs each byte range's SHA-256, with a chain from the signer's certificate to the local test CA", () => {
    const ca = new X509Certificate(readFileSync(localCaCertificatePath(dir)));
    const [first, second] = signatureDictionaries(issued).map((dict) => cms(issued, dict));
    for (const { messageDigest, digestOfRange, certificates } of [first!, second!]) {
      expect(messageDigest.equals(digestOfRange)).toBe(true);
      expect(certificates).toHaveLength(2);
      expect(certificates[0]!.verify(certificates[1]!.publicKey)).toBe(true);
      expect(certificates[1]!.raw.equals(ca.raw)).toBe(true);
      expect(certificates[1]!.verify(ca.publicKey)).toBe(true);
    }
    expect(first!.certificates[0]!.subject).toContain('CN=Trần Quốc Bảo');
    expect(second!.certificates[0]!.subject).toContain('CN=Sở Khoa học và Công nghệ');
  });

  it("issues the leader's and the agency's certificates for signing only, and the CA's for certifying only", () => {
    const [leaderCertificate, caCertificate] = cms(issued, signatureDictionaries(issued)[0]!).signedData.certificates as pkijs.Certificate[];
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

  it('writes the number and the date into their blanks', () => {
    const text = poppler('pdftotext', ['-layout'], issued) as string;
    expect(text).toMatch(/Số:\s+1015\s+\/BC-SKHCN/);
    expect(text).toMatch(/Quảng Ngãi, ngày\s+15\s+tháng\s+6\s+năm\s+2023/);
    // The leader signed blanks.
    expect(poppler('pdftotext', ['-layout'], leaderSigned) as string).not.toContain('1015');
  });

  it('shows both images in widgets with non-zero rectangles on the signature page: the seal over the left third of the signature', () => {
    const images = (poppler('pdfimages', ['-list'], issued) as string).split('\n').slice(2).filter(Boolean).map((line) => line.trim().split(/\s+/));
    // page, num, type, width, height: the signature image and the seal, each with its soft mask (transparency).
    expect(images.map(([page, , type, width, height]) => `${page} ${type} ${width}x${height}`)).toEqual([
      '1 image 600x240',
      '1 smask 600x240',
      '1 image 500x500',
      '1 smask 500x500',
    ]);
    // Soft masks need PDF 1.4: the catalog raises pdfkit's 1.3.
    expect(poppler('pdfinfo', [], issued) as string).toMatch(/^PDF version:\s+1\.7$/m);
    const [leaderWidget, agencyWidget] = signatureWidgets(issued);
    expect(leaderWidget!.appearance && agencyWidget!.appearance).toBe(true);
    const [lx1, ly1, lx2, ly2] = leaderWidget!.rect as [number, number, number, number];
    const [ax1, ay1, ax2, ay2] = agencyWidget!.rect as [number, number, number, number];
    const box = rendered.slots.signature;
    // The signature image fitted in the slot (600×240 into 200×80: the whole slot).
    expect([lx1, ly1, lx2, ly2]).toEqual([box.x, box.y, box.x + box.width, box.y + box.height]);
    // The seal: a square as tall as the slot, centred on the line a third into the image.
    expect(ax2 - ax1).toBeCloseTo(box.height, 6);
    expect(ay2 - ay1).toBeCloseTo(box.height, 6);
    expect((ax1 + ax2) / 2).toBeCloseTo(lx1 + (lx2 - lx1) / 3, 6);
    expect((ay1 + ay2) / 2).toBeCloseTo((ly1 + ly2) / 2, 6);
  });

  it('renders the seal in red over the left third of the blue signature', () => {
    const dpi = 72; // one pixel a point
    const ppm = poppler('pdftoppm', ['-r', String(dpi), '-f', '1', '-l', '1'], issued, 'buffer') as Buffer;
    const picture = readPpm(ppm);
    const box = rendered.slots.signature;
    const inRect = (rect: Omit<PdfRect, 'page'>) => picture.count(rect);
    const third = box.width / 3;
    const column = (from: number, to: number) => ({ x: box.x + from, y: box.y, width: to - from, height: box.height });
    const left = inRect(column(0, third));
    const middle = inRect(column(third, 2 * third));
    const right = inRect(column(2 * third, box.width));
    // Red (the seal) around the left third line, none over the right third; blue (the signature) across.
    expect(left.red + middle.red).toBeGreaterThan(400);
    expect(right.red).toBe(0);
    expect(right.blue).toBeGreaterThan(100);
    expect(left.blue).toBeGreaterThan(50);
    // The star in the seal's middle sits on the left third line.
    const star = inRect({ x: box.x + third - 5, y: box.y + box.height / 2 - 5, width: 10, height: 10 });
    expect(star.red).toBeGreaterThan(50);
  });

  it('fits a signature image of another shape with its aspect kept, centred, and puts the seal, of the size given, on that image’s left third', async () => {
    // The seal as a (square) signature image: 80×80 in the 200×80 slot, 60 pt in from each side.
    const signed = await signAsLeader(rendered, localSigner(dir, agency, leader), { ...leaderMeta, signatureImagePng: sealImagePng });
    const box = rendered.slots.signature;
    expect(signatureWidgets(signed)[0]!.rect).toEqual([box.x + 60, box.y, box.x + 140, box.y + 80]);
    // A 36 mm seal given at its real size, 102 pt.
    const [, seal] = signatureWidgets(await issueSigned(signed, rendered.slots, localSigner(dir, agency), { ...issueMeta, sealSize: 102 }));
    expect(seal!.rect[2]! - seal!.rect[0]!).toBeCloseTo(102, 6);
    expect((seal!.rect[0]! + seal!.rect[2]!) / 2).toBeCloseTo(box.x + 60 + 80 / 3, 6);
    expect((seal!.rect[1]! + seal!.rect[3]!) / 2).toBeCloseTo(box.y + 40, 6);
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

  it('tells which revision a change touches: after the leader’s, only the agency’s signature fails', () => {
    // The agency's widget, in the issue's revision: printable (/F 4) made printable and hidden (/F 6).
    const tampered = Uint8Array.from(issued);
    const flags = Buffer.from(tampered).indexOf('/F 4\n', leaderSigned.byteLength);
    expect(flags).toBeGreaterThan(leaderSigned.byteLength);
    tampered[flags + 3] = '6'.charCodeAt(0);
    const [first, second] = pdfsigBlocks(popplerPdfsig(tampered));
    expect(first).toContain('Signature is Valid.');
    expect(second).not.toContain('Signature is Valid.');
    const early = Uint8Array.from(issued);
    const title = Buffer.from(early).indexOf('/Title (');
    early[title + 8] = early[title + 8]! ^ 0x01;
    for (const block of pdfsigBlocks(popplerPdfsig(early))) expect(block).not.toContain('Signature is Valid.');
  });
});

describe('on the report renderPdf draws, in the slots it measured', () => {
  it('signs and issues it with both signatures valid and trusted', async () => {
    const rendered = await renderPdf(buildReportModel({ ...seedReportInput(), stage: 'signed' }));
    const signed = await signAsLeader(rendered, localSigner(dir, agency, leader), leaderMeta);
    const out = await issueSigned(signed, rendered.slots, localSigner(dir, agency), issueMeta);
    const blocks = pdfsigBlocks(popplerPdfsig(out, nssDir));
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toContain('Signer Certificate Common Name: Trần Quốc Bảo');
    expect(blocks[1]).toContain('Signer Certificate Common Name: Sở Khoa học và Công nghệ');
    for (const block of blocks) {
      expect(block).toContain('Signature Validation: Signature is Valid.');
      expect(block).toContain('Certificate Validation: Certificate is Trusted.');
    }
    const images = (poppler('pdfimages', ['-list'], out) as string).split('\n').slice(2).filter(Boolean);
    // both images and their soft masks, on the page of the signature block (the appendix follows it)
    const page = String(rendered.slots.signature.page + 1);
    expect(images.map((line) => line.trim().split(/\s+/)[0])).toEqual([page, page, page, page]);
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
