// The business counts the use cases report, as a port: CloudWatch metrics in AWS
// (#adapters/metrics.ts), nothing locally, a recording fake in tests.

export type MetricName =
  /** apply: events new to the figures, events already in them, messages given back to SQS, events parked on their last delivery */
  | 'EventsApplied'
  | 'EventsDuplicate'
  | 'EventsRetried'
  | 'EventsParked'
  /** reports and close-render: a new report version stored */
  | 'ReportsRendered'
  /** a version issued by a leader (numbered, signed, mailed to the recipients) */
  | 'ReportsSigned'
  | 'ReportsIssued'
  /** delivery and notices: addresses sent, and those still failing after the run's attempts */
  | 'MailsSent'
  | 'MailsFailed'
  /** mail-events: deliveries SES reported bounced (recorded failed), recipients who complained */
  | 'MailsBounced'
  /** deliver: deliveries queued by an issue, sent (exchange or e-mail), refused by the exchange, failed after the retries */
  | 'DeliveriesQueued'
  | 'DeliveriesSent'
  | 'DeliveriesRefused'
  | 'DeliveriesFailed'
  | 'MailsComplained'
  /** close-period: a closing run began, and one ended with every report rendered and mailed */
  | 'PeriodCloseStarted'
  | 'PeriodCloseCompleted';

export interface Metrics {
  count(name: MetricName, n?: number): void;
}

export const noMetrics: Metrics = { count: () => {} };
