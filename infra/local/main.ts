// npm start: the main job on the embedded local stack. Boots it, replays the sample stream over
// HTTP, prints the 2023-H1 summary of SKHCN, and exits.
import { fileURLToPath } from 'node:url';
import type { PeriodSummary } from '#domain/figures.ts';
import { startLocalApp } from './app.ts';
import { progressBar, replayFile } from './replay-client.ts';
import { summaryTable } from './summary-table.ts';

const SAMPLE = fileURLToPath(new URL('../../events/samples/skhcn-2023.jsonl', import.meta.url));
const AGENCY = 'SKHCN';
const PERIOD = '2023-H1';

process.env.LOG_LEVEL ??= 'warn';
const app = await startLocalApp();
try {
  const { env } = app.stack;
  await replayFile(SAMPLE, { url: app.api.url, secret: env.EVENTS_HMAC_SECRET!, onProgress: progressBar('Replaying sample events') });
  const response = await fetch(`${app.api.url}/v1/agencies/${AGENCY}/periods/${PERIOD}/summary`, {
    headers: { authorization: `Bearer ${env.STAFF_DEV_TOKEN}` },
  });
  if (!response.ok) throw new Error(`summary answered ${response.status}: ${await response.text()}`);
  console.log(`\n${summaryTable((await response.json()) as PeriodSummary)}\n`);
} finally {
  await app.stop();
}
