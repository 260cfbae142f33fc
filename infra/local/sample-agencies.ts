// The sample agencies of events/samples (the department of the seed report, another department
// and a commune): their event streams replayed and their profiles set, so the province's roll-up
// (CONTRACT §8) has something real to show. Replaying again changes nothing (event ids).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { replayFile, type ReplayOptions } from './replay-client.ts';
import type { StaffClient } from './staff-client.ts';

const samples = (name: string) => fileURLToPath(new URL(`../../events/samples/${name}`, import.meta.url));

export const SAMPLE_AGENCY_IDS = ['SKHCN', 'STP', 'XATINHKHE'] as const;

export async function loadSampleAgencies(
  staff: StaffClient,
  replay: Pick<ReplayOptions, 'url' | 'secret'>,
  agencyIds: readonly string[] = SAMPLE_AGENCY_IDS,
): Promise<void> {
  for (const agencyId of agencyIds) {
    const name = agencyId.toLowerCase();
    await replayFile(samples(`${name}-2023.jsonl`), replay);
    await staff.ok('PUT', `/v1/agencies/${agencyId}`, JSON.parse(readFileSync(samples(`${name}-profile.json`), 'utf8')));
  }
}
