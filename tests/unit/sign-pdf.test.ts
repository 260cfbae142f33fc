// The PAdES signature of an issued report with the local software key: verifyPdfSignatures must find
// it valid, and so must poppler's pdfsig where it is installed (always in CI); the dictionary must
// carry the signer and the reason in Vietnamese, and the signed byte range must be the whole file but
// the signature.
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { localCaCertificatePath, localSigner } from '#adapters/local-signer.ts';
import { buildSignerFor } from '#adapters/signers.ts';
import { buildReportModel } from '#domain/report-model.ts';
import type { SigningAgency } from '#domain/signer.ts';
import { renderPdf } from '#render/pdf.ts';
import { signPdf } from '#render/sign-pdf.ts';
import { verifyPdfSignatures, type PdfSignatureCheck } from '#render/verify-pdf-signatures.ts';
import { seedReportInput } from '../fixtures/seed-report-input.ts';
import { pdfsig, signatureDictionary } from '../support/pdf-signature.ts';

const agency: SigningAgency = { agencyId: 'SKHCN', agencyName: 'Sở Khoa học và Công nghệ', parentBody: 'UBND tỉnh Quảng Ngãi' };
const meta = { signerName: 'Nguyễn Văn Đông', reason: 'Phát hành báo cáo', signedAt: new Date('2023-06-15T02:30:00Z'), location: 'Quảng Ngãi' };

let dir: string;
let pdf: Uint8Array;
let signed: Uint8Array;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'signing-'));
  pdf = (await renderPdf(buildReportModel(seedReportInput()))).bytes;
  signed = await signPdf(pdf, localSigner(dir, agency), meta);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The one signature of the file as verifyPdfSignatures checks it, the local test CA (the chain's last) the anchor. */
async function check(file: Uint8Array, signer = localSigner(dir, agency)): Promise<PdfSignatureCheck> {
  const checks = await verifyPdfSignatures(file, { trustAnchors: (await signer.certificateChain()).slice(-1) });
  expect(checks).toHaveLength(1);
  return checks[0]!;
}

describe('signPdf with the local key', () => {
  it('is a valid ETSI.CAdES.detached SHA-256 signature of the whole document', async () => {
    expect(await check(signed)).toMatchObject({
      subFilter: 'ETSI.CAdES.detached',
      digestAlgorithm: 'sha256',
      coversWholeFile: true,
      signer: { commonName: 'Sở Khoa học và Công nghệ' },
      signedAt: { m: meta.signedAt },
      problems: [],
    });
  });

  it('is valid for pdfsig too, where poppler-utils is installed (CI requires it)', () => {
    const out = pdfsig(signed);
    if (out === undefined) return;
    expect(out).toContain('Signature Validation: Signature is Valid.');
    expect(out).toContain('Signature Type: ETSI.CAdES.detached');
    expect(out).toContain('Signing Hash Algorithm: SHA-256');
    expect(out).toContain('Total document signed');
    expect(out).toContain('Signer Certificate Common Name: Sở Khoa học và Công nghệ');
    expect(out).toContain('Signing Time: Jun 15 2023 02:30:00');
  });

  it('names the signer, the reason and the place in the dictionary as UTF-16BE text', () => {
    const dict = signatureDictionary(signed);
    expect(dict).toMatchObject({ subFilter: 'ETSI.CAdES.detached', name: 'Nguyễn Văn Đông', reason: 'Phát hành báo cáo', location: 'Quảng Ngãi', m: 'D:20230615023000Z' });
  });

  it('signs every byte but the signature, and keeps the rendered file as the first revision', () => {
    const { byteRange: [from, gapStart, gapEnd, tail], contentsAt } = signatureDictionary(signed);
    expect(from).toBe(0);
    expect(gapStart).toBe(contentsAt);
    expect(gapEnd + tail).toBe(signed.byteLength);
    expect(Buffer.from(signed.subarray(gapStart, gapEnd)).toString('latin1')).toMatch(/^<[0-9a-f]+>$/);
    expect(Buffer.from(signed.subarray(0, pdf.byteLength)).equals(Buffer.from(pdf))).toBe(true);
  });

  it('carries content-type, message-digest and signing-certificate-v2, and no signing-time, in the signed attributes', () => {
    const { byteRange } = signatureDictionary(signed);
    const hex = Buffer.from(signed.subarray(byteRange[1] + 1, byteRange[2] - 1)).toString('latin1');
    const content = pkijs.ContentInfo.fromBER(Buffer.from(hex, 'hex'));
    const signedData = new pkijs.SignedData({ schema: content.content });
    const types = signedData.signerInfos[0]!.signedAttrs!.attributes.map((a) => a.type);
    expect(types.sort()).toEqual(['1.2.840.113549.1.9.16.2.47', '1.2.840.113549.1.9.3', '1.2.840.113549.1.9.4']);
    expect(signedData.encapContentInfo.eContent).toBeUndefined();
    expect(signedData.certificates).toHaveLength(2); // the agency's, then the test CA's
    expect((signedData.signerInfos[0]!.signature as asn1js.OctetString).valueBlock.valueHexView.byteLength).toBe(256);
  });

  it('reports a changed byte as an invalid signature', async () => {
    const tampered = Uint8Array.from(signed);
    const at = Buffer.from(tampered).indexOf('/Title (');
    tampered[at + 8] = tampered[at + 8]! ^ 0x01;
    expect(await check(tampered)).toMatchObject({ digestOk: false, problems: ['the message digest is not the hash of the signed bytes'] });
    const out = pdfsig(tampered);
    if (out !== undefined) expect(out).not.toContain('Signature is Valid');
  });

  it("makes the agency's key once, under <dir>/<agencyId>/agency/, certified by the local test CA whose certificate is <dir>/ca.pem", async () => {
    const certificate = readFileSync(join(dir, 'SKHCN', 'agency', 'certificate.pem'), 'utf8');
    const again = localSigner(dir, agency);
    const [der, caDer] = await again.certificateChain();
    const names = (name: pkijs.RelativeDistinguishedNames) => name.typesAndValues.map((tv) => `${tv.type}=${tv.value.valueBlock.value}`);
    expect(Buffer.from(der!).toString('base64')).toBe(certificate.split('\n').slice(1, -2).join(''));
    const parsed = pkijs.Certificate.fromBER(der!);
    expect(names(parsed.subject)).toEqual(['2.5.4.6=VN', '2.5.4.10=UBND tỉnh Quảng Ngãi', '2.5.4.3=Sở Khoa học và Công nghệ']);
    expect(names(parsed.issuer)).toEqual(['2.5.4.6=VN', '2.5.4.3=CA thử nghiệm']);
    expect(new X509Certificate(der!).verify(new X509Certificate(readFileSync(localCaCertificatePath(dir))).publicKey)).toBe(true);
    expect(Buffer.from(caDer!).equals(new X509Certificate(readFileSync(localCaCertificatePath(dir))).raw)).toBe(true);
    expect((await check(await signPdf(pdf, again, meta), again)).problems).toEqual([]);
  });
});

describe('buildSignerFor', () => {
  it("gives the agency's and a leader's software keys under the local signer's directory (the local stack's choice), never reading the reports bucket", async () => {
    const local = join(dir, 'from-config');
    const files = { get: vi.fn(async () => new Uint8Array()) };
    const sgddt = { agencyId: 'SGDDT', agencyName: 'Sở Giáo dục và Đào tạo', parentBody: 'UBND tỉnh Quảng Ngãi' };
    const signer = buildSignerFor({ kind: 'local', dir: local }, files)(sgddt);
    expect(await check(await signPdf(pdf, signer, meta), signer)).toMatchObject({ signer: { commonName: 'Sở Giáo dục và Đào tạo' }, problems: [] });
    expect(existsSync(join(local, 'SGDDT', 'agency', 'key.pem'))).toBe(true);
    const leaderSigner = buildSignerFor({ kind: 'local', dir: local }, files)(sgddt, { userId: 'u-7', name: 'Lê Thị Hoa' });
    expect(await check(await signPdf(pdf, leaderSigner, meta), leaderSigner)).toMatchObject({ signer: { commonName: 'Lê Thị Hoa' }, problems: [] });
    expect(existsSync(join(local, 'SGDDT', 'leaders', 'u-7', 'key.pem'))).toBe(true);
    expect(files.get).not.toHaveBeenCalled();
  });
});
