// Bench of the province's roll-up (CONTRACT §8) against DynamoDB Local: p50/p95 of
// GET /v1/periods/2023-H1/summary's use case for 10 to 100 agencies, each with a year of dossiers in
// six fields. Every agency costs 8 keys of its total items, 100 keys a BatchGetItem, 16 in flight.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Event } from '#events/event.schema.ts';
import { dynamoFiguresStore } from '#adapters/figures-store.ts';
import { dynamoReportStore } from '#adapters/report-store.ts';
import { applyEvents } from '#app/apply-events.ts';
import { rollup } from '#app/rollup.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/dynamodb-local.ts';
import { createTable } from '../../infra/local/table.ts';
import { sampleProfile } from '../support/report-world.ts';
import { BATCH, percentile } from './figures.bench-part.ts';

const AGENCIES = 100;
const DOSSIERS_PER_AGENCY = 150;
const SIZES = [10, 25, 50, 100];

/** A year of one agency's dossiers (Oct 2022 – Sep 2023), received and mostly resolved. */
function agencyYear(agencyId: string): Event[] {
  const start = Date.parse('2022-10-03T08:00:00+07:00');
  const span = Date.parse('2023-09-29T08:00:00+07:00') - start;
  const iso = (ms: number) => new Date(ms).toISOString();
  return Array.from({ length: DOSSIERS_PER_AGENCY }, (_, i): Event[] => {
    const at = start + Math.floor((span * i) / DOSSIERS_PER_AGENCY);
    const dossierId = `${agencyId}-${i}`;
    const received: Event = {
      id: `${dossierId}-r`, type: 'dossier.received', occurredAt: iso(at), agencyId,
      data: { dossierId, procedureCode: '1.004503', channel: i % 4 === 0 ? 'direct' : 'online', dueAt: iso(at + 10 * 86_400_000), fieldCode: `F${i % 6}`, fieldName: `Lĩnh vực ${i % 6}`, fullyOnline: i % 3 === 0, digitized: true },
    };
    if (i % 10 === 9) return [received];
    return [received, { id: `${dossierId}-s`, type: 'dossier.resolved', occurredAt: iso(at + (2 + (i % 11)) * 86_400_000), agencyId, data: { dossierId, resultElectronic: i % 2 === 0 } }];
  }).flat();
}

export async function benchRollup(dynamodbEndpoint: string): Promise<Record<string, number | string>> {
  const raw = new DynamoDBClient({ endpoint: dynamodbEndpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const client = DynamoDBDocumentClient.from(raw);
  const out: Record<string, number | string> = {};
  try {
    await createTable(raw, 'bench-rollup');
    const figures = dynamoFiguresStore(client, 'bench-rollup');
    const profiles = dynamoReportStore(client, 'bench-rollup');
    const ids = Array.from({ length: AGENCIES }, (_, i) => `AG${String(i).padStart(3, '0')}`);
    for (const [i, agencyId] of ids.entries()) {
      await profiles.putProfile(sampleProfile({ agencyId, agencyName: `Cơ quan ${i}`, level: i % 3 === 0 ? 'commune' : 'province-department' }), '2023-01-01T00:00:00Z');
    }
    const events = ids.flatMap(agencyYear);
    await Promise.all(
      Array.from({ length: 4 }, async (_, worker) => {
        for (let i = worker * BATCH; i < events.length; i += 4 * BATCH) await applyEvents(figures, events.slice(i, i + BATCH), { maxRounds: 30 });
      }),
    );
    out['agencies × dossiers applied'] = `${AGENCIES} × ${DOSSIERS_PER_AGENCY} (${events.length} events)`;

    // The profiles are listed from the table each time; the smaller roll-ups keep the first n.
    const firstOf = (n: number) => ({ listProfiles: async () => (await profiles.listProfiles()).sort((a, b) => (a.agencyId < b.agencyId ? -1 : 1)).slice(0, n) });
    for (let i = 0; i < 10; i++) await rollup({ figures, profiles }, '2023-H1'); // warm up
    for (const n of SIZES) {
      const samples: number[] = [];
      for (let i = 0; i < 40; i++) {
        const s = performance.now();
        const summary = await rollup({ figures, profiles: firstOf(n) }, '2023-H1');
        samples.push(performance.now() - s);
        if (summary.agencies.length !== n) throw new Error(`roll-up of ${n} listed ${summary.agencies.length}`);
      }
      samples.sort((a, b) => a - b);
      out[`roll-up 2023-H1, ${n} agencies, p50 / p95 ms${n === AGENCIES ? ' (target p50 ≤ 150)' : ''}`] = `${percentile(samples, 50).toFixed(1)} / ${percentile(samples, 95).toFixed(1)}`;
    }
  } finally {
    client.destroy();
  }
  return out;
}
