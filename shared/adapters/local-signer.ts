// The Signer of local mode: a software RSA-2048 key per agency and per leader, made the first time it
// signs, each certified by a local test CA ("CA thử nghiệm", CONTRACT §6) made on first use too. All
// lie under one directory: ca/ and ca.pem (the CA), <agencyId>/agency/ and <agencyId>/leaders/<userId>/
// (each key.pem, certificate.pem).
import { constants, createPrivateKey, generateKeyPairSync, privateEncrypt, randomUUID, type KeyObject } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Signer, SigningAgency, SigningLeader } from '#domain/signer.ts';
import { agencySubject, fromPem, issueCertificate, leaderSubject, toPem, type SubjectNames } from './certificates.ts';

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

interface Identity {
  key: KeyObject;
  certificate: Uint8Array;
}

/**
 * The key and certificate under home (key.pem, certificate.pem), made on first use by make (given a
 * new RSA-2048 key pair); a concurrent first use keeps one of them.
 */
async function identity(home: string, make: (spki: Uint8Array, key: KeyObject) => Promise<Uint8Array>): Promise<Identity> {
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
  const certificate = await make(new Uint8Array(publicKey.export({ type: 'spki', format: 'der' })), privateKey);
  // Written beside, then renamed into place whole: a reader never sees a key without its certificate.
  await mkdir(dirname(home), { recursive: true });
  const scratch = await mkdtemp(join(dirname(home), `.${basename(home)}-`));
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

const TEST_CA: SubjectNames = { commonName: 'CA thử nghiệm', organization: '' };

/** Where the test CA's certificate lies, for a verifier to be told to trust it (e.g. certutil -A -t C,, for pdfsig's NSS directory). */
export const localCaCertificatePath = (dir: string): string => join(dir, 'ca.pem');

/** Makes the local test CA under dir unless it is there (the local stack does at start); the path of its certificate. */
export async function ensureLocalTestCa(dir: string): Promise<string> {
  await testCa(dir);
  return localCaCertificatePath(dir);
}

/** The local test CA ("CA thử nghiệm"): a self-signed authority under <dir>/ca/, its certificate also at <dir>/ca.pem. */
async function testCa(dir: string): Promise<Identity> {
  const ca = await identity(join(dir, 'ca'), (spki, key) =>
    issueCertificate(TEST_CA, spki, { names: TEST_CA, signDigest: async (digest) => signSha256Digest(key, digest) }, new Date(), true),
  );
  const pem = toPem(ca.certificate, 'CERTIFICATE');
  if ((await readFile(localCaCertificatePath(dir), 'utf8').catch(() => '')) !== pem) {
    // Renamed into place whole, so a reader never sees half of it; every writer writes the same bytes.
    const scratch = `${localCaCertificatePath(dir)}.${randomUUID()}`;
    await writeFile(scratch, pem);
    await rename(scratch, localCaCertificatePath(dir));
  }
  return ca;
}

/** The identity of the agency (<dir>/<agencyId>/agency/) or of one of its leaders (<dir>/<agencyId>/leaders/<userId>/), issued by the test CA. */
async function localIdentity(dir: string, agency: SigningAgency, leader: SigningLeader | undefined): Promise<Identity & { chain: Uint8Array[] }> {
  const ca = await testCa(dir);
  const home = leader ? join(dir, agency.agencyId, 'leaders', leader.userId) : join(dir, agency.agencyId, 'agency');
  const subject = leader ? leaderSubject(agency, leader) : agencySubject(agency);
  const own = await identity(home, (spki) =>
    issueCertificate(subject, spki, { names: TEST_CA, signDigest: async (digest) => signSha256Digest(ca.key, digest) }, new Date()),
  );
  return { ...own, chain: [own.certificate, ca.certificate] };
}

/** The software key of the agency, or of one of its leaders, under dir (`.local/signing` in local mode), certified by the local test CA. */
export function localSigner(dir: string, agency: SigningAgency, leader?: SigningLeader): Signer {
  let loaded: ReturnType<typeof localIdentity> | undefined;
  // A failed first load (e.g. a full disk) is not remembered: the next signing tries again.
  const load = () =>
    (loaded ??= localIdentity(dir, agency, leader).catch((error: unknown) => {
      loaded = undefined;
      throw error;
    }));
  return {
    async certificateChain() {
      return (await load()).chain;
    },
    async signDigest(digest) {
      return signSha256Digest((await load()).key, digest);
    },
  };
}
