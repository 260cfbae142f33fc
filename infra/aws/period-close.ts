import { Duration, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { CchcFunction } from './cchc-function.ts';
import { Concern } from './concern.ts';
import { nagName } from './nag.ts';
import { type ReportResources, reportFunction } from './reports.ts';

/**
 * The daily run: 07:00 Vietnam time every day. On the 15th of March, June, September and December it
 * closes the periods; on other days it drafts before early deadlines, reminds, and resends failed mails.
 */
const dailyRunCron = 'cron(0 7 * * ? *)';

/**
 * The daily run of the close-period function: at a period close it renders every agency's draft and
 * tells the office; before deadlines it drafts provisionally and reminds; it resends failed
 * deliveries of issued reports. Failed runs land in the dead-letter queue.
 */
export class PeriodClose extends Concern {
  public readonly closePeriod: CchcFunction;
  /** The schedule's own delivery failures and the function's asynchronous-invocation failures alike. */
  public readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, resources: ReportResources) {
    super(scope, id);

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
        description: 'Daily: drafts at period close and before deadlines, tells the office, reminds, resends failed mails',
      },
      resources,
    );
    this.closePeriod.configureAsyncInvoke({
      onFailure: new SqsDestination(this.deadLetterQueue),
      retryAttempts: 2,
    });

    new Schedule(this, 'PeriodCloseSchedule', {
      description: 'Daily: closes the reporting periods on the 15th (Decree 09/2019 cut-off: the 14th), deadlines and reminders, resends',
      schedule: ScheduleExpression.expression(dailyRunCron, TimeZone.ASIA_HO_CHI_MINH),
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
