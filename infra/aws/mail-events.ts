import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { SnsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { CchcFunction } from './cchc-function.ts';
import { Concern } from './concern.ts';
import { RESERVED_CONCURRENCY } from './concurrency.ts';

export interface MailEventsProps {
  readonly table: ITable;
  /** The topic the SES configuration set publishes its bounce and complaint events to. */
  readonly topic: ITopic;
}

/** SES bounces and complaints into the delivery log: a bounced address is `failed` with the reason. */
export class MailEvents extends Concern {
  public readonly mailEvents: CchcFunction;

  constructor(scope: Construct, id: string, props: MailEventsProps) {
    super(scope, id);
    this.mailEvents = new CchcFunction(this, 'MailEventsFunction', {
      entry: 'functions/mail-events/mail-events.handler.ts',
      description: 'Records SES bounces as failed deliveries and counts complaints',
      reservedConcurrency: RESERVED_CONCURRENCY.mailEvents,
      // the delivery log: listDeliveries (Query) and record (PutItem)
    }).bindTable(props.table, ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem']);
    this.mailEvents.addEventSource(new SnsEventSource(props.topic));
  }
}
