// npm run replay -- <events.jsonl> [--url http://127.0.0.1:3000]
// Replays any JSON-lines file of events: to a running `npm run dev` when --url is given, otherwise
// to a local stack started for the run, and prints the figures of the periods it touched.
import './quiet-sdk.ts';
import { startLocalApp } from './app.ts';
import { commandLine, usageError } from './cli.ts';
import { LOCAL_DEFAULTS } from './stack.ts';
import { progressBar, replayFile } from './replay-client.ts';

const usage = `usage: npm run replay -- <events.jsonl> [--url http://127.0.0.1:3000] [--secret …]

Sends every event of a JSON-lines file as signed POST /v1/events batches of 500, to --url or to a
local stack started for the run, and prints how many were accepted.
  --url URL     a running \`npm run dev\` (default: a local stack started for the run)
  --secret S    the events HMAC secret (default $EVENTS_HMAC_SECRET or local-dev-secret)`;
const { values, positionals } = commandLine(usage, { allowPositionals: true, options: { url: { type: 'string' }, secret: { type: 'string' } } });
const [file, ...extra] = positionals;
if (!file) usageError(usage, 'FILE: required');
if (extra.length > 0) usageError(usage, `one file at a time: ${extra.join(' ')} is one too many`);

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
