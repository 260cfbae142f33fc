// The agencies' signers the environment configures: a software key under LOCAL_SIGNING_DIR (set by
// the local stack), else the agency's KMS key with its certificate from the reports bucket.
import { KMSClient } from '@aws-sdk/client-kms';
import type { ReportFiles } from '#domain/report-ports.ts';
import type { SignerFor } from '#domain/signer.ts';
import { kmsSigner, signingKeyAlias } from './kms-signer.ts';
import { localSigner } from './local-signer.ts';

export function signerForFromEnv(files: Pick<ReportFiles, 'get'>): SignerFor {
  const localDir = process.env.LOCAL_SIGNING_DIR;
  if (localDir) return (agency) => localSigner(localDir, agency);
  const kms = new KMSClient({});
  return (agency) => kmsSigner(kms, signingKeyAlias(agency.agencyId), files, agency.agencyId);
}
