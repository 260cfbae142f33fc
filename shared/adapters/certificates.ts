// The X.509 pieces of signing: the subjects' names, certificates (the local test CA's and those it
// issues) and a PKCS#10 request (for the real CA, in AWS). All are signed through a digest signer — a
// software key or KMS — so the private key is never needed here, only its public half and a way to sign a digest.
import { createHash, randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { Signer, SigningAgency, SigningLeader } from '#domain/signer.ts';

type SignDigest = Signer['signDigest'];

const sha256WithRsa = () => new pkijs.AlgorithmIdentifier({ algorithmId: '1.2.840.113549.1.1.11', algorithmParams: new asn1js.Null() });

/** A certificate's subject or issuer: C is VN, O the body it belongs to (left out when empty), CN its own name. */
export interface SubjectNames {
  commonName: string;
  organization: string;
}

/** An agency's certificate: CN the agency, O the body it belongs to, as the government CA names an agency. */
export const agencySubject = (agency: Pick<SigningAgency, 'agencyName' | 'parentBody'>): SubjectNames => ({ commonName: agency.agencyName, organization: agency.parentBody });

/** A leader's personal certificate: CN the leader's name, O the agency. */
export const leaderSubject = (agency: Pick<SigningAgency, 'agencyName'>, leader: Pick<SigningLeader, 'name'>): SubjectNames => ({
  commonName: leader.name,
  organization: agency.agencyName,
});

function distinguishedName(names: SubjectNames): pkijs.RelativeDistinguishedNames {
  const rdn = (type: string, value: asn1js.BaseStringBlock) => new asn1js.Set({ value: [new pkijs.AttributeTypeAndValue({ type, value }).toSchema()] });
  // One attribute per RDN, built by hand: pkijs would put them all in one multi-valued RDN (C=VN+O=…+CN=…).
  const name = new asn1js.Sequence({
    value: [
      rdn('2.5.4.6', new asn1js.PrintableString({ value: 'VN' })),
      ...(names.organization ? [rdn('2.5.4.10', new asn1js.Utf8String({ value: names.organization }))] : []),
      rdn('2.5.4.3', new asn1js.Utf8String({ value: names.commonName })),
    ],
  });
  return pkijs.RelativeDistinguishedNames.fromBER(name.toBER());
}

/** Signs the to-be-signed part with SHA-256 and RSASSA-PKCS1-v1_5 through signDigest. */
async function signTbs(object: pkijs.Certificate | pkijs.CertificationRequest, signDigest: SignDigest): Promise<Uint8Array> {
  // encodeTBS is what pkijs's own sign() encodes; typed protected on CertificationRequest only.
  const tbs = (object as unknown as { encodeTBS(): asn1js.Sequence }).encodeTBS();
  object.tbsView = new Uint8Array(tbs.toBER());
  const signature = await signDigest(createHash('sha256').update(object.tbsView).digest());
  object.signatureValue = new asn1js.BitString({ valueHex: signature });
  return new Uint8Array(object.toSchema(false).toBER());
}

/** Who signs a certificate: its names (the certificate's issuer) and its key, through a digest signer. */
export interface CertificateIssuer {
  names: SubjectNames;
  signDigest: SignDigest;
}

/**
 * A ten-year certificate of the subject for the key (SPKI DER), signed by the issuer (the subject
 * itself for a self-signed one). A certification authority's may sign certificates (keyCertSign,
 * cRLSign); any other may only sign documents (digitalSignature, nonRepudiation).
 */
export async function issueCertificate(subject: SubjectNames, spki: Uint8Array, issuer: CertificateIssuer, now: Date, authority = false): Promise<Uint8Array> {
  // KeyUsage bits from the left: digitalSignature 0, nonRepudiation 1, keyCertSign 5, cRLSign 6.
  const keyUsage = authority ? new asn1js.BitString({ valueHex: new Uint8Array([0x06]), unusedBits: 1 }) : new asn1js.BitString({ valueHex: new Uint8Array([0xc0]), unusedBits: 6 });
  const certificate = new pkijs.Certificate({
    version: 2,
    // Positive and 16 bytes: a leading 01 keeps the sign bit clear.
    serialNumber: new asn1js.Integer({ valueHex: Buffer.concat([Buffer.from([1]), randomBytes(15)]) }),
    issuer: distinguishedName(issuer.names),
    subject: distinguishedName(subject),
    subjectPublicKeyInfo: pkijs.PublicKeyInfo.fromBER(spki),
    signature: sha256WithRsa(),
    extensions: [
      new pkijs.Extension({ extnID: '2.5.29.19', critical: true, extnValue: new pkijs.BasicConstraints({ cA: authority }).toSchema().toBER() }),
      new pkijs.Extension({ extnID: '2.5.29.15', critical: true, extnValue: keyUsage.toBER() }),
    ],
  });
  certificate.notBefore.value = now;
  certificate.notAfter.value = new Date(now.getTime() + 10 * 365 * 24 * 3600 * 1000);
  certificate.signatureAlgorithm = sha256WithRsa();
  return signTbs(certificate, issuer.signDigest);
}

/** A PKCS#10 request for the subject's certificate, for the key (SPKI DER) signDigest signs with. */
export async function certificationRequest(subject: SubjectNames, spki: Uint8Array, signDigest: SignDigest): Promise<Uint8Array> {
  const request = new pkijs.CertificationRequest({
    version: 0,
    subject: distinguishedName(subject),
    subjectPublicKeyInfo: pkijs.PublicKeyInfo.fromBER(spki),
    signatureAlgorithm: sha256WithRsa(),
  });
  return signTbs(request, signDigest);
}

/** The DER contents of the PEM blocks with that label (e.g. CERTIFICATE), in order. */
export function fromPem(pem: string, label: string): Uint8Array[] {
  const blocks = pem.matchAll(new RegExp(`-----BEGIN ${label}-----([^-]+)-----END ${label}-----`, 'g'));
  return [...blocks].map((block) => new Uint8Array(Buffer.from(block[1]!.replace(/\s+/g, ''), 'base64')));
}

export function toPem(der: Uint8Array, label: string): string {
  const lines = Buffer.from(der).toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
