// Business metrics as CloudWatch embedded metric format (EMF) lines through Powertools Metrics:
// namespace CchcReport, dimension service. CloudWatch Logs turns the lines into metrics, so no
// PutMetricData call and no permission. The local stack turns them off (`metrics: 'off'`).
import { MetricUnit, Metrics as PowertoolsMetrics } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';
import type { Metrics } from '#domain/metrics.ts';
import type { Adapters } from './config.ts';
import { SERVICE_NAME } from './log.ts';

const METRICS_NAMESPACE = 'CchcReport';

export interface EmfMetrics extends Metrics {
  /** Writes the counts stored so far as one EMF line and forgets them. */
  publish(): void;
}

function emfMetrics(): EmfMetrics {
  const metrics = new PowertoolsMetrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });
  return {
    count: (name, n = 1) => metrics.addMetric(name, MetricUnit.Count, n),
    // Powertools warns on every publish with nothing stored (a GET of the reports function counts nothing).
    publish: () => {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    },
  };
}

/** The metrics the configuration chooses: EMF lines, or none (local mode). */
export function buildMetrics(choice: Adapters['metrics']): EmfMetrics {
  return choice === 'emf' ? emfMetrics() : { count: () => {}, publish: () => {} };
}

/** Middy: publish the invocation's counts when the handler returns or throws. */
export function publishMetrics(metrics: EmfMetrics): MiddlewareObj {
  const publish = async () => metrics.publish();
  return { after: publish, onError: publish };
}
