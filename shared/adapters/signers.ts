// The agencies' and leaders' signers the configuration chooses: a software key under a directory (local mode),
// or the agency's (or leader's) KMS key with its certificate from the reports bucket.
import { KMSClient } from '@aws-sdk/client-kms';
import type { ReportFiles } from '#domain/report-ports.ts';
import type { SignerFor } from '#domain/signer.ts';
import type { Adapters } from './config.ts';
import { kmsSigner, signingCertificateKey, signingKeyAlias } from './kms-signer.ts';
import { localSigner } from './local-signer.ts';

export function buildSignerFor(choice: Adapters['signer'], files: Pick<ReportFiles, 'get'>): SignerFor {
  if (choice.kind === 'local') return (agency, leader) => localSigner(choice.dir, agency, leader);
  const kms = new KMSClient({});
  return (agency, leader) =>
    kmsSigner(kms, signingKeyAlias(agency.agencyId, leader?.userId), files, signingCertificateKey(agency.agencyId, leader?.userId));
}
