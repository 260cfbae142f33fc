import { Duration, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';
import { CLOSE_MAX_RECEIVES, CLOSE_RENDER_CONCURRENCY } from '#functions/close-render/close-render-edge.ts';
import { CLOSE_CLAIM_STALE_MS } from '#functions/close-render/close-render.ts';
import { CchcFunction } from './cchc-function.ts';
import { Concern } from './concern.ts';
import { RESERVED_CONCURRENCY } from './concurrency.ts';
import { nagName } from './nag.ts';
import { type ReportResources, reportFunction } from './reports.ts';

/**
 * The daily run: 07:00 Vietnam time every day. On the 15th of every month it closes the report month
 * (period kind M) and, on 15/3, 6, 9 and 12, the quarters and longer periods too; on other days it drafts before early deadlines, reminds, and resends failed mails.
 */
const dailyRunCron = 'cron(0 7 * * ? *)';

/** A render worker's time: a task claimed longer ago than this belongs to a worker that died. */
const renderTimeout = Duration.millis(CLOSE_CLAIM_STALE_MS);
/** Opening a run of thousands of tasks and queueing them. */
const closeTimeout = Duration.minutes(5);

export interface PeriodCloseProps extends ReportResources {
  /** Off outside production: a developer's stack mails nobody on the 15th and reminds nobody. */
  readonly scheduleEnabled: boolean;
  /** The staff user pool: its cchc-leader group is who the deadline reminders go to besides the office. */
  readonly userPool: IUserPool;
}

/**
 * The daily run, with the period close fanned out: a schedule invokes the close-period function every
 * day. On a closing day (the 15th) it opens the close run and queues one task per agency-period; the
 * render workers (at most CLOSE_RENDER_CONCURRENCY at once: reserved concurrency and the event
 * source's maxConcurrency) render each draft and tell the office. A task failing CLOSE_MAX_RECEIVES
 * times is parked in the close-task dead-letter queue. Every day the function also drafts before
 * early deadlines, reminds, and resends failed deliveries of issued reports; the schedule's own
 * failures land in the period-close dead-letter queue. The schedule is on in production only.
 */
export class PeriodClose extends Concern {
  public readonly closePeriod: CchcFunction;
  public readonly closeRender: CchcFunction;
  /** The schedule's own delivery failures and the function's asynchronous-invocation failures alike. */
  public readonly deadLetterQueue: Queue;
  public readonly tasks: Queue;
  /** Close tasks whose every delivery failed (the close-run record says "parked"). */
  public readonly tasksDeadLetterQueue: Queue;
  public readonly schedule: Schedule;

  constructor(scope: Construct, id: string, props: PeriodCloseProps) {
    super(scope, id);
    const { scheduleEnabled, userPool, ...resources } = props;

    this.deadLetterQueue = this.deadLetterQueueOf(
      'PeriodCloseDeadLetterQueue',
      'the EventBridge Scheduler target and of the close-period async invocations',
    );
    this.tasksDeadLetterQueue = this.deadLetterQueueOf('CloseTasksDeadLetterQueue', 'the close tasks');
    this.tasks = new Queue(this, 'CloseTasksQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS guidance for Lambda consumers: at least six times the function timeout.
      visibilityTimeout: Duration.seconds(6 * renderTimeout.toSeconds()),
      // the worker records a task as parked on its last delivery, so it must know this count.
      deadLetterQueue: { queue: this.tasksDeadLetterQueue, maxReceiveCount: CLOSE_MAX_RECEIVES },
    });

    this.closePeriod = reportFunction(
      this,
      'ClosePeriodFunction',
      {
        entry: 'functions/close-period/close-period.handler.ts',
        description: 'Daily: opens the close run and queues one render task per agency and period; drafts before deadlines, reminds, resends failed mails',
        timeout: closeTimeout,
        reservedConcurrency: RESERVED_CONCURRENCY.closePeriod,
        // a deadline reminder that could not be sent releases its claim (report-store releaseNotice)
        moreTableActions: ['dynamodb:DeleteItem'],
      },
      resources,
    )
      .bindQueue('closeQueueUrl', this.tasks, 'send')
      .bindLeaderDirectory(userPool);
    this.closePeriod.configureAsyncInvoke({
      onFailure: new SqsDestination(this.deadLetterQueue),
      retryAttempts: 2,
    });

    this.closeRender = reportFunction(
      this,
      'CloseRenderFunction',
      {
        entry: 'functions/close-render/close-render.handler.ts',
        description: 'Renders and mails the report of one agency and period of a close run',
        timeout: renderTimeout,
        reservedConcurrency: RESERVED_CONCURRENCY.closeRender,
        // an office notice that could not be sent releases its claim (report-store releaseNotice)
        moreTableActions: ['dynamodb:DeleteItem'],
      },
      resources,
    );
    this.closeRender.addEventSource(
      new SqsEventSource(this.tasks, { batchSize: 1, maxConcurrency: CLOSE_RENDER_CONCURRENCY, reportBatchItemFailures: true }),
    );

    this.schedule = new Schedule(this, 'PeriodCloseSchedule', {
      description: 'Daily: closes the reporting periods on the 15th (Decree 09/2019 cut-off: the 14th), deadlines and reminders, resends',
      schedule: ScheduleExpression.expression(dailyRunCron, TimeZone.ASIA_HO_CHI_MINH),
      enabled: scheduleEnabled,
      target: new LambdaInvoke(this.closePeriod, {
        input: ScheduleTargetInput.fromObject({ scheduledTime: ContextAttribute.scheduledTime }),
        retryAttempts: 3,
        maxEventAge: Duration.hours(1),
        deadLetterQueue: this.deadLetterQueue,
      }),
    });
    this.acknowledgeSchedulerRole();
  }

  /** A queue that is itself a dead-letter queue, not a work queue (so no DLQ of its own). */
  private deadLetterQueueOf(id: string, of: string): Queue {
    const queue = new Queue(this, id, { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
    Validations.of(queue).acknowledge({ id: 'AwsSolutions-SQS3', reason: `This queue is itself a dead-letter queue (of ${of}), not a work queue.` });
    return queue;
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
