// The invocation payload ({} or {"agencyId": "…"}) → the redrive, and what it did in the log.
import * as z from 'zod';
import { agencyId } from '#events/event.schema.ts';
import { parseWith } from '#domain/parse.ts';
import { log } from '#adapters/log.ts';
import { redriveParked, type RedrivePorts, type RedriveReport } from './redrive.ts';

const input = z.strictObject({ agencyId: agencyId.optional() });

export function redriveEdge(ports: RedrivePorts) {
  return async (event: unknown): Promise<RedriveReport> => {
    const report = await redriveParked(ports, parseWith(input, event ?? {}));
    log.info('redrive', { applied: report.applied, duplicates: report.duplicates, failed: report.failed });
    return report;
  };
}
