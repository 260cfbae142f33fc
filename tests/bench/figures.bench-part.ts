// Bench of the event pipeline against DynamoDB Local: apply throughput (ours vs a naive
// one-transaction-per-event consumer), write units per event, and summary latency as history grows.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Event } from '#events/event.schema.ts';
import { dynamoFiguresStore, type CapacityMeter } from '#adapters/figures-store.ts';
import { APPLY_BATCH_SIZE } from '#app/apply-events.ts';
import { applyEvents } from '#app/apply-events.ts';
import { readFigures } from '#app/figures.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/dynamodb-local.ts';
import { createTable } from '../../infra/local/table.ts';
import { sampleStream } from '../support/random-events.ts';

/** The apply function's SQS batch size (event source mapping, with a batching window). */
export const BATCH = APPLY_BATCH_SIZE;

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** A realistic history: `dossiers` dossiers spread over the years before 2023, each received and resolved. */
function history(agencyId: string, dossiers: number): Event[] {
  const events: Event[] = [];
  const start = Date.parse('2014-01-06T08:00:00+07:00');
  const span = Date.parse('2023-06-01T08:00:00+07:00') - start;
  for (let i = 0; i < dossiers; i++) {
    const at = start + Math.floor((span * i) / dossiers);
    const iso = (ms: number) => new Date(ms).toISOString();
    events.push(
      { id: `h-${i}-r`, type: 'dossier.received', occurredAt: iso(at), agencyId, data: { dossierId: `H${i}`, procedureCode: '1.004503', channel: i % 5 === 0 ? 'direct' : 'online', dueAt: iso(at + 10 * 86_400_000), fieldCode: `F${i % 12}`, fieldName: `Lĩnh vực ${i % 12}` } },
      { id: `h-${i}-s`, type: 'dossier.resolved', occurredAt: iso(at + (3 + (i % 9)) * 86_400_000), agencyId, data: { dossierId: `H${i}` } },
    );
  }
  return events;
}

export async function benchFigures(dynamodbEndpoint: string): Promise<Record<string, number | string>> {
  const raw = new DynamoDBClient({ endpoint: dynamodbEndpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const client = DynamoDBDocumentClient.from(raw);
  const out: Record<string, number | string> = {};
  try {
    const stream = sampleStream(10_000, 3_000, 2023);

    // Warm DynamoDB Local's JVM first, so neither consumer pays for its JIT.
    await createTable(raw, 'bench-warm-up');
    const warmUp = dynamoFiguresStore(client, 'bench-warm-up');
    const warmStream = sampleStream(3_000, 1_000, 7);
    for (let i = 0; i < warmStream.length; i += BATCH) await applyEvents(warmUp, warmStream.slice(i, i + BATCH));
    for (const event of warmStream.slice(0, 500)) await applyEvents(warmUp, [{ ...event, id: `${event.id}-again`, agencyId: 'WARM' }]);

    // Ours: batches as SQS hands them over (APPLY_BATCH_SIZE), grouped by dossier, few transactions per batch.
    // Naive baseline: one transaction per event, one event after the other. The two alternate over
    // three rounds, each into a fresh table, and the medians are compared: this machine's speed
    // drifts by ±10 % over minutes, and alternating lets both see the same drift.
    const applyAll = async (table: string, batchSize: number) => {
      await createTable(raw, table);
      const meter: CapacityMeter = { read: 0, write: 0, transactionalWrite: 0 };
      const store = dynamoFiguresStore(client, table, meter);
      const t = performance.now();
      for (let i = 0; i < stream.length; i += batchSize) await applyEvents(store, stream.slice(i, i + batchSize));
      return { seconds: (performance.now() - t) / 1000, meter };
    };
    const rounds: Array<{ ours: Awaited<ReturnType<typeof applyAll>>; naive: Awaited<ReturnType<typeof applyAll>> }> = [];
    for (let round = 1; round <= 3; round++) rounds.push({ ours: await applyAll(`bench-ours-${round}`, BATCH), naive: await applyAll(`bench-naive-${round}`, 1) });
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const oursSeconds = median(rounds.map((r) => r.ours.seconds));
    const naiveSeconds = median(rounds.map((r) => r.naive.seconds));
    // Write and read units are the same every round: the first's are printed.
    const meter = rounds[0]!.ours.meter;
    const naiveMeter = rounds[0]!.naive.meter;
    out[`apply: ours, events/s (10k events, batches of ${BATCH}; median of 3)`] = Math.round(stream.length / oursSeconds);
    out['apply: ours, write units per event (DynamoDB pricing rule; target ≤ 2.5)'] = Number((meter.transactionalWrite / stream.length).toFixed(2));
    out['apply: ours, write units per event (as DynamoDB Local reports)'] = Number((meter.write / stream.length).toFixed(2));
    out['apply: ours, read units per event'] = Number((meter.read / stream.length).toFixed(2));
    out['apply: naive baseline, events/s (median of 3)'] = Math.round(stream.length / naiveSeconds);
    out['apply: naive baseline, write units per event (DynamoDB pricing rule)'] = Number((naiveMeter.transactionalWrite / stream.length).toFixed(2));
    out['apply: speed-up over the baseline, each round'] = rounds.map((r) => `${(r.naive.seconds / r.ours.seconds).toFixed(1)}× (${r.ours.seconds.toFixed(1)} s / ${r.naive.seconds.toFixed(1)} s)`).join(', ');
    out['apply: speed-up over the baseline, medians (target ≥ 10×)'] = `${(naiveSeconds / oursSeconds).toFixed(1)}×`;

    // Summary latency with 1k and 50k dossiers of history. Both agencies are loaded before any
    // sample is taken and their samples alternate, so both are read from the same table, JVM
    // and cache state: the ratio measures the agency's history, not what the table went through.
    await createTable(raw, 'bench-summary');
    const store = dynamoFiguresStore(client, 'bench-summary');
    const histories = [['HIST1K', 1_000], ['HIST50K', 50_000]] as const;
    for (const [agency, dossiers] of histories) {
      const events = history(agency, dossiers);
      await Promise.all(
        Array.from({ length: 4 }, async (_, worker) => {
          for (let i = worker * BATCH; i < events.length; i += 4 * BATCH) await applyEvents(store, events.slice(i, i + BATCH), { maxRounds: 30 });
        }),
      );
    }
    const latencies: Record<string, number[]> = { HIST1K: [], HIST50K: [] };
    for (let i = 0; i < 600; i++) {
      for (const [agency] of histories) {
        const s = performance.now();
        await readFigures(store, agency, '2023-H1');
        if (i >= 100) latencies[agency]!.push(performance.now() - s); // the first 100 rounds warm up
      }
    }
    for (const [agency, dossiers] of histories) {
      latencies[agency]!.sort((a, b) => a - b);
      out[`summary: ${dossiers} dossiers of history, p50 ms`] = Number(percentile(latencies[agency]!, 50).toFixed(2));
      out[`summary: ${dossiers} dossiers of history, p95 ms`] = Number(percentile(latencies[agency]!, 95).toFixed(2));
    }
    const ratio = percentile(latencies.HIST50K!, 50) / percentile(latencies.HIST1K!, 50);
    out['summary: p50 ratio 50k / 1k (target ≤ 1.5)'] = Number(ratio.toFixed(2));
  } finally {
    client.destroy();
  }
  return out;
}
