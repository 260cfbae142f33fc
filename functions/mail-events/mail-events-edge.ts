// SNS → the SES events of the configuration set (event publishing: `eventType` Bounce or Complaint,
// the mail's tags) → recordMailEvent. Other event types are not subscribed to; one arriving is ignored.
import type { SNSEvent } from 'aws-lambda';
import * as z from 'zod';
import { deliveryFromTag, DELIVERY_TAG } from '#adapters/delivery-tag.ts';
import { recordMailEvent, type MailEvent, type MailEventOutcome, type MailEventPorts } from './mail-events.ts';

const recipient = z.object({ emailAddress: z.string(), diagnosticCode: z.string().optional(), status: z.string().optional() });
const sesEvent = z.object({
  eventType: z.string(),
  mail: z.object({ messageId: z.string(), tags: z.record(z.string(), z.array(z.string())).default({}) }),
  bounce: z.object({ bounceType: z.string(), bounceSubType: z.string(), bouncedRecipients: z.array(recipient) }).optional(),
  complaint: z.object({ complainedRecipients: z.array(recipient), complaintFeedbackType: z.string().optional() }).optional(),
});

/** The mail event in an SES notification, undefined for an event type this system does not handle. */
function mailEventOf(notification: unknown): MailEvent | undefined {
  const event = sesEvent.parse(notification);
  const tag = event.mail.tags[DELIVERY_TAG]?.[0];
  const common = { messageId: event.mail.messageId, delivery: tag === undefined ? undefined : deliveryFromTag(tag) };
  if (event.eventType === 'Bounce' && event.bounce) {
    const { bounceType, bounceSubType } = event.bounce;
    return {
      ...common,
      kind: 'bounce',
      recipients: event.bounce.bouncedRecipients.map((r) => ({
        address: r.emailAddress,
        reason: `bounce ${bounceType}/${bounceSubType}${r.diagnosticCode ? `: ${r.diagnosticCode}` : r.status ? `: ${r.status}` : ''}`,
      })),
    };
  }
  if (event.eventType === 'Complaint' && event.complaint) {
    const feedback = event.complaint.complaintFeedbackType ?? 'unspecified';
    return { ...common, kind: 'complaint', recipients: event.complaint.complainedRecipients.map((r) => ({ address: r.emailAddress, reason: `complaint ${feedback}` })) };
  }
  return undefined;
}

export function mailEventsEdge(ports: MailEventPorts) {
  return async (event: SNSEvent): Promise<MailEventOutcome[]> => {
    const outcomes: MailEventOutcome[] = [];
    for (const record of event.Records) {
      const mailEvent = mailEventOf(JSON.parse(record.Sns.Message));
      if (mailEvent) outcomes.push(...(await recordMailEvent(ports, mailEvent)));
    }
    return outcomes;
  };
}
