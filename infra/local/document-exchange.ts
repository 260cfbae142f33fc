// The stand-in document exchange of the local stack (CONTRACT §10): an HTTP server on 127.0.0.1 that
// plays the province's LGSP gateway for the HTTPS adapter (shared/adapters/document-exchange-http.ts).
// It keeps every envelope it takes under out/edxml/, checks it against the exchange's limits and its
// XML signature, answers 01 at once (or 02 with the reason: a message that fails the checks, or one
// to the refusing organ code 000.00.00.X99), then a little later pushes 03 and 06 as status messages
// through onStatus, as the real exchange pushes them to the agency's status intake.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { ExchangeStatus, ExchangeStatusCode } from '#domain/document-exchange.ts';
import { buildStatusMessage } from '#domain/edxml-status.ts';
import { readEdxmlEnvelope, receivedLimitProblems } from '#domain/edxml.ts';
import { DomainError } from '#domain/errors.ts';
import { verifyEdxmlSignature } from '#adapters/edxml-signature.ts';
import { EXCHANGE_SEND_PATH, basicAuthorization, type ExchangeCredentials } from '#adapters/document-exchange-http.ts';

/** The organ code the stand-in refuses (02), to exercise that path. */
export const REFUSING_ORGAN_ID = '000.00.00.X99';

/** Large enough for a signed report with its DOCX, base64. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

export interface StandInExchangeOptions {
  /** where envelopes are kept; default `out/edxml` */
  dir?: string;
  /** where status messages go (the status intake); statuses are dropped without it */
  onStatus?: (statusXml: string) => Promise<void>;
  /** how long after taking a message the later statuses come; default 1000 ms */
  delayMs?: number;
  /** the statuses pushed after 01, in order; default 03 then 06 (tests pass duplicates or another order) */
  later?: ExchangeStatusCode[];
  /** the certificate the envelopes' signatures must chain to (PEM or DER, e.g. the local test CA); without it any valid signature passes */
  trusted?: string | Uint8Array;
  /** the credentials the adapter must present (HTTP Basic); none checked without them */
  credentials?: ExchangeCredentials;
  /** the clock of the statuses; default the machine's */
  now?: () => Date;
}

export interface StandInExchange {
  /** the base URL the HTTPS adapter is given */
  url: string;
  dir: string;
  /** The next n sends are answered HTTP 503 (a transport failure the sender retries); nothing is kept. */
  failNext(n: number): void;
  /** Pushes one status message through onStatus now (a duplicate, a late or out-of-order one). */
  emit(status: ExchangeStatus): Promise<void>;
  /** The files kept, in the order taken. */
  files(): string[];
  /** Waits until every status already scheduled has been pushed. */
  idle(): Promise<void>;
  /** Stops the server and drops the statuses not pushed yet. */
  close(): Promise<void>;
}

/** `out/edxml/<documentId>__<to>.xml` with everything but letters, digits, `.` and `-` as `_`: the same message to the same organ keeps one file. */
export const keptFileName = (documentId: string, to: string): string => `${`${documentId}__${to}`.replace(/[^A-Za-z0-9.-]/gu, '_')}.xml`;

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => done(size <= MAX_BODY_BYTES ? Buffer.concat(chunks) : undefined));
    req.on('error', fail);
  });
}

function answer(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export async function startStandInExchange(options: StandInExchangeOptions = {}): Promise<StandInExchange> {
  const dir = resolve(options.dir ?? 'out/edxml');
  mkdirSync(dir, { recursive: true });
  const delayMs = options.delayMs ?? 1000;
  const later = options.later ?? ['03', '06'];
  const now = options.now ?? (() => new Date());
  const expectedAuthorization = options.credentials && basicAuthorization(options.credentials);
  const kept: string[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const pending = new Set<Promise<void>>();
  let failures = 0;

  const emit = async (status: ExchangeStatus): Promise<void> => {
    // A failing intake is the receiver's problem, as with the real exchange: the stand-in carries on.
    await options.onStatus?.(buildStatusMessage(status)).catch((error: unknown) => console.error(`stand-in exchange: status ${status.code} for ${status.documentId} not taken:`, error));
  };

  const schedule = (documentId: string, organId: string): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      const run = (async () => {
        for (const code of later) await emit({ documentId, organId, code, at: now().toISOString() });
      })();
      pending.add(run);
      void run.finally(() => pending.delete(run));
    }, delayMs);
    timers.add(timer);
  };

  /** The first status of one envelope: 02 with the reason, or 01 (and the later ones scheduled). */
  const take = (xml: string, requestedTo: string | null): { status: number; body: string } => {
    let envelope;
    try {
      envelope = readEdxmlEnvelope(xml);
    } catch (error) {
      // Without a DocumentId there is nothing to answer a status about: the request itself is bad.
      const detail = error instanceof DomainError ? error.details.map((d) => `${d.path}: ${d.message}`).join('; ') : String(error);
      return { status: 400, body: `not an edXML envelope: ${detail}` };
    }
    const to = requestedTo ?? envelope.to[0] ?? '';
    const file = join(dir, keptFileName(envelope.documentId, to));
    writeFileSync(file, xml);
    kept.push(file);
    const refuse = (description: string) => ({ status: 200, body: buildStatusMessage({ documentId: envelope.documentId, organId: to, code: '02', description, at: now().toISOString() }) });
    const problems = receivedLimitProblems(envelope);
    if (requestedTo !== null && !envelope.to.includes(requestedTo)) problems.push({ path: 'To', message: `does not name ${requestedTo}` });
    if (problems.length > 0) return refuse(`Gói tin không đúng quy định: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`);
    const signature = verifyEdxmlSignature(xml, options.trusted);
    if (!signature.valid) return refuse(`Chữ ký số không hợp lệ: ${signature.reason}`);
    if (to === REFUSING_ORGAN_ID) return refuse(`Cơ quan ${REFUSING_ORGAN_ID} không nhận văn bản qua trục liên thông (trạm thử từ chối)`);
    schedule(envelope.documentId, to);
    return { status: 200, body: buildStatusMessage({ documentId: envelope.documentId, organId: to, code: '01', description: 'Đã gửi', at: now().toISOString() }) };
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    if (req.method !== 'POST' || url.pathname !== EXCHANGE_SEND_PATH) return answer(res, 404, 'not found');
    if (expectedAuthorization && req.headers.authorization !== expectedAuthorization) return answer(res, 401, 'wrong credentials');
    readBody(req).then(
      (body) => {
        if (failures > 0) {
          failures -= 1;
          return answer(res, 503, 'the stand-in exchange is unavailable (failNext)');
        }
        if (!body) return answer(res, 413, `the envelope is larger than ${MAX_BODY_BYTES} bytes`);
        const result = take(body.toString('utf8'), url.searchParams.get('to'));
        answer(res, result.status, result.body, result.status === 200 ? 'application/xml; charset=utf-8' : undefined);
      },
      () => answer(res, 400, 'the request could not be read'),
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    dir,
    failNext(n) {
      failures = n;
    },
    emit,
    files: () => [...kept],
    async idle() {
      while (timers.size > 0 || pending.size > 0) await new Promise((done) => setTimeout(done, Math.min(delayMs, 20) || 1));
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.allSettled([...pending]);
      await new Promise<void>((done, fail) => server.close((error) => (error ? fail(error) : done())));
    },
  };
}
