// The whole backend on this machine: the embedded services, the same handler roots behind the
// local HTTP API, the in-process events queue and the S3 notifications. Each root is built with the
// local stack's configuration (no environment), so two apps can run in one process.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { S3Event } from 'aws-lambda';
import { lambdaContext } from './lambda-context.ts';
import { startHttpApi, type ApiHandler, type HttpApi, type HttpApiOptions, type Route } from './http.ts';
import { LocalQueue, localEventQueue, type LocalQueueOptions } from './queue.ts';
import type { EventQueue } from '#domain/event-ports.ts';
import { sign } from '#adapters/request-signature.ts';
import type { DeliveryPolicy } from '#app/report-ports.ts';
import { DELIVER_MAX_RECEIVES } from '#functions/deliver/deliver-edge.ts';
import { buildDeliver } from '#functions/deliver/deliver.root.ts';
import { buildStatuses } from '#functions/statuses/statuses.root.ts';
import { APPLY_BATCH_SIZE } from '#app/apply-events.ts';
import { MAX_RECEIVES } from '#functions/apply/apply-edge.ts';
import { API_ROUTES, type ApiFunction } from '#functions/api-routes.ts';
import type { Config } from '#adapters/config.ts';
import { uploadPrefixes } from '#adapters/object-keys.ts';
import { buildApply } from '#functions/apply/apply.root.ts';
import { buildForm06 } from '#functions/form06/form06.root.ts';
import type { IngestPorts } from '#functions/ingest/ingest.ts';
import { ingestHandler } from '#functions/ingest/ingest-edge.ts';
import { handler as openapi } from '#functions/openapi/openapi.handler.ts';
import { buildParked } from '#functions/parked/parked.root.ts';
import { buildProfile } from '#functions/profile/profile.root.ts';
import { buildReports } from '#functions/reports/reports.root.ts';
import { buildRollup } from '#functions/rollup/rollup.root.ts';
import { buildSections } from '#functions/sections/sections.root.ts';
import { buildSummary } from '#functions/summary/summary.root.ts';
import { buildUploadCheck } from '#functions/upload-check/upload-check.root.ts';
import { buildUploads } from '#functions/uploads/uploads.root.ts';
import { LOCAL_DEFAULTS, startLocalStack, type LocalStack, type LocalStackOptions } from './stack.ts';

/** The delivery pipeline of local mode: the exchange's status secret, and the worker's retries (tests make them fast). */
export interface LocalDeliveryOptions {
  exchangeSecret?: string;
  policy?: DeliveryPolicy;
  /** the queue's redelivery delay by receive count (SQS's visibility timeout) */
  backoffMs?: LocalQueueOptions['backoffMs'];
}

export interface LocalApp {
  stack: LocalStack;
  api: HttpApi;
  queue: LocalQueue;
  /** the delivery queue; its dead letters are the DLQ's */
  deliveries: LocalQueue;
  stop(): Promise<void>;
}

export interface LocalAppOptions extends LocalStackOptions {
  delivery?: Omit<LocalDeliveryOptions, 'exchangeSecret'>;
  port?: number;
  /** Builds the staff console into this directory and serves it at `/` (CONTRACT §7). */
  consoleDir?: string;
}

/** Builds the console into `dir` with its local runtime config (the fixed tokens' sign-in, the API on the same origin). */
export async function localConsole(dir: string, s3Endpoint: string): Promise<NonNullable<HttpApiOptions['console']>> {
  const { buildConsole } = await import('../../web/build.ts');
  const { consoleHeaders } = await import('../../web/csp.ts');
  await buildConsole(dir);
  await writeFile(join(dir, 'config.json'), `${JSON.stringify({ auth: 'local' })}\n`);
  return { dir, headers: consoleHeaders([s3Endpoint]) };
}

/**
 * The routes of the HTTP API and the events queue, over the same handler roots as in AWS, built
 * with `config`. `secret` is the one events key of local mode, or the accepted keys as ingest reads
 * them in AWS.
 */
export function localRoutes(
  config: Config,
  secret: string | IngestPorts['keys'],
  delivery: LocalDeliveryOptions = {},
): { routes: Route[]; queue: LocalQueue; deliveries: LocalQueue; uploadCheck: (event: S3Event) => Promise<unknown> } {
  const queue = new LocalQueue(buildApply(config), { name: 'events', batchSize: APPLY_BATCH_SIZE, maxReceiveCount: MAX_RECEIVES });
  // The delivery queue (SQS in AWS): the issue answers once its tasks are queued; the worker takes them one at a time.
  const deliveryQueue: EventQueue = { send: async (bodies) => void (await deliveries.send(bodies)) };
  const deliveries: LocalQueue = new LocalQueue(buildDeliver(config, deliveryQueue, delivery.policy), {
    name: 'deliveries',
    batchSize: 1,
    maxReceiveCount: DELIVER_MAX_RECEIVES,
    ...(delivery.backoffMs ? { backoffMs: delivery.backoffMs } : {}),
  });
  const handlers: Record<ApiFunction, unknown> = {
    ingest: ingestHandler({
      keys: typeof secret === 'string' ? async () => [{ sender: 'local', slot: 'current', secret }] : secret,
      queue: localEventQueue(queue),
      now: Date.now,
    }),
    summary: buildSummary(config),
    profile: buildProfile(config),
    sections: buildSections(config),
    reports: buildReports(config, deliveryQueue),
    statuses: buildStatuses(config, { secret: delivery.exchangeSecret ?? LOCAL_DEFAULTS.exchangeStatusSecret, deliveryQueue }),
    uploads: buildUploads(config),
    parked: buildParked(config),
    openapi,
    rollup: buildRollup(config),
    form06: buildForm06(config),
  };
  const routes: Route[] = API_ROUTES.map((route) => ({
    method: route.method,
    path: route.path,
    staff: route.staff,
    handler: handlers[route.function] as ApiHandler,
    functionName: route.function,
  }));
  const check = buildUploadCheck(config);
  return { routes, queue, deliveries, uploadCheck: (event) => check(event, lambdaContext('upload-check')) };
}

export async function startLocalApp(options: LocalAppOptions = {}): Promise<LocalApp> {
  const stack = await startLocalStack(options);
  try {
    const exchangeSecret = stack.env.EXCHANGE_STATUS_SECRET;
    const { routes, queue, deliveries, uploadCheck } = localRoutes(stack.config, stack.env.EVENTS_HMAC_SECRET, { ...options.delivery, exchangeSecret });
    stack.s3.onObjectCreated({ bucket: stack.uploadsBucket, prefix: uploadPrefixes.incoming }, uploadCheck);
    const site = options.consoleDir ? await localConsole(options.consoleDir, stack.s3.endpoint) : undefined;
    const http = await startHttpApi({ routes, port: options.port ?? 0, staffToken: stack.env.STAFF_DEV_TOKEN, ...(site ? { console: site } : {}) });
    // The stand-in exchange pushes its status messages to the intake, signed as the gateway would.
    stack.onExchangeStatus(async (xml) => {
      const timestamp = String(Math.floor(Date.now() / 1000));
      const answer = await fetch(`${http.url}/v1/exchange/statuses`, {
        method: 'POST',
        headers: { 'content-type': 'application/xml; charset=utf-8', 'x-timestamp': timestamp, 'x-signature': sign(exchangeSecret, timestamp, xml) },
        body: xml,
      });
      if (!answer.ok) throw new Error(`POST /v1/exchange/statuses answered ${answer.status}: ${await answer.text()}`);
    });
    return {
      stack,
      api: http,
      queue,
      deliveries,
      async stop() {
        await http.stop();
        queue.stop();
        deliveries.stop();
        await stack.stop();
      },
    };
  } catch (error) {
    await stack.stop();
    throw error;
  }
}
