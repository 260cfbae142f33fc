// Every PAdES signature of a PDF checked in JavaScript, the way a reader does (ETSI EN 319 142-1
// §5.1, ISO 32000-1 §12.8): the byte range must be the whole revision but the /Contents hex string,
// the CMS message-digest the hash of those bytes, the CMS signature valid for the signer's
// certificate, and that certificate's chain must lead to one of the given trust anchors. pkijs reads
// the CMS and validates the chain. It reads signature dictionaries written uncompressed (as @signpdf
// and most signers write them), not ones inside object streams.
import { createHash, createPublicKey, verify as verifySignature } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

export interface PdfSignatureCheck {
  /** /ByteRange: [0, gap start, gap end, length after the gap]. */
  byteRange: [number, number, number, number];
  /** The ranges are 0 to the end of a revision (an `%%EOF`), leaving out only the /Contents hex string. */
  coversRevision: boolean;
  /** The ranges reach the end of the file: true of the last signature when nothing was appended after it. */
  coversWholeFile: boolean;
  subFilter: string | undefined;
  /** The hash of the signed bytes (the CMS digest algorithm): sha256, sha384 or sha512. */
  digestAlgorithm: string | undefined;
  /** The CMS message-digest attribute equals the hash of the byte ranges. */
  digestOk: boolean;
  /** The CMS signature over the signed attributes verifies with the signer certificate's public key. */
  signatureOk: boolean;
  signer: { commonName: string; serialNumber: string } | undefined;
  /** /M of the signature dictionary, and the CMS signing-time attribute (PAdES baseline leaves it out). */
  signedAt: { m: Date | undefined; attribute: Date | undefined };
  /** The signer certificate chains to one of the trust anchors, every certificate valid at the validation time. */
  chainOk: boolean;
  /** What failed, in words (empty when the signature is valid). */
  problems: string[];
}

export interface VerifyOptions {
  /** DER certificates the chains must end at (the CA's; for a self-signed certificate, itself). */
  trustAnchors: Uint8Array[];
  /**
   * When the certificates must be valid (default now). Not /M: without a trusted timestamp the
   * signing time is the signer's own claim, so a validator, like pdfsig, checks at the present.
   */
  at?: Date;
}

const OID = {
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  commonName: '2.5.4.3',
} as const;

const HASHES: Record<string, string> = {
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/** One check per signature, in the order of the file. */
export async function verifyPdfSignatures(pdf: Uint8Array, options: VerifyOptions): Promise<PdfSignatureCheck[]> {
  const file = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const anchors = options.trustAnchors.map((der) => pkijs.Certificate.fromBER(der));
  const checks: PdfSignatureCheck[] = [];
  for (const [, ...range] of file.toString('latin1').matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)) {
    checks.push(await checkSignature(file, range.map(Number) as PdfSignatureCheck['byteRange'], anchors, options.at ?? new Date()));
  }
  // Earlier signatures end at their own revision; bytes after the last one were never signed.
  const last = checks.at(-1);
  if (last && !last.coversWholeFile) last.problems.push(`${file.byteLength - last.byteRange[2] - last.byteRange[3]} bytes after the last signature are not signed`);
  return checks;
}

async function checkSignature(file: Buffer, byteRange: PdfSignatureCheck['byteRange'], anchors: pkijs.Certificate[], at: Date): Promise<PdfSignatureCheck> {
  const [from, gapStart, gapEnd, tail] = byteRange;
  const end = gapEnd + tail;
  const problems: string[] = [];
  const fail = (problem: string) => (problems.push(problem), false);
  const check: PdfSignatureCheck = {
    byteRange,
    coversRevision: false,
    coversWholeFile: end === file.byteLength,
    subFilter: undefined,
    digestAlgorithm: undefined,
    digestOk: false,
    signatureOk: false,
    signer: undefined,
    signedAt: { m: undefined, attribute: undefined },
    chainOk: false,
    problems,
  };
  if (!byteRange.every(Number.isSafeInteger) || from !== 0 || gapStart <= 0 || gapEnd <= gapStart || end > file.byteLength) {
    fail(`byte range [${byteRange.join(' ')}] is not 0 to a point in the file around one gap`);
    return check;
  }
  const contents = file.toString('latin1', gapStart, gapEnd);
  const dictionary = file.toString('latin1', file.lastIndexOf(' obj', gapStart, 'latin1'), file.indexOf('endobj', gapEnd, 'latin1'));
  check.subFilter = /\/SubFilter\s*\/([^\s/<>[\]()]+)/.exec(dictionary)?.[1];
  check.signedAt.m = pdfDate(/\/M\s*\(([^)]*)\)/.exec(dictionary)?.[1]);
  check.coversRevision =
    (/^<[0-9A-Fa-f]*>$/.test(contents) || fail('the gap in the byte range is not the /Contents hex string')) &&
    (/\/Contents\s*$/.test(file.toString('latin1', Math.max(0, gapStart - 20), gapStart)) || fail('the gap in the byte range is not the value of /Contents')) &&
    (/%%EOF\s*$/.test(file.toString('latin1', Math.max(0, end - 8), end)) || fail(`the byte range ends at ${end}, not at the end of a revision`));
  if (!/^<[0-9A-Fa-f]*>$/.test(contents)) return check;

  let signedData: pkijs.SignedData;
  try {
    const der = Buffer.from(contents.slice(1, -1), 'hex');
    // The hex string is padded with zeros after the DER: asn1js reads the first element only.
    signedData = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(der).content });
  } catch (error) {
    fail(`/Contents is not a CMS SignedData (${(error as Error).message})`);
    return check;
  }
  const signerInfo = signedData.signerInfos[0];
  const certificates = (signedData.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
  const sid = signerInfo?.sid;
  const certificate = sid instanceof pkijs.IssuerAndSerialNumber ? certificates.find((c) => c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber)) : undefined;
  if (!signerInfo || !certificate) {
    fail('the CMS carries no signer certificate named by its signer info');
    return check;
  }
  check.signer = {
    commonName: String(certificate.subject.typesAndValues.find((tv) => tv.type === OID.commonName)?.value.valueBlock.value ?? ''),
    serialNumber: Buffer.from(certificate.serialNumber.valueBlock.valueHexView).toString('hex'),
  };
  const attribute = (type: string) => signerInfo.signedAttrs?.attributes.find((a) => a.type === type)?.values[0];
  const signingTime = attribute(OID.signingTime);
  if (signingTime instanceof asn1js.UTCTime || signingTime instanceof asn1js.GeneralizedTime) check.signedAt.attribute = signingTime.toDate();

  const hash = HASHES[signerInfo.digestAlgorithm.algorithmId];
  check.digestAlgorithm = hash;
  const messageDigest = attribute(OID.messageDigest);
  if (!hash) fail(`unsupported digest algorithm ${signerInfo.digestAlgorithm.algorithmId}`);
  else if (!(messageDigest instanceof asn1js.OctetString)) fail('the CMS has no message-digest attribute');
  else {
    const digest = createHash(hash).update(file.subarray(0, gapStart)).update(file.subarray(gapEnd, end)).digest();
    check.digestOk = digest.equals(Buffer.from(messageDigest.valueBlock.valueHexView)) || fail('the message digest is not the hash of the signed bytes');
  }
  if (hash && signerInfo.signedAttrs) {
    // The signature is over the DER of the attributes as a SET OF (tag 0x31), not as the [0] they are stored in.
    const signedAttributes = Buffer.from(signerInfo.signedAttrs.encodedValue);
    signedAttributes[0] = 0x31;
    const publicKey = createPublicKey({ key: Buffer.from(certificate.subjectPublicKeyInfo.toSchema().toBER()), format: 'der', type: 'spki' });
    const signature = Buffer.from(signerInfo.signature.valueBlock.valueHexView);
    check.signatureOk = verifySignature(hash, signedAttributes, publicKey, signature) || fail("the CMS signature does not verify with the signer's certificate");
  } else if (hash) fail('the CMS has no signed attributes');

  check.chainOk = await chainsToAnchor(certificate, certificates, anchors, at).then((problem) => !problem || fail(`the signer's certificate does not chain to a trust anchor: ${problem}`));
  return check;
}

/** Why the certificate does not chain to an anchor at that time, or undefined when it does. */
async function chainsToAnchor(certificate: pkijs.Certificate, certificates: pkijs.Certificate[], anchors: pkijs.Certificate[], at: Date): Promise<string | undefined> {
  // A signer's own (self-signed, end-entity) certificate trusted as such: pkijs would refuse it as not a CA's.
  const der = Buffer.from(certificate.toSchema().toBER());
  if (anchors.some((anchor) => der.equals(Buffer.from(anchor.toSchema().toBER())))) {
    return certificate.notBefore.value <= at && at <= certificate.notAfter.value ? undefined : `it is not valid on ${at.toISOString()}`;
  }
  const engine = new pkijs.CertificateChainValidationEngine({ certs: [...certificates.filter((c) => c !== certificate), certificate], trustedCerts: anchors, checkDate: at });
  const chain = await engine.verify();
  return chain.result ? undefined : chain.resultMessage;
}

/** A PDF date `D:YYYYMMDDHHmmSS` with `Z` or `±HH'mm'` (ISO 32000-1 §7.9.4); undefined when absent or malformed. */
function pdfDate(value: string | undefined): Date | undefined {
  const match = /^D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(Z|[+-]\d{2}'?\d{2}'?)?/.exec(value ?? '');
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, zone = 'Z'] = match;
  const offset = zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.replace(/'/g, '').slice(3, 5)}`;
  const date = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}${offset}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
