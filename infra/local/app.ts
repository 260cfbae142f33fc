// The whole backend on this machine: the embedded services, the same handlers behind the local
// HTTP API, the in-process events queue and the S3 notifications. Handlers are imported after
// the environment points at the local services, so their composition roots read local values.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { S3Event } from 'aws-lambda';
import { lambdaContext } from './lambda-context.ts';
import { startHttpApi, type ApiHandler, type HttpApi, type HttpApiOptions, type Route } from './http.ts';
import { LocalQueue, localEventQueue } from './queue.ts';
import { APPLY_BATCH_SIZE } from '#app/apply-events.ts';
import { MAX_RECEIVES } from '#functions/apply/apply-edge.ts';
import { API_ROUTES, type ApiFunction } from '#functions/api-routes.ts';
import type { IngestPorts } from '#functions/ingest/ingest.ts';
import { startLocalStack, type LocalStack, type LocalStackOptions } from './stack.ts';

export interface LocalApp {
  stack: LocalStack;
  api: HttpApi;
  queue: LocalQueue;
  stop(): Promise<void>;
}

export interface LocalAppOptions extends LocalStackOptions {
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
 * The routes of the HTTP API and the events queue, over the same handlers as in AWS. Call it once
 * the environment points at the local services: the handlers' composition roots read it on import.
 * `secret` is the one events key of local mode, or the accepted keys as ingest reads them in AWS.
 */
export async function localRoutes(secret: string | IngestPorts['keys']): Promise<{ routes: Route[]; queue: LocalQueue; uploadCheck: (event: S3Event) => Promise<unknown> }> {
  const [apply, ingest, summary, profile, sections, reports, uploads, parked, openapi, uploadCheck, rollup, form06] = await Promise.all([
    import('#functions/apply/apply.handler.ts'),
    import('#functions/ingest/ingest-edge.ts'),
    import('#functions/summary/summary.handler.ts'),
    import('#functions/profile/profile.handler.ts'),
    import('#functions/sections/sections.handler.ts'),
    import('#functions/reports/reports.handler.ts'),
    import('#functions/uploads/uploads.handler.ts'),
    import('#functions/parked/parked.handler.ts'),
    import('#functions/openapi/openapi.handler.ts'),
    import('#functions/upload-check/upload-check.handler.ts'),
    import('#functions/rollup/rollup.handler.ts'),
    import('#functions/form06/form06.handler.ts'),
  ]);
  const queue = new LocalQueue(apply.handler, { name: 'events', batchSize: APPLY_BATCH_SIZE, maxReceiveCount: MAX_RECEIVES });
  const handlers: Record<ApiFunction, unknown> = {
    ingest: ingest.ingestHandler({
      keys: typeof secret === 'string' ? async () => [{ sender: 'local', slot: 'current', secret }] : secret,
      queue: localEventQueue(queue),
      now: Date.now,
    }),
    summary: summary.handler,
    profile: profile.handler,
    sections: sections.handler,
    reports: reports.handler,
    uploads: uploads.handler,
    parked: parked.handler,
    openapi: openapi.handler,
    rollup: rollup.handler,
    form06: form06.handler,
  };
  const routes: Route[] = API_ROUTES.map((route) => ({
    method: route.method,
    path: route.path,
    staff: route.staff,
    handler: handlers[route.function] as ApiHandler,
    functionName: route.function,
  }));
  const check = uploadCheck.handler;
  return { routes, queue, uploadCheck: (event) => check(event, lambdaContext('upload-check')) };
}

export async function startLocalApp(options: LocalAppOptions = {}): Promise<LocalApp> {
  const stack = await startLocalStack(options);
  try {
    const { routes, queue, uploadCheck } = await localRoutes(stack.env.EVENTS_HMAC_SECRET!);
    stack.s3.onObjectCreated({ bucket: stack.uploadsBucket, prefix: 'incoming/' }, uploadCheck);
    const site = options.consoleDir ? await localConsole(options.consoleDir, stack.s3.endpoint) : undefined;
    const http = await startHttpApi({ routes, port: options.port ?? 0, ...(site ? { console: site } : {}) });
    return {
      stack,
      api: http,
      queue,
      async stop() {
        await http.stop();
        queue.stop();
        await stack.stop();
      },
    };
  } catch (error) {
    await stack.stop();
    throw error;
  }
}
