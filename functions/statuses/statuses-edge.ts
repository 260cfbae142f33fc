// POST /v1/exchange/statuses (CONTRACT §10): one edXML status message of the document exchange,
// signed like POST /v1/events with the exchange's own secret; the delivery it names moves on.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { HmacKey } from '#domain/event-senders.ts';
import { parseStatusMessage } from '#domain/edxml-status.ts';
import { httpErrors, json, rawBody, type HttpEvent, type HttpResult } from '#adapters/http.ts';
import { log } from '#adapters/log.ts';
import { verifySignature } from '#adapters/request-signature.ts';
import { takeStatus } from '#app/deliver.ts';
import type { ReportPorts } from '#app/report-ports.ts';
import { deliveryView } from '#app/render-report.ts';

export interface StatusIntakePorts extends Pick<ReportPorts, 'versions' | 'deliveries' | 'deliveryQueue' | 'now' | 'metrics'> {
  /** the exchange's keys accepted now (current and previous) */
  keys: () => Promise<HmacKey[]>;
}

export function statusesHandler(ports: StatusIntakePorts) {
  return middy<HttpEvent, HttpResult>()
    .use(injectLambdaContext(log))
    .use(httpErrors())
    .handler(async (event) => {
      const body = rawBody(event);
      const keys = (await ports.keys()).filter((key) => key.secret !== '');
      verifySignature({ body, timestamp: event.headers['x-timestamp'], signature: event.headers['x-signature'] }, keys, Math.floor(ports.now().getTime() / 1000));
      const delivery = await takeStatus(ports, parseStatusMessage(body));
      return json(200, { delivery: deliveryView(delivery) });
    });
}
