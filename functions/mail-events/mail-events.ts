// Use case: SES tells that a report mail bounced or drew a complaint. A bounced address is recorded
// `failed` with the reason in the delivery log (what staff see beside the report, and what the next
// run retries); a complaint is counted and logged, the delivery itself reached the recipient.
import type { Metrics } from '#domain/metrics.ts';
import type { Delivery } from '#domain/delivery.ts';
import type { DeliveryLog, DeliveryRef } from '#domain/report-ports.ts';

export interface MailEvent {
  kind: 'bounce' | 'complaint';
  /** SES's message id, the one the delivery log holds for the send. */
  messageId: string;
  /** From the mail's delivery tag; undefined for a mail this system did not tag (a staff invitation). */
  delivery: DeliveryRef | undefined;
  recipients: Array<{ address: string; reason: string }>;
}

export interface MailEventPorts {
  deliveries: DeliveryLog;
  metrics: Metrics;
  now: () => Date;
  log: (message: string, fields: Record<string, unknown>) => void;
}

export type MailEventOutcome = { address: string; outcome: 'failed' | 'complaint' | 'not-a-delivery' | 'other-send' };

export async function recordMailEvent(ports: MailEventPorts, event: MailEvent): Promise<MailEventOutcome[]> {
  const { delivery } = event;
  if (!delivery) {
    ports.log('mail event for a mail that is not a report delivery', { kind: event.kind, messageId: event.messageId, recipients: event.recipients });
    return event.recipients.map(({ address }) => ({ address, outcome: 'not-a-delivery' }));
  }
  if (event.kind === 'complaint') {
    ports.metrics.count('MailsComplained', event.recipients.length);
    ports.log('report mail drew a complaint', { ...delivery, messageId: event.messageId, recipients: event.recipients });
    return event.recipients.map(({ address }) => ({ address, outcome: 'complaint' }));
  }
  const logged = await ports.deliveries.listDeliveries(delivery.agencyId, delivery.periodId, delivery.version);
  const outcomes: MailEventOutcome[] = [];
  for (const { address, reason } of event.recipients) {
    const entry = logged.find((d) => d.channel === 'email' && d.recipient.emails.includes(address.toLowerCase()));
    // A later send to the address (a retry that went through) is not undone by the bounce of an earlier one.
    if (!entry || entry.messageId !== event.messageId) {
      ports.log('bounce of a send the delivery log no longer holds', { ...delivery, address, messageId: event.messageId, logged: entry?.messageId });
      outcomes.push({ address, outcome: 'other-send' });
      continue;
    }
    const key = { version: entry.version, recipientNo: entry.recipient.no, channel: entry.channel };
    // Read again just before the write: the delivery is what a status or a resend left it, plus the bounce.
    const current = (await ports.deliveries.getDelivery(delivery.agencyId, delivery.periodId, key)) ?? entry;
    const bounced: Delivery = { ...current, state: 'failed', detail: reason, at: ports.now().toISOString() };
    await ports.deliveries.updateDelivery(delivery.agencyId, delivery.periodId, bounced, current);
    ports.metrics.count('MailsBounced');
    outcomes.push({ address, outcome: 'failed' });
  }
  return outcomes;
}
