// The sample agencies of events/samples (the department of the seed report, another department, a
// district, a commune and the province's People's Committee itself, so every level of form 06 has
// one): their event streams replayed and their profiles set, so the province's roll-up and its own
// report (CONTRACT §8) have something real to show. Replaying again changes nothing (event ids).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { replayFile, type ReplayOptions } from './replay-client.ts';
import type { AgencyProfileInput } from '#domain/profile.ts';
import type { StaffClient } from './staff-client.ts';

const samples = (name: string) => fileURLToPath(new URL(`../../events/samples/${name}`, import.meta.url));

/** The province (level `province`): UBND tỉnh Quảng Ngãi, whose report Sở Nội vụ compiles from the others'. */
export const SAMPLE_PROVINCE_ID = 'UBNDT';

export const SAMPLE_AGENCY_IDS = ['SKHCN', 'STP', 'XATINHKHE', 'HSONTINH', SAMPLE_PROVINCE_ID] as const;

/** The sample agency's generated stand-in signing images (events/samples/signing): never a real person's signature nor a real seal. */
const SIGNING_IMAGES = {
  SKHCN: { signature: 'signing/skhcn-leader-signature.png', seal: 'signing/skhcn-seal.png' },
} as const satisfies Record<string, { signature: string; seal: string }>;

/**
 * Uploads the agency's sample signing images as `signature-image` (for the profile's first signer)
 * and `seal-image`, waits for each to be accepted (`settle`), and answers the profile naming them.
 * An agency without sample images gets its profile back as it is.
 */
export async function withSigningImages(
  staff: StaffClient,
  profile: AgencyProfileInput,
  settle: (uploadId: string) => Promise<void> = async (uploadId) => {
    const decided = await staff.decided(profile.agencyId, uploadId);
    if (decided.state !== 'accepted') throw new Error(`signing image ${uploadId} was ${decided.state}: ${decided.reason}`);
  },
): Promise<AgencyProfileInput> {
  const files = (SIGNING_IMAGES as Partial<Record<string, { signature: string; seal: string }>>)[profile.agencyId];
  if (!files) return profile;
  const upload = async (file: string, kind: 'signature-image' | 'seal-image') => {
    const uploadId = await staff.upload(profile.agencyId, { fileName: file.split('/').at(-1)!, contentType: 'image/png', image: { kind } }, readFileSync(samples(file)));
    await settle(uploadId);
    return uploadId;
  };
  const [signatureImage, sealImage] = [await upload(files.signature, 'signature-image'), await upload(files.seal, 'seal-image')];
  return { ...profile, signers: (profile.signers ?? []).map((s, i) => (i === 0 ? { ...s, signatureImage } : s)), sealImage };
}

export async function loadSampleAgencies(
  staff: StaffClient,
  replay: Pick<ReplayOptions, 'url' | 'secret'>,
  agencyIds: readonly string[] = SAMPLE_AGENCY_IDS,
  /** false for a stack that only reads figures and has no upload check behind its S3 (the profiles then name no signing images) */
  signingImages = true,
): Promise<void> {
  for (const agencyId of agencyIds) {
    const name = agencyId.toLowerCase();
    await replayFile(samples(`${name}-2023.jsonl`), replay);
    const profile = JSON.parse(readFileSync(samples(`${name}-profile.json`), 'utf8')) as AgencyProfileInput;
    await staff.ok('PUT', `/v1/agencies/${agencyId}`, signingImages ? await withSigningImages(staff, profile) : profile);
  }
}
