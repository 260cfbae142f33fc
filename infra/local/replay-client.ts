// Replays a JSON-lines file of events to POST /v1/events the way the one-stop-shop would:
// signed batches of at most 500 events. The history import (import.ts) sends through the same code.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Presets, SingleBar } from 'cli-progress';
import { MAX_EVENTS_PER_REQUEST } from '#events/event.schema.ts';
import { sign } from '#adapters/request-signature.ts';

export interface SendOptions {
  url: string;
  secret: string;
  batchSize?: number;
}

/** Where a file read stands: what was done so far and how many of its bytes were read. */
export interface Progress {
  count: number;
  bytesRead: number;
  bytesTotal: number;
}

export interface ReplayOptions extends SendOptions {
  /** Called after each accepted batch with the events sent so far and the bytes of the file read. */
  onProgress?: (progress: Progress) => void;
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

/**
 * Collects events into signed batches of at most 500 and posts each when full; `flush` posts the
 * rest. A refused batch stops the sender with the server's answer, `where` naming what it ended at.
 */
export function eventSender(options: SendOptions) {
  const batchSize = Math.min(options.batchSize ?? MAX_EVENTS_PER_REQUEST, MAX_EVENTS_PER_REQUEST);
  let batch: unknown[] = [];
  let sent = 0;
  const flush = async (where: string): Promise<boolean> => {
    if (batch.length === 0) return false;
    const response = await postEvents(options.url, options.secret, batch);
    if (response.status !== 202) throw new ReplayError(`batch ending at ${where} refused with ${response.status}: ${await response.text()}`);
    sent += batch.length;
    batch = [];
    return true;
  };
  return {
    /** Adds one event; true when that filled a batch, which was then sent. */
    async add(event: unknown, where: string): Promise<boolean> {
      batch.push(event);
      return batch.length >= batchSize ? flush(where) : false;
    },
    flush,
    get sent() {
      return sent;
    },
  };
}

/** Sends every line of the file; stops at the first refused batch with the server's error. */
export async function replayFile(file: string, options: ReplayOptions): Promise<{ events: number }> {
  const bytesTotal = (await stat(file)).size;
  let bytesRead = 0;
  let lineNumber = 0;
  const sender = eventSender(options);
  const progress = () => options.onProgress?.({ count: sender.sent, bytesRead, bytesTotal });
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    lineNumber++;
    bytesRead += Buffer.byteLength(line, 'utf8') + 1;
    if (line.trim() === '') continue;
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch (error) {
      throw new ReplayError(`${file}:${lineNumber}: not JSON (${(error as Error).message})`);
    }
    if (await sender.add(event, `line ${lineNumber}`)) progress();
  }
  if (await sender.flush(`line ${lineNumber}`)) progress();
  return { events: sender.sent };
}

/**
 * A progress bar with the rate and the time left on a terminal (cli-progress), a line per quarter
 * elsewhere (CI logs). `unit` names what `count` counts; the bar itself follows the bytes read.
 */
export function progressBar(label: string, unit = 'events', stream: NodeJS.WriteStream = process.stderr): (progress: Progress) => void {
  const started = performance.now();
  const rate = (count: number) => Math.round(count / Math.max((performance.now() - started) / 1000, 0.001));
  if (!stream.isTTY) {
    let lastQuarter = -1;
    return ({ count, bytesRead, bytesTotal }) => {
      const ratio = bytesTotal === 0 ? 1 : Math.min(1, bytesRead / bytesTotal);
      if (Math.floor(ratio * 4) <= lastQuarter) return;
      lastQuarter = Math.floor(ratio * 4);
      stream.write(`${label}: ${Math.round(ratio * 100)}% (${count} ${unit}, ${rate(count)} ${unit}/s)\n`);
    };
  }
  const bar = new SingleBar({ stream, format: `${label} [{bar}] {percentage}% | {count} ${unit} | {rate} ${unit}/s | ETA {eta_formatted}`, barsize: 30, etaBuffer: 50 }, Presets.shades_classic);
  let running = false;
  return ({ count, bytesRead, bytesTotal }) => {
    if (!running) {
      bar.start(Math.max(bytesTotal, 1), 0, { count: 0, rate: 0 });
      running = true;
    }
    bar.update(Math.min(bytesRead, bytesTotal), { count, rate: rate(count) });
    if (bytesRead >= bytesTotal) bar.stop();
  };
}
