// The PAdES signature of a report: a CMS SignedData (CAdES, detached, SHA-256) over the whole file
// but the signature itself, in a signature dictionary with SubFilter ETSI.CAdES.detached. @signpdf
// fills in the byte range and the signature; the CMS is built here with pkijs because its signature
// value comes from the Signer port (KMS in AWS), asynchronously, over a digest only. signPdf adds an
// invisible signature (@signpdf/placeholder-plain); sign-report.ts the two visible ones of Decree 30.
import { createHash } from 'node:crypto';
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { SignPdf } from '@signpdf/signpdf';
import { Signer as SignPdfSigner, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { Signer } from '#domain/signer.ts';
import { verifyPdfSignatures } from './verify-pdf-signatures.ts';

export interface SignatureMeta {
  /** The leader who signs, shown as the signature's /Name. */
  signerName: string;
  /** Why, shown as /Reason ("Phát hành báo cáo"). */
  reason: string;
  /** The signing time, written as the dictionary's /M (PAdES keeps it out of the CMS). */
  signedAt: Date;
  location?: string;
}

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
} as const;

const sha256 = (data: Uint8Array): Buffer => createHash('sha256').update(data).digest();

/** Signs the PDF (pdfkit's classic-xref output) with the signer's key: an incremental update holding the signature. */
export async function signPdf(pdf: Uint8Array, signer: Signer, meta: SignatureMeta): Promise<Uint8Array> {
  const texts = new TextFields();
  const withPlaceholder = plainAddPlaceholder({
    pdfBuffer: Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength),
    name: texts.add(meta.signerName),
    reason: texts.add(meta.reason),
    location: texts.add(meta.location ?? ''),
    contactInfo: '',
    signingTime: meta.signedAt,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
  });
  texts.encode(withPlaceholder, pdf.byteLength);
  return signPlaceholder(withPlaceholder, signer);
}

/** Fills in @signpdf's byte-range placeholder and the CMS of what it covers, signed by the signer, and checks the result. */
export async function signPlaceholder(withPlaceholder: Uint8Array, signer: Signer): Promise<Uint8Array> {
  const chain = await signer.certificateChain();
  const pdf = Buffer.from(withPlaceholder.buffer, withPlaceholder.byteOffset, withPlaceholder.byteLength);
  const signed = await new SignPdf().sign(pdf, new CadesDetachedSigner(signer, chain));
  const result = new Uint8Array(signed.buffer, signed.byteOffset, signed.byteLength);
  // Checked before anyone receives it: a certificate that is not of the key that signed (a KMS key
  // and the certificate stored beside it) would otherwise go out as a PDF no reader accepts.
  // The certificate is its own anchor here: trusting its CA is the reader's part.
  const problems = (await verifyPdfSignatures(result, { trustAnchors: chain.slice(0, 1) })).at(-1)?.problems ?? ['no signature found'];
  if (problems.length > 0) throw new Error(`signPdf: the signature just made does not verify: ${problems.join('; ')}`);
  return result;
}

/**
 * The dictionary's text strings as UTF-16BE with a BOM. placeholder-plain encodes a non-ASCII string
 * as UTF-16BE but then writes it through Buffer.from(string) — as UTF-8, which garbles it. So it is
 * given an ASCII stand-in of exactly the length of the hex string `<FEFF…>`, which then replaces it in
 * place: no offset in the new cross-reference section moves.
 */
class TextFields {
  private readonly fields: { standIn: string; hex: string }[] = [];

  add(text: string): string {
    const hex = `FEFF${Buffer.from(text, 'utf16le').swap16().toString('hex').toUpperCase()}`;
    // `(` + stand-in + `)` is as long as `<` + hex + `>`; a letter per field keeps the stand-ins apart.
    const standIn = String.fromCharCode(0x41 + this.fields.length).repeat(hex.length);
    this.fields.push({ standIn, hex });
    return standIn;
  }

  /** Replaces the stand-ins in the update appended after `from` (the original file is left as it was). */
  encode(pdf: Buffer, from: number): void {
    for (const { standIn, hex } of this.fields) {
      const at = pdf.indexOf(`(${standIn})`, from, 'latin1');
      if (at < 0) throw new Error('signPdf: a signature dictionary text was not written as expected');
      pdf.write(`<${hex}>`, at, 'latin1');
    }
  }
}

/** @signpdf's signer interface over the port: the CMS of the signed byte ranges. */
class CadesDetachedSigner extends SignPdfSigner {
  constructor(
    private readonly signer: Signer,
    private readonly chain: Uint8Array[],
  ) {
    super();
  }

  override async sign(content: Buffer): Promise<Buffer> {
    return Buffer.from(await cadesDetached(content, this.signer, this.chain));
  }
}

/**
 * CMS SignedData, detached, with the CAdES baseline's signed attributes: content-type, message-digest
 * and ESS signing-certificate-v2 (no signing-time: PAdES puts the time in /M). The port signs the
 * SHA-256 of the DER of the signed attributes.
 */
async function cadesDetached(content: Uint8Array, signer: Signer, chain: Uint8Array[]): Promise<Uint8Array> {
  const [own] = chain;
  if (!own) throw new Error('signPdf: the signer has no certificate');
  const certificates = chain.map((der) => pkijs.Certificate.fromBER(der));
  const certificate = certificates[0]!;
  const sha256Algorithm = () => new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 });

  const attributes = [
    new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
    new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: sha256(content) })] }),
    new pkijs.Attribute({ type: OID.signingCertificateV2, values: [signingCertificateV2(own, certificate)] }),
  ];
  // DER orders a SET OF by the encodings, so the bytes signed are the ones any verifier re-encodes.
  const sorted = attributes
    .map((attribute) => ({ attribute, der: Buffer.from(attribute.toSchema().toBER()) }))
    .sort((a, b) => Buffer.compare(a.der, b.der));
  const signedAttributes = new asn1js.Set({ value: sorted.map((a) => a.attribute.toSchema()) });
  const signature = await signer.signDigest(sha256(new Uint8Array(signedAttributes.toBER())));

  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: certificate.issuer, serialNumber: certificate.serialNumber }),
    digestAlgorithm: sha256Algorithm(),
    signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes: sorted.map((a) => a.attribute) }),
    signatureAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.rsaEncryption, algorithmParams: new asn1js.Null() }),
    signature: new asn1js.OctetString({ valueHex: signature }),
  });
  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [sha256Algorithm()],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    certificates,
    signerInfos: [signerInfo],
  });
  const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return new Uint8Array(contentInfo.toSchema().toBER());
}

/** SigningCertificateV2 { certs: [ESSCertIDv2 { certHash (SHA-256, the default algorithm), issuerSerial }] } (RFC 5035). */
function signingCertificateV2(der: Uint8Array, certificate: pkijs.Certificate): asn1js.Sequence {
  const directoryName = new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 4 }, value: [certificate.issuer.toSchema()] });
  const issuerSerial = new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [directoryName] }), certificate.serialNumber] });
  const essCertId = new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: sha256(der) }), issuerSerial] });
  return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertId] })] });
}

