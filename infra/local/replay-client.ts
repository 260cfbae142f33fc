// Replays a JSON-lines file of events to POST /v1/events the way the one-stop-shop would:
// signed batches of at most 500 events.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { MAX_EVENTS_PER_REQUEST } from '#events/event.schema.ts';
import { sign } from '#functions/ingest/ingest.ts';

export interface ReplayOptions {
  url: string;
  secret: string;
  batchSize?: number;
  /** Called after each accepted batch with the events sent so far and the bytes of the file read. */
  onProgress?: (progress: { events: number; bytesRead: number; bytesTotal: number }) => void;
}

class ReplayError extends Error {}

export async function postEvents(url: string, secret: string, events: unknown[]): Promise<Response> {
  const body = JSON.stringify({ events });
  const timestamp = String(Math.floor(Date.now() / 1000));
  return fetch(`${url}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-timestamp': timestamp, 'x-signature': sign(secret, timestamp, body) },
    body,
  });
}

/** Sends every line of the file; stops at the first refused batch with the server's error. */
export async function replayFile(file: string, options: ReplayOptions): Promise<{ events: number }> {
  const batchSize = Math.min(options.batchSize ?? MAX_EVENTS_PER_REQUEST, MAX_EVENTS_PER_REQUEST);
  const bytesTotal = (await stat(file)).size;
  let bytesRead = 0;
  let sent = 0;
  let batch: unknown[] = [];
  let lineNumber = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const response = await postEvents(options.url, options.secret, batch);
    if (response.status !== 202) {
      throw new ReplayError(`batch ending at line ${lineNumber} refused with ${response.status}: ${await response.text()}`);
    }
    sent += batch.length;
    batch = [];
    options.onProgress?.({ events: sent, bytesRead, bytesTotal });
  };
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    lineNumber++;
    bytesRead += Buffer.byteLength(line, 'utf8') + 1;
    if (line.trim() === '') continue;
    try {
      batch.push(JSON.parse(line));
    } catch (error) {
      throw new ReplayError(`${file}:${lineNumber}: not JSON (${(error as Error).message})`);
    }
    if (batch.length === batchSize) await flush();
  }
  await flush();
  return { events: sent };
}

/** A one-line progress bar on a terminal; a line per quarter elsewhere (CI logs). */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr) {
  let lastQuarter = -1;
  return ({ events, bytesRead, bytesTotal }: { events: number; bytesRead: number; bytesTotal: number }) => {
    const ratio = bytesTotal === 0 ? 1 : Math.min(1, bytesRead / bytesTotal);
    if (stream.isTTY) {
      const width = 30;
      const filled = Math.round(ratio * width);
      stream.write(`\r${label} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${Math.round(ratio * 100)}% ${events} events`);
      if (ratio === 1) stream.write('\n');
    } else if (Math.floor(ratio * 4) > lastQuarter) {
      lastQuarter = Math.floor(ratio * 4);
      stream.write(`${label}: ${Math.round(ratio * 100)}% (${events} events)\n`);
    }
  };
}
