// The KMS signer and the certificate request. KMS is mocked because it has no local equivalent: the
// stand-in answers Sign (MessageType DIGEST, RSASSA_PKCS1_V1_5_SHA_256) the way KMS does — RSA over
// the DigestInfo of the given digest, nothing hashed again — and GetPublicKey with the SPKI DER.
// The certificate lies in the real local S3 (s3rver), where the reports function reads it in AWS.
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetPublicKeyCommand, SignCommand, type KMSClient } from '@aws-sdk/client-kms';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import * as pkijs from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agencySubject, issueCertificate, toPem } from '#adapters/certificates.ts';
import { kmsCertificationRequest, kmsSigner, signingCertificateKey, signingKeyAlias } from '#adapters/kms-signer.ts';
import { signSha256Digest } from '#adapters/local-signer.ts';
import { s3ReportFiles } from '#adapters/report-files.ts';
import { buildReportModel } from '#domain/report-model.ts';
import type { SigningAgency } from '#domain/signer.ts';
import { renderPdf } from '#render/pdf.ts';
import { signPdf } from '#render/sign-pdf.ts';
import { verifyPdfSignatures } from '#render/verify-pdf-signatures.ts';
import { seedReportInput } from '../fixtures/seed-report-input.ts';
import { freshBucket, s3Client } from '../setup/services.ts';
import { pdfsig, signatureDictionary } from '../support/pdf-signature.ts';

const agency: SigningAgency = { agencyId: 'SKHCN', agencyName: 'Sở Khoa học và Công nghệ', parentBody: 'UBND tỉnh Quảng Ngãi' };
const keyId = signingKeyAlias(agency.agencyId);

/** A KMS client that knows one asymmetric key under keyId, and records what it was asked. */
function standInKms(key: KeyObject, spki: Uint8Array) {
  const calls: string[] = [];
  const kms = {
    async send(command: SignCommand | GetPublicKeyCommand) {
      if (command.input.KeyId !== keyId) throw Object.assign(new Error(`Alias ${command.input.KeyId} is not found.`), { name: 'NotFoundException' });
      if (command instanceof GetPublicKeyCommand) {
        calls.push('GetPublicKey');
        return { KeyId: keyId, PublicKey: spki, KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' };
      }
      const { Message, MessageType, SigningAlgorithm } = command.input;
      calls.push(`Sign ${MessageType} ${SigningAlgorithm}`);
      if (MessageType !== 'DIGEST' || SigningAlgorithm !== 'RSASSA_PKCS1_V1_5_SHA_256') throw new Error('the stand-in signs SHA-256 digests only');
      return { KeyId: keyId, Signature: signSha256Digest(key, Message!), SigningAlgorithm };
    },
  };
  return { kms: kms as unknown as KMSClient, calls };
}

/** openssl's check of a request's self-signature (it exits 0 either way: the verdict is in its words), and the subject. */
function opensslVerify(dir: string, request: Uint8Array): string {
  const file = join(dir, 'request.csr.pem');
  writeFileSync(file, toPem(request, 'CERTIFICATE REQUEST'));
  const run = spawnSync('openssl', ['req', '-in', file, '-verify', '-noout', '-subject', '-nameopt', 'utf8,sep_comma_plus'], { encoding: 'utf8' });
  if ((run.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') throw new Error('openssl is missing; install it with: apt-get install openssl');
  return `${run.stdout}${run.stderr}`;
}

let s3: S3Client;
let bucket: string;
let kms: KMSClient;
let calls: string[];
let spki: Uint8Array;
let privateKey: KeyObject;
let dir: string;
beforeAll(async () => {
  s3 = s3Client();
  bucket = await freshBucket('signing');
  dir = mkdtempSync(join(tmpdir(), 'kms-signer-'));
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  privateKey = pair.privateKey;
  spki = new Uint8Array(pair.publicKey.export({ type: 'spki', format: 'der' }));
  ({ kms, calls } = standInKms(privateKey, spki));
});
afterAll(() => {
  s3.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('the KMS signer', () => {
  it('signs an issued PDF whose signature verifies, with the certificate stored in the reports bucket', async () => {
    // The stand-in's certificate: self-signed, where in AWS the agency's CA issues it.
    const names = agencySubject(agency);
    const certificate = await issueCertificate(names, spki, { names, signDigest: async (digest) => signSha256Digest(privateKey, digest) }, new Date('2023-01-01T00:00:00Z'));
    // A chain as a CA returns it, the agency's certificate first (the second stands in for the CA's).
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const caNames = { commonName: 'Cục Chứng thực số và Bảo mật thông tin', organization: 'Ban Cơ yếu Chính phủ' };
    const caStandIn = await issueCertificate(
      caNames,
      new Uint8Array(other.publicKey.export({ type: 'spki', format: 'der' })),
      { names: caNames, signDigest: async (digest) => signSha256Digest(other.privateKey, digest) },
      new Date('2020-01-01T00:00:00Z'),
      true,
    );
    const pem = toPem(certificate, 'CERTIFICATE') + toPem(caStandIn, 'CERTIFICATE');
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: signingCertificateKey('SKHCN'), Body: pem }));
    calls.length = 0;
    const signer = kmsSigner(kms, keyId, s3ReportFiles(s3, bucket), signingCertificateKey('SKHCN'));
    const { bytes: pdf } = await renderPdf(buildReportModel(seedReportInput()));
    const signed = await signPdf(pdf, signer, { signerName: 'Nguyễn Văn Đông', reason: 'Phát hành báo cáo', signedAt: new Date('2023-06-15T02:30:00Z') });

    expect(calls).toEqual(['Sign DIGEST RSASSA_PKCS1_V1_5_SHA_256']);
    expect((await signer.certificateChain()).map((der) => Buffer.from(der).toString('hex'))).toEqual(
      [certificate, caStandIn].map((der) => Buffer.from(der).toString('hex')),
    );
    expect(await verifyPdfSignatures(signed, { trustAnchors: [certificate] })).toMatchObject([{ signer: { commonName: 'Sở Khoa học và Công nghệ' }, problems: [] }]);
    // poppler's pdfsig, the second verifier, where installed (CI requires it).
    const out = pdfsig(signed);
    if (out !== undefined) {
      expect(out).toContain('Signature Validation: Signature is Valid.');
      expect(out).toContain('Signer Certificate Common Name: Sở Khoa học và Công nghệ');
    }
    expect(signatureDictionary(signed)).toMatchObject({ name: 'Nguyễn Văn Đông', reason: 'Phát hành báo cáo' });
  });

  it('refuses to sign without the certificate, naming where it belongs', async () => {
    const signer = kmsSigner(kms, keyId, s3ReportFiles(s3, bucket), signingCertificateKey('SGDDT'));
    await expect(signer.certificateChain()).rejects.toThrow(`No signing certificate for ${keyId} at signing/SGDDT/certificate.pem`);
  });

  it("names a leader's key and certificate under the agency's", () => {
    expect(signingKeyAlias('SKHCN', 'u-42')).toBe('alias/cchc-report-signing/SKHCN/leaders/u-42');
    expect(signingCertificateKey('SKHCN', 'u-42')).toBe('signing/SKHCN/leaders/u-42/certificate.pem');
  });
});

describe('the certificate request', () => {
  it("is a PKCS#10 request of the agency for the KMS key's public key, signed through KMS", async () => {
    calls.length = 0;
    const request = await kmsCertificationRequest(kms, keyId, agencySubject(agency));
    expect(calls).toEqual(['GetPublicKey', 'Sign DIGEST RSASSA_PKCS1_V1_5_SHA_256']);
    // openssl checks the request's self-signature with the public key it carries.
    const verified = opensslVerify(dir, request);
    expect(verified).toContain('self-signature verify OK');
    expect(verified).toContain('subject=C=VN,O=UBND tỉnh Quảng Ngãi,CN=Sở Khoa học và Công nghệ');
    const parsed = pkijs.CertificationRequest.fromBER(request);
    expect(Buffer.from(parsed.subjectPublicKeyInfo.toSchema().toBER()).equals(Buffer.from(spki))).toBe(true);
  });

  it('would fail the check if the signature came from another key than the public key it names', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const { kms: wrong } = standInKms(other.privateKey, spki);
    const verified = opensslVerify(dir, await kmsCertificationRequest(wrong, keyId, agencySubject(agency)));
    expect(verified).toContain('self-signature verify failure');
    expect(verified).not.toContain('verify OK');
  });
});
