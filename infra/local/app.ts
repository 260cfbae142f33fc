// The whole backend on this machine: the embedded services, the same handlers behind the local
// HTTP API, the in-process events queue and the S3 notifications. Handlers are imported after
// the environment points at the local services, so their composition roots read local values.
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
export async function localRoutes(secret: string): Promise<{ routes: Route[]; queue: LocalQueue }> {
  const [{ handler: apply }, { ingestHandler }, { handler: summary }] = await Promise.all([
    import('#functions/apply/apply.handler.ts'),
    import('#functions/ingest/ingest-http.ts'),
    import('#functions/summary/summary.handler.ts'),
  ]);
  const queue = new LocalQueue(apply as unknown as SqsHandler, { name: 'events', batchSize: APPLY_BATCH_SIZE });
  const ingest = ingestHandler({ secret: async () => secret, queue: localEventQueue(queue), now: Date.now });
  const api = (handler: unknown) => handler as ApiHandler;
  const routes: Route[] = [
    { method: 'POST', path: '/v1/events', staff: false, handler: api(ingest), functionName: 'ingest' },
    { method: 'GET', path: '/v1/agencies/{agencyId}/periods/{periodId}/summary', staff: true, handler: api(summary), functionName: 'summary' },
  ];
  return { routes, queue };
}

export async function startLocalApp(options: LocalAppOptions = {}): Promise<LocalApp> {
  const stack = await startLocalStack(options);
  try {
    const { routes, queue } = await localRoutes(stack.env.EVENTS_HMAC_SECRET!);
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
