// The delivery worker's composition root: the report ports, the document exchange (the province's
// gateway in AWS, the stand-in locally) and the envelopes signed by the agency's signer.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { DocumentExchange } from '#domain/document-exchange.ts';
import type { EventQueue } from '#domain/event-ports.ts';
import type { Config } from '#adapters/config.ts';
import { buildDocumentExchange } from '#adapters/document-exchange-http.ts';
import { log } from '#adapters/log.ts';
import { publishMetrics } from '#adapters/metrics.ts';
import { buildReportPorts } from '#adapters/report-ports.ts';
import { exchangeEnvelopes } from '#app/exchange-envelope.ts';
import { DELIVERY_POLICY, type DeliveryPolicy } from '#app/report-ports.ts';
import { deliverEdge } from './deliver-edge.ts';

/** `deliveryQueue`: the local stack's in-process queue (the e-mail fallback is queued there); `policy`: a faster backoff in the local tests. */
export function buildDeliver(config: Config, deliveryQueue?: EventQueue, policy: DeliveryPolicy = DELIVERY_POLICY) {
  const ports = buildReportPorts(config, deliveryQueue);
  // Built at the first envelope: a stack without the exchange configured (tests that never issue) still builds the worker.
  let exchange: DocumentExchange | undefined;
  const worker = { ...ports, exchange: { send: (envelope) => (exchange ??= buildDocumentExchange(config)).send(envelope) } satisfies DocumentExchange, envelope: exchangeEnvelopes(ports) };
  return middy<SQSEvent, SQSBatchResponse>()
    .use([injectLambdaContext(log), publishMetrics(ports.metrics)])
    .handler(deliverEdge(worker, policy));
}
