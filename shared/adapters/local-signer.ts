// The Signer of local mode: a software RSA-2048 key and a self-signed certificate per agency, made
// the first time the agency signs and kept under <dir>/<agencyId>/ (key.pem, certificate.pem).
import { constants, createPrivateKey, generateKeyPairSync, privateEncrypt, type KeyObject } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Signer, SigningAgency } from '#domain/signer.ts';
import { fromPem, selfSignedCertificate, toPem } from './certificates.ts';

// DER of DigestInfo { AlgorithmIdentifier sha256 (NULL parameters), OCTET STRING (32 bytes) } up to the digest.
const SHA256_DIGEST_INFO_PREFIX = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/**
 * RSASSA-PKCS1-v1_5 over a SHA-256 digest, as KMS's Sign with MessageType DIGEST does: the
 * DigestInfo is padded (block type 1) and raised to the private exponent; nothing is hashed again.
 */
export function signSha256Digest(key: KeyObject, digest: Uint8Array): Uint8Array {
  if (digest.byteLength !== 32) throw new Error(`a SHA-256 digest has 32 bytes, not ${digest.byteLength}`);
  return new Uint8Array(privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([SHA256_DIGEST_INFO_PREFIX, digest])));
}

/** The agency's key and certificate under dir, made on first use (a concurrent first use keeps one of them). */
async function localIdentity(dir: string, agency: SigningAgency): Promise<{ key: KeyObject; certificate: Uint8Array }> {
  const home = join(dir, agency.agencyId);
  const read = async () => ({
    key: createPrivateKey(await readFile(join(home, 'key.pem'), 'utf8')),
    certificate: fromPem(await readFile(join(home, 'certificate.pem'), 'utf8'), 'CERTIFICATE')[0]!,
  });
  try {
    return await read();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const spki = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));
  const certificate = await selfSignedCertificate(agency, spki, async (digest) => signSha256Digest(privateKey, digest), new Date());
  // Written beside, then renamed into place whole: a reader never sees a key without its certificate.
  await mkdir(dir, { recursive: true });
  const scratch = await mkdtemp(join(dir, `.${agency.agencyId}-`));
  await writeFile(join(scratch, 'key.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  await writeFile(join(scratch, 'certificate.pem'), toPem(certificate, 'CERTIFICATE'));
  try {
    await rename(scratch, home);
  } catch (error) {
    if (!['EEXIST', 'ENOTEMPTY'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    await rm(scratch, { recursive: true, force: true });
  }
  return read();
}

/** The agency's software key under dir (`.local/signing` in local mode). */
export function localSigner(dir: string, agency: SigningAgency): Signer {
  let identity: ReturnType<typeof localIdentity> | undefined;
  // A failed first load (e.g. a full disk) is not remembered: the next signing tries again.
  const load = () =>
    (identity ??= localIdentity(dir, agency).catch((error: unknown) => {
      identity = undefined;
      throw error;
    }));
  return {
    async certificateChain() {
      return [(await load()).certificate];
    },
    async signDigest(digest) {
      return signSha256Digest((await load()).key, digest);
    },
  };
}
