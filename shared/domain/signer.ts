// The port that signs issued reports with the agency's key. In AWS the key stays in KMS (the
// adapter asks KMS to sign a digest); locally a software key under .local/ does the same.
export interface Signer {
  /** The agency's certificate (DER) first, then its issuers' certificates, if any. */
  certificateChain(): Promise<Uint8Array[]>;
  /** RSASSA-PKCS1-v1_5 over SHA-256 of a message whose SHA-256 digest is given: what KMS's Sign with MessageType DIGEST returns. */
  signDigest(sha256Digest: Uint8Array): Promise<Uint8Array>;
}
