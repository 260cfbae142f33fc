// Bench of concurrent apply consumers on one agency (issue 13: the SQS mapping's maximum
// concurrency): the same 10k events of a single agency applied by 1, 2, 5 and 10 consumers taking
// batches of 1000 as SQS would hand them out, counting the entities whose transaction lost a race
// (their version condition or a transaction conflict) and had to be planned again.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoFiguresStore } from '#adapters/figures-store.ts';
import type { FiguresStore } from '#domain/figures-ports.ts';
import { applyEvents } from '#app/apply-events.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/dynamodb-local.ts';
import { createTable } from '../../infra/local/table.ts';
import { APPLY_MAX_CONCURRENCY } from '../../infra/aws/concurrency.ts';
import { sampleStream } from '../support/random-events.ts';

const BATCH = 1000;
const CONSUMERS = [...new Set([1, APPLY_MAX_CONCURRENCY, 2, 5, 10])].sort((a, b) => a - b);

export async function benchConsumers(dynamodbEndpoint: string): Promise<Record<string, number | string>> {
  const raw = new DynamoDBClient({ endpoint: dynamodbEndpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const client = DynamoDBDocumentClient.from(raw);
  const out: Record<string, number | string> = {};
  // One agency (SKHCN): every consumer adds to the same counter items, and a dossier's events land in different batches.
  const stream = sampleStream(10_000, 3_000, 2024);
  try {
    // Warm DynamoDB Local's JVM first, so the first figure does not pay for its JIT.
    await createTable(raw, 'bench-consumers-warm-up');
    const warmUp = dynamoFiguresStore(client, 'bench-consumers-warm-up');
    for (let i = 0; i < 3000; i += BATCH) await applyEvents(warmUp, stream.slice(i, i + BATCH));
    for (const consumers of CONSUMERS) {
      const table = `bench-consumers-${consumers}`;
      await createTable(raw, table);
      const store = dynamoFiguresStore(client, table);
      let conflicts = 0;
      const counting: FiguresStore = {
        ...store,
        commit: async (changes) => {
          const result = await store.commit(changes);
          conflicts += result.conflicted.length;
          return result;
        },
      };
      const batches = Array.from({ length: Math.ceil(stream.length / BATCH) }, (_, i) => stream.slice(i * BATCH, (i + 1) * BATCH));
      let next = 0;
      let failed = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: consumers }, async () => {
          while (next < batches.length) {
            const outcome = await applyEvents(counting, batches[next++]!, { maxRounds: 30 });
            failed += outcome.failed.length;
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      out[`${consumers} consumer(s): events/s`] = Math.round(stream.length / seconds);
      out[`${consumers} consumer(s): entities planned again after a lost race`] = conflicts;
      if (failed > 0) out[`${consumers} consumer(s): events failed (given back to SQS)`] = failed;
    }
  } finally {
    client.destroy();
  }
  return out;
}
