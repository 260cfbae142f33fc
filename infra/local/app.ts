// The whole backend on this machine: the embedded services, the same handlers behind the local
// HTTP API, the in-process events queue and the S3 notifications. Handlers are imported after
// the environment points at the local services, so their composition roots read local values.
import type { Context, S3Event } from 'aws-lambda';
import { lambdaContext } from './lambda-context.ts';
import { startHttpApi, type ApiHandler, type HttpApi, type Route } from './http.ts';
import { LocalQueue, localEventQueue, type SqsHandler } from './queue.ts';
import { APPLY_BATCH_SIZE } from '#functions/apply/apply-batch.ts';
import { startLocalStack, type LocalStack, type LocalStackOptions } from './stack.ts';

export interface LocalApp {
  stack: LocalStack;
  api: HttpApi;
  queue: LocalQueue;
  stop(): Promise<void>;
}

export interface LocalAppOptions extends LocalStackOptions {
  port?: number;
}

/**
 * The routes of the HTTP API and the events queue, over the same handlers as in AWS. Call it once
 * the environment points at the local services: the handlers' composition roots read it on import.
 */
export async function localRoutes(secret: string): Promise<{ routes: Route[]; queue: LocalQueue; uploadCheck: (event: S3Event) => Promise<unknown> }> {
  const [apply, ingest, summary, profile, sections, reports, uploads, uploadCheck] = await Promise.all([
    import('#functions/apply/apply.handler.ts'),
    import('#functions/ingest/ingest-http.ts'),
    import('#functions/summary/summary.handler.ts'),
    import('#functions/profile/profile.handler.ts'),
    import('#functions/sections/sections.handler.ts'),
    import('#functions/reports/reports.handler.ts'),
    import('#functions/uploads/uploads.handler.ts'),
    import('#functions/upload-check/upload-check.handler.ts'),
  ]);
  const queue = new LocalQueue(apply.handler as unknown as SqsHandler, { name: 'events', batchSize: APPLY_BATCH_SIZE });
  const ingestApi = ingest.ingestHandler({ secret: async () => secret, queue: localEventQueue(queue), now: Date.now });
  const api = (handler: unknown) => handler as ApiHandler;
  const staff = (method: string, path: string, handler: unknown, functionName: string): Route => ({ method, path, staff: true, handler: api(handler), functionName });
  const period = '/v1/agencies/{agencyId}/periods/{periodId}';
  const routes: Route[] = [
    { method: 'POST', path: '/v1/events', staff: false, handler: api(ingestApi), functionName: 'ingest' },
    staff('GET', `${period}/summary`, summary.handler, 'summary'),
    staff('PUT', '/v1/agencies/{agencyId}', profile.handler, 'profile'),
    staff('GET', '/v1/agencies/{agencyId}', profile.handler, 'profile'),
    staff('PUT', `${period}/sections/{sectionKey}`, sections.handler, 'sections'),
    staff('POST', `${period}/reports`, reports.handler, 'reports'),
    staff('GET', `${period}/reports`, reports.handler, 'reports'),
    staff('POST', '/v1/agencies/{agencyId}/uploads', uploads.handler, 'uploads'),
    staff('GET', '/v1/agencies/{agencyId}/uploads/{uploadId}', uploads.handler, 'uploads'),
    staff('GET', `${period}/uploads`, uploads.handler, 'uploads'),
  ];
  const check = uploadCheck.handler as unknown as (event: S3Event, context: Context) => Promise<unknown>;
  return { routes, queue, uploadCheck: (event) => check(event, lambdaContext('upload-check')) };
}

export async function startLocalApp(options: LocalAppOptions = {}): Promise<LocalApp> {
  const stack = await startLocalStack(options);
  try {
    const { routes, queue, uploadCheck } = await localRoutes(stack.env.EVENTS_HMAC_SECRET!);
    stack.s3.onObjectCreated({ bucket: stack.uploadsBucket, prefix: 'incoming/' }, uploadCheck);
    const http = await startHttpApi({ routes, port: options.port ?? 0 });
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
