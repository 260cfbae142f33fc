// The port that signs reports: with a leader's personal key (the leader's signature) or the agency's
// key (the issue). In AWS each key stays in KMS (the adapter asks KMS to sign a digest); locally a
// software key under .local/, certified by a local test CA, does the same.
export interface Signer {
  /** The key's certificate (DER) first, then its issuers' certificates, if any. */
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

/** A leader of the agency who signs with a personal key: the user id names the key, the name is the certificate's CN. */
export interface SigningLeader {
  userId: string;
  name: string;
}

/** The signer of an agency (an agency profile is a SigningAgency), or of one of its leaders when given. */
export type SignerFor = (agency: SigningAgency, leader?: SigningLeader) => Signer;
