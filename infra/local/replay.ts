// npm run replay -- <events.jsonl> [--url http://127.0.0.1:3000]
// Replays any JSON-lines file of events: to a running `npm run dev` when --url is given, otherwise
// to a local stack started for the run, and prints the figures of the periods it touched.
import './quiet-sdk.ts';
import { parseArgs } from 'node:util';
import { startLocalApp } from './app.ts';
import { LOCAL_DEFAULTS } from './stack.ts';
import { progressBar, replayFile } from './replay-client.ts';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { url: { type: 'string' }, secret: { type: 'string' } } });
const file = positionals[0];
if (!file) {
  console.error('usage: npm run replay -- <events.jsonl> [--url http://127.0.0.1:3000] [--secret …]');
  process.exit(2);
}

process.env.LOG_LEVEL ??= 'warn';
const app = values.url ? undefined : await startLocalApp();
try {
  const url = values.url ?? app!.api.url;
  const secret = values.secret ?? process.env.EVENTS_HMAC_SECRET ?? LOCAL_DEFAULTS.eventsHmacSecret;
  const { events } = await replayFile(file, { url, secret, onProgress: progressBar(`Replaying ${file}`) });
  console.log(`${events} events accepted by ${url}`);
} finally {
  await app?.stop();
}
