// The JavaScript check of a PDF's PAdES signatures (no poppler needed): a valid signature passes in
// every part; a changed byte anywhere in the signed ranges, a certificate of another key or an
// anchor that is not the signer's CA fails the part it breaks; a PDF signed twice (an incremental
// update after the first signature) gives two checks, the first ending at its own revision.
import { generateKeyPairSync, KeyObject, webcrypto } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agencySubject, issueCertificate } from '#adapters/certificates.ts';
import { localSigner, signSha256Digest } from '#adapters/local-signer.ts';
import { buildReportModel } from '#domain/report-model.ts';
import type { Signer, SigningAgency } from '#domain/signer.ts';
import { renderPdf } from '#render/pdf.ts';
import { signPdf } from '#render/sign-pdf.ts';
import { verifyPdfSignatures } from '#render/verify-pdf-signatures.ts';
import { seedReportInput } from '../fixtures/seed-report-input.ts';

const agency: SigningAgency = { agencyId: 'SKHCN', agencyName: 'Sở Khoa học và Công nghệ', parentBody: 'UBND tỉnh Quảng Ngãi' };
const meta = { signerName: 'Nguyễn Văn Đông', reason: 'Phát hành báo cáo', signedAt: new Date('2023-06-15T02:30:00Z'), location: 'Quảng Ngãi' };

/** A CA certificate and an agency certificate it issues (pkijs signs both), and a Signer with the agency's key and that chain. */
async function caAndAgency(): Promise<{ ca: Uint8Array; signer: Signer }> {
  const algorithm = { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
  const [caKeys, agencyKeys] = await Promise.all([webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']), webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])]);
  const cn = (value: string) => new pkijs.RelativeDistinguishedNames({ typesAndValues: [new pkijs.AttributeTypeAndValue({ type: '2.5.4.3', value: new asn1js.Utf8String({ value }) })] });
  const issue = async (serial: number, subject: string, keys: webcrypto.CryptoKeyPair, isCa: boolean) => {
    const certificate = new pkijs.Certificate({ version: 2, serialNumber: new asn1js.Integer({ value: serial }), issuer: cn('CA thử nghiệm'), subject: cn(subject) });
    certificate.notBefore.value = new Date('2020-01-01T00:00:00Z');
    certificate.notAfter.value = new Date('2030-01-01T00:00:00Z');
    certificate.extensions = [new pkijs.Extension({ extnID: '2.5.29.19', critical: true, extnValue: new pkijs.BasicConstraints({ cA: isCa }).toSchema().toBER() })];
    await certificate.subjectPublicKeyInfo.importKey(keys.publicKey);
    await certificate.sign(caKeys.privateKey, 'SHA-256');
    return new Uint8Array(certificate.toSchema().toBER());
  };
  const ca = await issue(1, 'CA thử nghiệm', caKeys, true);
  const agencyCertificate = await issue(2, agency.agencyName, agencyKeys, false);
  const key = KeyObject.from(agencyKeys.privateKey);
  return { ca, signer: { certificateChain: async () => [agencyCertificate, ca], signDigest: async (digest) => signSha256Digest(key, digest) } };
}

let dir: string;
let pdf: Uint8Array;
let signed: Uint8Array;
let own: Uint8Array;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'verify-signatures-'));
  pdf = (await renderPdf(buildReportModel(seedReportInput()))).bytes;
  const signer = localSigner(dir, agency);
  signed = await signPdf(pdf, signer, meta);
  [own] = (await signer.certificateChain()) as [Uint8Array];
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('verifyPdfSignatures', () => {
  it('passes a signature of the local key in every part, with its signer and time', async () => {
    const [check, ...more] = await verifyPdfSignatures(signed, { trustAnchors: [own] });
    expect(more).toEqual([]);
    const serial = Buffer.from(pkijs.Certificate.fromBER(own).serialNumber.valueBlock.valueHexView).toString('hex');
    expect(check).toEqual({
      byteRange: [0, expect.any(Number), expect.any(Number), expect.any(Number)],
      coversRevision: true,
      coversWholeFile: true,
      subFilter: 'ETSI.CAdES.detached',
      digestAlgorithm: 'sha256',
      digestOk: true,
      signatureOk: true,
      signer: { commonName: 'Sở Khoa học và Công nghệ', serialNumber: serial },
      signedAt: { m: meta.signedAt, attribute: undefined },
      chainOk: true,
      problems: [],
    });
    expect(check!.byteRange[2] + check!.byteRange[3]).toBe(signed.byteLength);
  });

  it('fails the digest when any one byte of the signed ranges changes', async () => {
    const [, gapStart, gapEnd] = (await verifyPdfSignatures(signed, { trustAnchors: [own] }))[0]!.byteRange;
    const title = Buffer.from(signed).indexOf('/Title (');
    for (const at of [0, title + 8, Math.floor(gapStart / 2), gapStart - 2, gapEnd + 1, signed.byteLength - 10]) {
      const tampered = Uint8Array.from(signed);
      tampered[at] = tampered[at]! ^ 0x01;
      const [check] = await verifyPdfSignatures(tampered, { trustAnchors: [own] });
      expect({ at, digestOk: check!.digestOk, signatureOk: check!.signatureOk }).toEqual({ at, digestOk: false, signatureOk: true });
      expect(check!.problems).toContain('the message digest is not the hash of the signed bytes');
    }
  });

  it("fails the chain for an anchor that did not issue the signer's certificate", async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const names = agencySubject(agency);
    const stranger = await issueCertificate(names, new Uint8Array(other.publicKey.export({ type: 'spki', format: 'der' })), { names, signDigest: async (d) => signSha256Digest(other.privateKey, d) }, meta.signedAt);
    const [check] = await verifyPdfSignatures(signed, { trustAnchors: [stranger] });
    expect(check).toMatchObject({ digestOk: true, signatureOk: true, chainOk: false });
    expect(check!.problems).toEqual([expect.stringMatching(/^the signer's certificate does not chain to a trust anchor/)]);
  });

  it('fails the CMS signature, and only it, when a byte of the signature value changes', async () => {
    const [, gapStart] = (await verifyPdfSignatures(signed, { trustAnchors: [own] }))[0]!.byteRange;
    // /Contents is `<` + the hex of the DER + zeros; the DER opens 30 82 LL LL, and its last element is the RSA signature value.
    const derEnd = 4 + Buffer.from(Buffer.from(signed).toString('latin1', gapStart + 1, gapStart + 9), 'hex').readUInt16BE(2);
    const tampered = Uint8Array.from(signed);
    const at = gapStart + 1 + 2 * (derEnd - 10);
    tampered[at] = tampered[at] === 0x30 ? 0x31 : 0x30;
    const [check] = await verifyPdfSignatures(tampered, { trustAnchors: [own] });
    expect(check).toMatchObject({ digestOk: true, signatureOk: false, chainOk: true, problems: ["the CMS signature does not verify with the signer's certificate"] });
  });

  it('chains a certificate issued by a CA to that CA, and to nothing else', async () => {
    const { ca, signer } = await caAndAgency();
    const bySigner = await signPdf(pdf, signer, meta);
    expect(await verifyPdfSignatures(bySigner, { trustAnchors: [ca] })).toMatchObject([{ digestOk: true, signatureOk: true, chainOk: true, problems: [], signer: { commonName: agency.agencyName, serialNumber: '02' } }]);
    expect(await verifyPdfSignatures(bySigner, { trustAnchors: [own] })).toMatchObject([{ digestOk: true, signatureOk: true, chainOk: false }]);
    expect(await verifyPdfSignatures(bySigner, { trustAnchors: [] })).toMatchObject([{ chainOk: false }]);
    // Valid at the validation time only: the CA's certificates end in 2030.
    expect(await verifyPdfSignatures(bySigner, { trustAnchors: [ca], at: new Date('2031-01-01T00:00:00Z') })).toMatchObject([{ chainOk: false }]);
  });

  it('gives one check per signature of a twice-signed PDF, the first ending at its own revision', async () => {
    const { ca, signer } = await caAndAgency();
    const second = { ...meta, signerName: 'Trần Thị Bình', signedAt: new Date('2023-06-16T01:00:00Z') };
    const twice = await signPdf(signed, signer, second);
    const checks = await verifyPdfSignatures(twice, { trustAnchors: [own, ca] });
    expect(checks.map((c) => ({ end: c.byteRange[2] + c.byteRange[3], revision: c.coversRevision, whole: c.coversWholeFile, m: c.signedAt.m, problems: c.problems }))).toEqual([
      { end: signed.byteLength, revision: true, whole: false, m: meta.signedAt, problems: [] },
      { end: twice.byteLength, revision: true, whole: true, m: second.signedAt, problems: [] },
    ]);
    // A byte changed in the update after the first signature breaks the second one only.
    const tampered = Uint8Array.from(twice);
    tampered[twice.byteLength - 10] = tampered[twice.byteLength - 10]! ^ 0x01;
    expect((await verifyPdfSignatures(tampered, { trustAnchors: [own, ca] })).map((c) => c.digestOk)).toEqual([true, false]);
  });

  it('is the check signPdf makes before it returns: a certificate of another key than the one that signs is refused', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const mismatched: Signer = { certificateChain: async () => [own], signDigest: async (digest) => signSha256Digest(other.privateKey, digest) };
    await expect(signPdf(pdf, mismatched, meta)).rejects.toThrow("signPdf: the signature just made does not verify: the CMS signature does not verify with the signer's certificate");
  });

  it('says so when bytes were appended after the last signature', async () => {
    const appended = Buffer.concat([signed, Buffer.from('% appended\n')]);
    const [check] = await verifyPdfSignatures(appended, { trustAnchors: [own] });
    expect(check).toMatchObject({ digestOk: true, coversRevision: true, coversWholeFile: false, problems: ['11 bytes after the last signature are not signed'] });
  });
});
