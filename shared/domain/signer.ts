// The port that signs issued reports with the agency's key. In AWS the key stays in KMS (the
// adapter asks KMS to sign a digest); locally a software key under .local/ does the same.
export interface Signer {
  /** The agency's certificate (DER) first, then its issuers' certificates, if any. */
  certificateChain(): Promise<Uint8Array[]>;
  /** RSASSA-PKCS1-v1_5 over SHA-256 of a message whose SHA-256 digest is given: what KMS's Sign with MessageType DIGEST returns. */
  signDigest(sha256Digest: Uint8Array): Promise<Uint8Array>;
}

/** The agency whose key signs: its id names the key, its names the certificate's subject (CN, O). */
export interface SigningAgency {
  agencyId: string;
  /** "Sở Khoa học và Công nghệ": the certificate's CN. */
  agencyName: string;
  /** "UBND tỉnh Quảng Ngãi": the certificate's O, as the government CA issues them. */
  parentBody: string;
}

/** The signer of an agency (an agency profile is a SigningAgency). */
export type SignerFor = (agency: SigningAgency) => Signer;
