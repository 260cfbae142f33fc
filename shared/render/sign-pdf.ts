// TEMPORARY: replaced by branch sign (PAdES ETSI.CAdES.detached signature through the Signer port).
// Until then the PDF is returned unchanged and `unsignedStandIn` stands in for the signing adapter.
import type { Signer } from '#domain/signer.ts';

export async function signPdf(
  pdf: Uint8Array,
  _signer: Signer,
  _meta: { signerName: string; reason: string; signedAt: Date; location?: string },
): Promise<Uint8Array> {
  return pdf;
}

/** TEMPORARY: the signer report-ports.ts wires until branch sign's localSigner / kmsSigner. */
export const unsignedStandIn: Signer = {
  certificateChain: async () => [],
  signDigest: async (digest) => digest,
};
