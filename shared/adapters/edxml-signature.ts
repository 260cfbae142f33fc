// The XML signature of an edXML envelope (CONTRACT §10): one enveloped `ds:Signature` over the whole
// document (Reference URI=""), RSA-SHA256 with exclusive c14n, the agency's certificate in
// KeyInfo/X509Data, appended to edXMLHeader. Made with xml-crypto; the private key never comes here:
// xml-crypto's asynchronous signature-algorithm hook hands the canonical SignedInfo to this module,
// which gives its SHA-256 digest to the agency's Signer (KMS in AWS, the local software key).
import { createHash, X509Certificate } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import { SignedXml, type ErrorFirstCallback, type SignatureAlgorithm } from 'xml-crypto';
import type { Signer } from '#domain/signer.ts';
import { toPem } from './certificates.ts';

const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';

/** RSA-SHA256 whose signing is the Signer's (a digest in, PKCS#1 v1.5 out); verification is xml-crypto's own. */
function signerAlgorithm(signer: Signer): new () => SignatureAlgorithm {
  return class implements SignatureAlgorithm {
    getSignature(signedInfo: string | Uint8Array): string;
    getSignature(signedInfo: string | Uint8Array, _key: unknown, callback?: ErrorFirstCallback<string>): void;
    getSignature(signedInfo: string | Uint8Array, _key?: unknown, callback?: ErrorFirstCallback<string>): string | void {
      if (!callback) throw new Error('the edXML signer signs asynchronously only');
      const digest = createHash('sha256').update(signedInfo).digest();
      signer.signDigest(new Uint8Array(digest)).then(
        (signature) => callback(null, Buffer.from(signature).toString('base64')),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    }
    verifySignature(): boolean {
      throw new Error('verification uses xml-crypto’s RSA-SHA256');
    }
    getAlgorithmName() {
      return RSA_SHA256;
    }
  };
}

/** The envelope with its `ds:Signature`, made through the agency's signer. */
export async function signEdxml(xml: string, signer: Signer): Promise<string> {
  const [certificate] = await signer.certificateChain();
  if (!certificate) throw new Error('the agency signer has no certificate');
  const sig = new SignedXml({
    // Never used to sign (the algorithm below asks the Signer); xml-crypto only wants one present.
    privateKey: 'held by the agency signer',
    publicCert: toPem(certificate, 'CERTIFICATE'),
    signatureAlgorithm: RSA_SHA256,
    canonicalizationAlgorithm: EXC_C14N,
  });
  sig.SignatureAlgorithms[RSA_SHA256] = signerAlgorithm(signer);
  sig.addReference({ xpath: '/*', transforms: [ENVELOPED, EXC_C14N], digestAlgorithm: SHA256, isEmptyUri: true });
  return new Promise((resolve, reject) => {
    sig.computeSignature(
      xml,
      { prefix: 'ds', location: { reference: "/*/*[local-name(.)='edXMLHeader']", action: 'append' } },
      (error, signed) => (error ? reject(error) : resolve(signed!.getSignedXml())),
    );
  });
}

export type EdxmlSignatureCheck = { valid: true; certificate: X509Certificate } | { valid: false; reason: string };

const asCertificate = (cert: string | Uint8Array): X509Certificate => new X509Certificate(typeof cert === 'string' ? cert : Buffer.from(cert));

/**
 * Checks the envelope's one `ds:Signature`: it covers the whole document, its digest and RSA-SHA256
 * value hold for the certificate in its KeyInfo, and, when trusted is given, that certificate is the
 * trusted one or was issued by it (a CA such as the local "CA thử nghiệm").
 */
export function verifyEdxmlSignature(xml: string, trusted?: string | Uint8Array): EdxmlSignatureCheck {
  try {
    const doc = new DOMParser().parseFromString(xml, 'text/xml');
    const signatures = Array.from(doc.getElementsByTagNameNS(DSIG_NS, 'Signature'));
    if (signatures.length !== 1) return { valid: false, reason: `expected one ds:Signature, found ${signatures.length}` };
    const sig = new SignedXml({ getCertFromKeyInfo: SignedXml.getCertFromKeyInfo });
    sig.loadSignature(signatures[0]!);
    const references = sig.getReferences();
    if (references.length !== 1 || references[0]!.uri !== '')
      return { valid: false, reason: 'the signature must have one Reference to the whole document (URI="")' };
    if (sig.signatureAlgorithm !== RSA_SHA256) return { valid: false, reason: `the signature method is ${sig.signatureAlgorithm}, not RSA-SHA256` };
    // The X509Certificate lies under the signature's KeyInfo (the only place one may be in ds:Signature).
    const pem = SignedXml.getCertFromKeyInfo(signatures[0]!);
    if (!pem) return { valid: false, reason: 'no certificate in KeyInfo/X509Data' };
    const certificate = new X509Certificate(pem);
    if (!sig.checkSignature(xml)) return { valid: false, reason: 'the signature does not verify' };
    if (trusted !== undefined) {
      const anchor = asCertificate(trusted);
      const trustedIt = certificate.raw.equals(anchor.raw) || (certificate.checkIssued(anchor) && certificate.verify(anchor.publicKey));
      if (!trustedIt) return { valid: false, reason: `the certificate of ${certificate.subject.replaceAll('\n', ', ')} is not trusted` };
    }
    return { valid: true, certificate };
  } catch (error) {
    return { valid: false, reason: error instanceof Error ? error.message : String(error) };
  }
}
