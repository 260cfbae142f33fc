import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  type AlarmProps,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Operation, type ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct, IConstruct } from 'constructs';
import type { MetricName } from '#domain/metrics.ts';
import { CchcFunction } from './cchc-function.ts';
import { Concern } from './concern.ts';

export interface AlarmsProps {
  /** Who receives the alarms (required in production by the stage config). */
  readonly alarmEmail?: string;
}

/** The business metrics the functions write as EMF lines (shared/adapters/metrics.ts): namespace and dimension. */
const BUSINESS_NAMESPACE = 'CchcReport';
const SERVICE_DIMENSION = { service: 'cchc-report' };
/** A function alarms when one invocation comes this close to its timeout. */
const NEAR_TIMEOUT = 0.8;

/** The alarms, the encrypted topic they notify and the operators' dashboard. */
export class Alarms extends Concern {
  public readonly topic: Topic;
  public readonly dashboard: Dashboard;
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    // Only this account's alarms may publish: the topic policy and the key grant carry the same conditions.
    const fromThisAccountsAlarms = {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
    };
    // A customer-managed key: CloudWatch cannot publish to a topic encrypted with the AWS-managed SNS key.
    const key = new Key(this, 'AlarmTopicKey', {
      enableKeyRotation: true,
      description: 'Encrypts the alarm notifications topic',
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: fromThisAccountsAlarms,
      }),
    );
    this.topic = new Topic(this, 'AlarmTopic', { masterKey: key, enforceSSL: true });
    // enforceSSL writes a Deny only; without this Allow, CloudWatch's publish is refused and no alarm reaches anyone.
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowThisAccountsAlarms',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: fromThisAccountsAlarms,
      }),
    );
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    this.action = new SnsAction(this.topic);
    this.dashboard = new Dashboard(this, 'OperationsDashboard', {
      dashboardName: `${stack.stackName}-operations`,
      defaultInterval: Duration.days(7),
    });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: '# CCHC report\nAlarms notify the alarm topic (docs/deploy.md). Business metrics: namespace `CchcReport`, dimension `service`.',
        width: 24,
        height: 2,
      }),
    );
  }

  /** Alarms as soon as a dead-letter queue holds a message. */
  public deadLetterQueue(id: string, queue: IQueue, what: string): Alarm {
    return this.alarm(id, {
      alarmDescription: `${what} has messages: look at them and redrive or discard`,
      metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
    });
  }

  /** The events queue: apply has stalled when its oldest message waits more than 15 minutes. */
  public eventsQueue(queue: IQueue, deadLetterQueues: readonly IQueue[]): void {
    const age = queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: 'Maximum' });
    this.alarm('EventsQueueAgeAlarm', {
      alarmDescription: 'Events have waited more than 15 minutes in the queue: apply has stalled (errors, throttles, a table problem)',
      metric: age,
      threshold: Duration.minutes(15).toSeconds(),
    });
    this.dashboard.addWidgets(
      graph('Events queue: waiting and oldest (s)', [queue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum' })], [age]),
      graph('Dead-letter queues', deadLetterQueues.map((q) => q.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum' }))),
    );
  }

  /** 5xx answers of the API and its latency (detailed metrics are on for the stage). */
  public api(api: IHttpApi): void {
    const serverErrors = api.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' });
    const latency = api.metricLatency({ period: Duration.minutes(5), statistic: 'p95' });
    this.alarm('ApiServerErrorsAlarm', { alarmDescription: 'The HTTP API answered 5xx', metric: serverErrors });
    this.alarm('ApiLatencyAlarm', {
      alarmDescription: 'The HTTP API took more than 5 s at the 95th percentile for 15 minutes',
      metric: latency,
      threshold: 5000,
      evaluationPeriods: 3,
    });
    this.dashboard.addWidgets(
      graph('API requests, 4xx, 5xx', [api.metricCount({ statistic: 'Sum' }), api.metricClientError({ statistic: 'Sum' }), serverErrors]),
      graph('API latency p50 / p95 (ms)', [api.metricLatency({ statistic: 'p50' }), latency]),
    );
  }

  /** Throttled requests and system errors of the table, over the operations the functions use. */
  public table(table: ITable): void {
    const operations = [Operation.GET_ITEM, Operation.BATCH_GET_ITEM, Operation.QUERY, Operation.PUT_ITEM, Operation.UPDATE_ITEM, Operation.DELETE_ITEM, Operation.TRANSACT_WRITE_ITEMS];
    const throttled = table.metricThrottledRequestsForOperations({ operations, period: Duration.minutes(5) });
    const systemErrors = table.metricSystemErrorsForOperations({ operations, period: Duration.minutes(5) });
    this.alarm('TableThrottlesAlarm', { alarmDescription: 'DynamoDB throttled requests of the table', metric: throttled });
    this.alarm('TableSystemErrorsAlarm', { alarmDescription: 'DynamoDB answered the table with system errors (500)', metric: systemErrors });
    // One graph each: both expressions name their per-operation metrics alike.
    this.dashboard.addWidgets(graph('Table: throttled requests', [throttled]), graph('Table: system errors', [systemErrors]));
  }

  /** EventBridge Scheduler could not invoke a target (the period close, the upload sweep) or dropped an invocation. */
  public scheduler(): void {
    const schedulerMetric = (metricName: string) =>
      new Metric({ namespace: 'AWS/Scheduler', metricName, dimensionsMap: { ScheduleGroup: 'default' }, period: Duration.minutes(5), statistic: 'Sum' });
    this.alarm('SchedulerTargetErrorsAlarm', { alarmDescription: 'EventBridge Scheduler failed to invoke a schedule target', metric: schedulerMetric('TargetErrorCount') });
    this.alarm('SchedulerDroppedAlarm', { alarmDescription: 'EventBridge Scheduler dropped an invocation after its retries', metric: schedulerMetric('InvocationDroppedCount') });
  }

  /** SES reputation: AWS reviews an account above 5 % bounces or 0.1 % complaints; these alarm at half of that. */
  public mail(): void {
    const reputation = (metricName: string) => new Metric({ namespace: 'AWS/SES', metricName, period: Duration.hours(1), statistic: 'Maximum' });
    const bounceRate = reputation('Reputation.BounceRate');
    const complaintRate = reputation('Reputation.ComplaintRate');
    this.alarm('MailBounceRateAlarm', { alarmDescription: 'SES bounce rate above 2.5 %: check the recipient addresses of the profiles', metric: bounceRate, threshold: 0.025 });
    this.alarm('MailComplaintRateAlarm', { alarmDescription: 'SES complaint rate above 0.05 %', metric: complaintRate, threshold: 0.0005 });
    this.dashboard.addWidgets(graph('SES bounce and complaint rates', [bounceRate, complaintRate]));
  }

  /**
   * "The period close did not complete": on a day a closing run started (the 15th), no run of it ended with
   * every report rendered and mailed. (A close that never started is the scheduler's alarms and the DLQ's.)
   */
  public periodClose(): void {
    const started = businessMetric('PeriodCloseStarted', Duration.days(1));
    const completed = businessMetric('PeriodCloseCompleted', Duration.days(1));
    this.alarm('PeriodCloseIncompleteAlarm', {
      alarmDescription: 'The period close of the 15th did not complete: see the close-period logs and its dead-letter queue, then invoke it again',
      metric: new MathExpression({
        expression: 'IF(FILL(started, 0) > 0 AND FILL(completed, 0) == 0, 1, 0)',
        usingMetrics: { started, completed },
        period: Duration.days(1),
        label: 'close started, not completed',
      }),
    });
  }

  /** The business metrics of the use cases (Powertools Metrics), one graph per concern. */
  public businessMetrics(): void {
    const graphOf = (title: string, names: MetricName[]) => graph(title, names.map((name) => businessMetric(name, Duration.hours(1))));
    this.dashboard.addWidgets(
      graphOf('Events: applied, duplicate, retried, parked', ['EventsApplied', 'EventsDuplicate', 'EventsRetried', 'EventsParked']),
      graphOf('Reports rendered; mails sent, failed, bounced, complained', ['ReportsRendered', 'MailsSent', 'MailsFailed', 'MailsBounced', 'MailsComplained']),
      graphOf('Period close: started, completed', ['PeriodCloseStarted', 'PeriodCloseCompleted']),
    );
  }

  /**
   * Alarms on the errors, throttles and near-timeout durations of every CchcFunction under the scope (the
   * whole stack): the one place these alarms are made, so a function added anywhere gets them. Call it once
   * every function exists; a function created later fails the synth.
   */
  public functions(scope: IConstruct): void {
    const functionsIn = () => scope.node.findAll().filter((node): node is CchcFunction => node instanceof CchcFunction);
    const alarmed = new Set(functionsIn());
    for (const fn of alarmed) {
      const name = fn.shortName;
      this.alarm(`${fn.node.id}ErrorsAlarm`, { alarmDescription: `The ${name} function failed`, metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }) });
      this.alarm(`${fn.node.id}ThrottlesAlarm`, {
        alarmDescription: `The ${name} function was throttled: its reserved concurrency is used up`,
        metric: fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }),
      });
      this.alarm(`${fn.node.id}DurationAlarm`, {
        alarmDescription: `The ${name} function ran longer than ${NEAR_TIMEOUT * 100} % of its timeout`,
        metric: fn.metricDuration({ period: Duration.minutes(5), statistic: 'Maximum' }),
        threshold: Math.round(fn.timeout!.toMilliseconds() * NEAR_TIMEOUT),
      });
    }
    const all = [...alarmed];
    this.dashboard.addWidgets(
      graph('Function errors', all.map((fn) => fn.metricErrors({ statistic: 'Sum', label: fn.shortName }))),
      graph('Function throttles', all.map((fn) => fn.metricThrottles({ statistic: 'Sum', label: fn.shortName }))),
      graph('Function duration, maximum (ms)', all.map((fn) => fn.metricDuration({ statistic: 'Maximum', label: fn.shortName }))),
    );
    this.node.addValidation({
      validate: () =>
        functionsIn()
          .filter((fn) => !alarmed.has(fn))
          .map((fn) => `${fn.node.path} has no alarms: it was created after Alarms.functions`),
    });
  }

  /** An alarm on "more than threshold (default 0)" that notifies the topic; missing data is fine. */
  private alarm(id: string, props: Pick<AlarmProps, 'alarmDescription' | 'metric'> & { threshold?: number; evaluationPeriods?: number }): Alarm {
    const alarm = new Alarm(this, id, {
      threshold: 0,
      evaluationPeriods: 1,
      ...props,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.action);
    return alarm;
  }
}

function businessMetric(metricName: MetricName, period: Duration): Metric {
  return new Metric({ namespace: BUSINESS_NAMESPACE, metricName, dimensionsMap: SERVICE_DIMENSION, period, statistic: 'Sum' });
}

function graph(title: string, left: IMetric[], right: IMetric[] = []): GraphWidget {
  return new GraphWidget({ title, left, right, width: 12, height: 6 });
}
