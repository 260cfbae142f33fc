// `npm run cert-request -- --agency SKHCN [--key-id KEY] [--name "Sở …" --parent "UBND tỉnh …"] [--out FILE]`:
// the PKCS#10 request for the agency's KMS signing key, signed by that key in KMS (the private key
// never leaves it), as PEM for the agency's CA. Uses the AWS credentials and region of the shell.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { KMSClient } from '@aws-sdk/client-kms';
import { toPem } from '#adapters/certificates.ts';
import { commandLine, usageError } from '#local/cli.ts';
import { kmsCertificationRequest, signingCertificateKey, signingKeyAlias } from '#adapters/kms-signer.ts';

const usage = `usage: npm run cert-request -- --agency SKHCN [--key-id KEY] [--name "Sở …" --parent "UBND tỉnh …"] [--out FILE]

Writes the PKCS#10 request (PEM) for the agency's KMS signing key, signed through KMS with the AWS
credentials and region of the shell.
  --agency A     the agency (required)
  --key-id K     the KMS key (default the agency's signing key alias)
  --name N       the agency's name in the request (default the agency id)
  --parent P     the body above it, e.g. "UBND tỉnh Quảng Ngãi"
  --out F        where to write it (default out/signing/A.csr.pem)`;
const { values } = commandLine(usage, {
  options: {
    agency: { type: 'string' },
    'key-id': { type: 'string' },
    name: { type: 'string' },
    parent: { type: 'string' },
    out: { type: 'string' },
  },
});
const agencyId = values.agency;
if (!agencyId) usageError(usage, '--agency: required');
const keyId = values['key-id'] ?? signingKeyAlias(agencyId);
const out = values.out ?? `out/signing/${agencyId}.csr.pem`;

const kms = new KMSClient({});
const request = await kmsCertificationRequest(kms, keyId, { agencyName: values.name ?? agencyId, parentBody: values.parent ?? '' })
  .catch((error: unknown) => {
    console.error(`cert-request: KMS refused or could not be reached for ${keyId}: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  })
  .finally(() => kms.destroy());
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, toPem(request, 'CERTIFICATE REQUEST'));
console.log(`wrote ${out} (key ${keyId})`);
console.log(`Once the CA answers, store its certificate chain (PEM, the agency's first) at s3://<reports bucket>/${signingCertificateKey(agencyId)}`);
