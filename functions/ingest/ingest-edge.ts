// The HTTP edge of ingest: raw body and signature headers in, 202 out.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { httpErrors, json, rawBody, type HttpEvent, type HttpResult } from '#adapters/http.ts';
import { log } from '#adapters/log.ts';
import { ingestEvents, type IngestPorts } from './ingest.ts';

export function ingestHandler(ports: IngestPorts) {
  return middy<HttpEvent, HttpResult>()
    .use(injectLambdaContext(log))
    .use(httpErrors())
    .handler(async (event) => {
      const result = await ingestEvents(ports, {
        body: rawBody(event),
        timestamp: event.headers['x-timestamp'],
        signature: event.headers['x-signature'],
      });
      return json(202, result);
    });
}
