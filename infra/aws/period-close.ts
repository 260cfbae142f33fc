import { Duration, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { CchcFunction } from './cchc-function.ts';
import { Concern } from './concern.ts';
import { RESERVED_CONCURRENCY } from './concurrency.ts';
import { nagName } from './nag.ts';
import { type ReportResources, reportFunction } from './reports.ts';

/** Period close: 07:00 Vietnam time on the 15th of every month (the month; on 15/3, 6, 9, 12 the longer periods too). */
const periodCloseCron = 'cron(0 7 15 * ? *)';

/** One run renders every agency's reports of the closing periods, one after the other. */
const closeTimeout = Duration.minutes(15);

export interface PeriodCloseProps extends ReportResources {
  /** Off outside production: a developer's stack mails nobody on the 15th. */
  readonly scheduleEnabled: boolean;
}

/**
 * The monthly period close: a schedule invokes the close-period function, which renders and mails the
 * report of every agency; failed runs land in the dead-letter queue.
 */
export class PeriodClose extends Concern {
  public readonly closePeriod: CchcFunction;
  /** The schedule's own delivery failures and the function's asynchronous-invocation failures alike. */
  public readonly deadLetterQueue: Queue;
  public readonly schedule: Schedule;

  constructor(scope: Construct, id: string, props: PeriodCloseProps) {
    super(scope, id);
    const { scheduleEnabled, ...resources } = props;

    this.deadLetterQueue = new Queue(this, 'PeriodCloseDeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself a dead-letter queue (of the EventBridge Scheduler target and of the close-period async invocations), not a work queue.',
    });

    this.closePeriod = reportFunction(
      this,
      'ClosePeriodFunction',
      {
        entry: 'functions/close-period/close-period.handler.ts',
        description: 'At period close renders and mails the report of every agency',
        timeout: closeTimeout,
        reservedConcurrency: RESERVED_CONCURRENCY.closePeriod,
      },
      resources,
    );
    this.closePeriod.configureAsyncInvoke({
      onFailure: new SqsDestination(this.deadLetterQueue),
      retryAttempts: 2,
    });

    this.schedule = new Schedule(this, 'PeriodCloseSchedule', {
      description: 'Closes the reporting period and sends the reports (Decree 09/2019 cut-off: the 14th)',
      enabled: scheduleEnabled,
      schedule: ScheduleExpression.expression(periodCloseCron, TimeZone.ASIA_HO_CHI_MINH),
      target: new LambdaInvoke(this.closePeriod, {
        input: ScheduleTargetInput.fromObject({ scheduledTime: ContextAttribute.scheduledTime }),
        retryAttempts: 3,
        maxEventAge: Duration.hours(1),
        deadLetterQueue: this.deadLetterQueue,
      }),
    });
    this.acknowledgeSchedulerRole();
  }

  /** The LambdaInvoke target's role: a singleton CDK adds to the stack, per target, as SchedulerRoleForTarget-<hash>. */
  private acknowledgeSchedulerRole(): void {
    const role = Stack.of(this).node.children.find((child) => child.node.id.startsWith('SchedulerRoleForTarget'));
    if (!role) throw new Error('the period-close schedule role was not found');
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagName(role, this.closePeriod.functionArn)}:*]`,
      reason: 'The LambdaInvoke schedule target may invoke the close-period function and its versions; it can invoke nothing else.',
    });
  }
}
