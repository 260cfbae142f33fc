// The agencies' and leaders' signers the environment configures: a software key under
// LOCAL_SIGNING_DIR (set by the local stack), else the KMS key with its certificate from the reports bucket.
import { KMSClient } from '@aws-sdk/client-kms';
import type { ReportFiles } from '#domain/report-ports.ts';
import type { SignerFor } from '#domain/signer.ts';
import { kmsSigner, signingCertificateKey, signingKeyAlias } from './kms-signer.ts';
import { localSigner } from './local-signer.ts';

export function signerForFromEnv(files: Pick<ReportFiles, 'get'>): SignerFor {
  const localDir = process.env.LOCAL_SIGNING_DIR;
  if (localDir) return (agency, leader) => localSigner(localDir, agency, leader);
  const kms = new KMSClient({});
  return (agency, leader) =>
    kmsSigner(kms, signingKeyAlias(agency.agencyId, leader?.userId), files, signingCertificateKey(agency.agencyId, leader?.userId));
}
