// The Signer in AWS: an asymmetric KMS key (RSA_2048, SIGN_VERIFY) per agency and per signing leader
// signs digests, so the private key never leaves KMS; the certificate the CA issued for that
// key is a PEM object in the reports bucket (the reports function reads that bucket already; a
// certificate is public, so no secret store).
import { GetPublicKeyCommand, SignCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { ReportFiles } from '#domain/report-ports.ts';
import type { Signer } from '#domain/signer.ts';
import { certificationRequest, fromPem, type SubjectNames } from './certificates.ts';

/** The alias of the agency's signing key, or of its leader's: CDK creates it, the signer and `npm run cert-request` name the key by it. */
export function signingKeyAlias(agencyId: string, leaderUserId?: string): string {
  return `alias/cchc-report-signing/${agencyId}${leaderUserId ? `/leaders/${leaderUserId}` : ''}`;
}

/** Where the certificate of the agency's key, or of its leader's, (PEM: its own first, then the CA's) lies in the reports bucket. */
export function signingCertificateKey(agencyId: string, leaderUserId?: string): string {
  return `signing/${agencyId}/${leaderUserId ? `leaders/${leaderUserId}/` : ''}certificate.pem`;
}

type Kms = Pick<KMSClient, 'send'>;

/** SignCommand over a SHA-256 digest: RSASSA-PKCS1-v1_5, nothing hashed again by KMS. */
async function kmsSignDigest(kms: Kms, keyId: string, digest: Uint8Array): Promise<Uint8Array> {
  const out = await kms.send(new SignCommand({ KeyId: keyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256' }));
  if (!out.Signature) throw new Error(`KMS returned no signature for ${keyId}`);
  return out.Signature;
}

/** A PKCS#10 request (DER) for the key: its public half from GetPublicKey, signed by the key through Sign. */
export async function kmsCertificationRequest(kms: Kms, keyId: string, subject: SubjectNames): Promise<Uint8Array> {
  const out = await kms.send(new GetPublicKeyCommand({ KeyId: keyId }));
  if (!out.PublicKey) throw new Error(`KMS returned no public key for ${keyId}`);
  return certificationRequest(subject, out.PublicKey, (digest) => kmsSignDigest(kms, keyId, digest));
}

/** A KMS key (by keyId, an alias or ARN) and its certificate from the reports bucket, at certificateKey. */
export function kmsSigner(kms: Kms, keyId: string, files: Pick<ReportFiles, 'get'>, certificateKey: string): Signer {
  return {
    async certificateChain() {
      const key = certificateKey;
      const pem = await files.get(key).catch((error: unknown) => {
        throw new Error(`No signing certificate for ${keyId} at ${key}: request one with npm run cert-request and store the CA's answer there`, { cause: error });
      });
      const chain = fromPem(Buffer.from(pem).toString('utf8'), 'CERTIFICATE');
      if (chain.length === 0) throw new Error(`${key} holds no PEM certificate`);
      return chain;
    },
    signDigest: (digest) => kmsSignDigest(kms, keyId, digest),
  };
}
