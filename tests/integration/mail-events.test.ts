// SES bounce and complaint events reaching the delivery log in DynamoDB Local. SES and SNS have no
// local equivalent: the SNS event below is built as SES's event publishing writes it (a configuration
// set's Bounce and Complaint events, with the mail's tags), and handed to the function's handler.
import type { Context, SNSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '#adapters/dynamodb.ts';
import { deliveryTagValue } from '#adapters/delivery-tag.ts';
import { dynamoReportStore } from '#adapters/report-store.ts';
import type { Delivery } from '#domain/delivery.ts';
import type { MailEventOutcome } from '#functions/mail-events/mail-events.ts';
import { freshTable, localSetup } from '../setup/services.ts';

const AGENCY = 'SKHCN';
const PERIOD = '2023-H1';
const AT = '2023-06-15T00:05:00.000Z';

let restoreEnv: () => void;
let dropTable: () => Promise<void>;
let store: ReturnType<typeof dynamoReportStore>;
let handler: (event: SNSEvent, context: Context) => Promise<MailEventOutcome[]>;

const sent = (address: string, messageId: string, version = 1, no = 1): Delivery => ({
  version,
  channel: 'email',
  recipient: { no, line: 'UBND tỉnh', name: 'UBND tỉnh', emails: [address], editableCopy: false },
  state: 'sent',
  at: AT,
  attempts: 1,
  messageId,
});

beforeAll(async () => {
  const table = await freshTable('mail-events');
  dropTable = table.drop;
  const setup = localSetup({ TABLE_NAME: table.tableName, LOG_LEVEL: 'error' });
  restoreEnv = setup.restore;
  store = dynamoReportStore(documentClient(setup.config.adapters.aws), table.tableName);
  for (const delivery of [sent('vanthu@ubnd.example.vn', 'ses-1'), sent('snv@example.vn', 'ses-2', 1, 2), sent('vanthu@ubnd.example.vn', 'ses-9', 2)]) {
    await store.addDelivery(AGENCY, PERIOD, delivery);
  }
  handler = (await import('#functions/mail-events/mail-events.root.ts')).buildMailEvents(setup.config) as never;
});

afterAll(async () => {
  restoreEnv?.();
  await dropTable?.();
});

/** An SNS delivery of one SES event of the configuration set. */
function snsOf(sesEvent: Record<string, unknown>): SNSEvent {
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: 'arn:aws:sns:ap-southeast-1:111122223333:MailEventsTopic:0b7c',
        Sns: {
          Type: 'Notification',
          MessageId: 'sns-1',
          TopicArn: 'arn:aws:sns:ap-southeast-1:111122223333:MailEventsTopic',
          Subject: null,
          Message: JSON.stringify(sesEvent),
          Timestamp: AT,
          SignatureVersion: '1',
          Signature: '',
          SigningCertUrl: '',
          UnsubscribeUrl: '',
          MessageAttributes: {},
        },
      } as never,
    ],
  };
}

const mail = (messageId: string, version: number) => ({
  timestamp: AT,
  source: 'bao-cao-cchc@example.gov.vn',
  messageId,
  destination: ['vanthu@ubnd.example.vn'],
  tags: { 'ses:configuration-set': ['cchc-report-prod'], delivery: [deliveryTagValue({ agencyId: AGENCY, periodId: PERIOD, version })] },
});

const deliveries = async (version: number) => (await store.listDeliveries(AGENCY, PERIOD, version)).map((d) => [d.recipient.emails[0], d.state, d.detail]);

describe('mail events', () => {
  it('records a bounced delivery as failed, with the reason, and leaves the other addresses sent', async () => {
    const outcomes = await handler(
      snsOf({
        eventType: 'Bounce',
        bounce: {
          bounceType: 'Permanent',
          bounceSubType: 'General',
          bouncedRecipients: [{ emailAddress: 'VanThu@ubnd.example.vn', action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }],
          timestamp: AT,
          feedbackId: 'feedback-1',
        },
        mail: mail('ses-1', 1),
      }),
      {} as Context,
    );
    expect(outcomes).toEqual([{ address: 'VanThu@ubnd.example.vn', outcome: 'failed' }]);
    expect(await deliveries(1)).toEqual(
      expect.arrayContaining([
        ['vanthu@ubnd.example.vn', 'failed', 'bounce Permanent/General: smtp; 550 5.1.1 user unknown'],
        ['snv@example.vn', 'sent', undefined],
      ]),
    );
    // the same address of version 2 was another send: untouched
    expect(await deliveries(2)).toEqual([['vanthu@ubnd.example.vn', 'sent', undefined]]);
  });

  it('does not fail a delivery for the bounce of an earlier send to the address', async () => {
    const outcomes = await handler(
      snsOf({ eventType: 'Bounce', bounce: { bounceType: 'Transient', bounceSubType: 'MailboxFull', bouncedRecipients: [{ emailAddress: 'vanthu@ubnd.example.vn' }] }, mail: mail('ses-8', 2) }),
      {} as Context,
    );
    expect(outcomes).toEqual([{ address: 'vanthu@ubnd.example.vn', outcome: 'other-send' }]);
    expect(await deliveries(2)).toEqual([['vanthu@ubnd.example.vn', 'sent', undefined]]);
  });

  it('leaves a complained delivery sent, and ignores mails that are no delivery (a staff invitation)', async () => {
    const complaint = await handler(
      snsOf({ eventType: 'Complaint', complaint: { complainedRecipients: [{ emailAddress: 'snv@example.vn' }], complaintFeedbackType: 'abuse' }, mail: mail('ses-2', 1) }),
      {} as Context,
    );
    expect(complaint).toEqual([{ address: 'snv@example.vn', outcome: 'complaint' }]);
    const invitation = await handler(
      snsOf({ eventType: 'Bounce', bounce: { bounceType: 'Permanent', bounceSubType: 'General', bouncedRecipients: [{ emailAddress: 'new.staff@example.vn' }] }, mail: { ...mail('ses-3', 1), tags: {} } }),
      {} as Context,
    );
    expect(invitation).toEqual([{ address: 'new.staff@example.vn', outcome: 'not-a-delivery' }]);
    expect(await deliveries(1)).toEqual(expect.arrayContaining([['snv@example.vn', 'sent', undefined]]));
  });
});
