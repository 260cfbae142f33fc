// `npm run cert-request -- --agency SKHCN [--leader USERID] [--name "…" --parent "…"] [--key-id KEY] [--out FILE]`:
// the PKCS#10 request for a KMS signing key — the agency's, or with --leader that leader's personal
// one — signed by that key in KMS (the private key never leaves it), as PEM for the CA. The subject
// is CN --name (the agency, e.g. "Sở Khoa học và Công nghệ"; or the leader, e.g. "Trần Quốc Bảo"),
// O --parent (the body the agency belongs to, e.g. "UBND tỉnh Quảng Ngãi"; or the leader's agency), C VN.
// Uses the AWS credentials and region of the shell.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { KMSClient } from '@aws-sdk/client-kms';
import { toPem } from '#adapters/certificates.ts';
import { commandLine, usageError } from '#local/cli.ts';
import { kmsCertificationRequest, signingCertificateKey, signingKeyAlias } from '#adapters/kms-signer.ts';

const usage = `usage: npm run cert-request -- --agency SKHCN [--leader USERID] [--key-id KEY] [--name "…" --parent "…"] [--out FILE]

Writes the PKCS#10 request (PEM) for a KMS signing key — the agency's, or with --leader that
leader's personal one — signed through KMS with the AWS credentials and region of the shell.
  --agency A     the agency (required)
  --leader U     the leader's user id: the request is for that leader's key
  --key-id K     the KMS key (default the agency's or the leader's signing key alias)
  --name N       the subject's CN: the agency's name, or the leader's (default the leader's or agency's id)
  --parent P     the subject's O: the body above the agency ("UBND tỉnh Quảng Ngãi"), or the leader's agency
  --out F        where to write it (default out/signing/A[-U].csr.pem)`;
const { values } = commandLine(usage, {
  options: {
    agency: { type: 'string' },
    leader: { type: 'string' },
    'key-id': { type: 'string' },
    name: { type: 'string' },
    parent: { type: 'string' },
    out: { type: 'string' },
  },
});
const { agency: agencyId, leader } = values;
if (!agencyId) usageError(usage, '--agency: required');
const keyId = values['key-id'] ?? signingKeyAlias(agencyId, leader);
const out = values.out ?? `out/signing/${agencyId}${leader ? `-${leader}` : ''}.csr.pem`;

const kms = new KMSClient({});
const request = await kmsCertificationRequest(kms, keyId, { commonName: values.name ?? leader ?? agencyId, organization: values.parent ?? '' })
  .catch((error: unknown) => {
    console.error(`cert-request: KMS refused or could not be reached for ${keyId}: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  })
  .finally(() => kms.destroy());
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, toPem(request, 'CERTIFICATE REQUEST'));
console.log(`wrote ${out} (key ${keyId})`);
console.log(`Once the CA answers, store its certificate chain (PEM, this key's certificate first) at s3://<reports bucket>/${signingCertificateKey(agencyId, leader)}`);
