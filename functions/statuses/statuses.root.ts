// The status intake in AWS: the exchange's HMAC keys from Secrets Manager, the report ports (the
// delivery log, and the queue of the e-mail fallback).
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { EventQueue } from '#domain/event-ports.ts';
import { required, type Config } from '#adapters/config.ts';
import { publishMetrics } from '#adapters/metrics.ts';
import { buildReportPorts } from '#adapters/report-ports.ts';
import { cachedSecret, exchangeHmacKeys } from '#adapters/secrets.ts';
import { statusesHandler } from './statuses-edge.ts';

/** `local`: the local stack's one secret and in-process queue. */
export function buildStatuses(config: Config, local?: { secret: string; deliveryQueue: EventQueue }) {
  const ports = buildReportPorts(config, local?.deliveryQueue);
  const keys = local
    ? async () => [{ sender: 'exchange' as const, slot: 'current' as const, secret: local.secret }]
    : exchangeHmacKeys(cachedSecret(new SecretsManagerClient({}), required(config, ['exchangeStatusKeysArn']).exchangeStatusKeysArn));
  return statusesHandler({ ...ports, keys }).use(publishMetrics(ports.metrics));
}
