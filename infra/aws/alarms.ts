import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Alarm, type AlarmProps, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct, IConstruct } from 'constructs';
import { CchcFunction } from './cchc-function.ts';
import { Concern } from './concern.ts';

export interface AlarmsProps {
  /** Optional address that receives the alarm notifications. */
  readonly alarmEmail?: string;
}

/** The alarms and the encrypted topic they notify. */
export class Alarms extends Concern {
  public readonly topic: Topic;
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    // A customer-managed key: CloudWatch cannot publish to a topic encrypted with the AWS-managed SNS key.
    const key = new Key(this, 'AlarmTopicKey', {
      enableKeyRotation: true,
      description: 'Encrypts the alarm notifications topic',
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new Topic(this, 'AlarmTopic', { masterKey: key, enforceSSL: true });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    this.action = new SnsAction(this.topic);
  }

  /** Alarms as soon as a dead-letter queue holds a message. */
  public deadLetterQueue(id: string, queue: IQueue, what: string): Alarm {
    return this.alarm(id, {
      alarmDescription: `${what} has messages: look at them and redrive or discard`,
      metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
    });
  }

  /**
   * Alarms on the errors of every CchcFunction under the scope (the whole stack): the one place these
   * alarms are made, so a function added anywhere gets one. Call it once every function exists; a
   * function created later fails the synth.
   */
  public functionErrors(scope: IConstruct): void {
    const functionsIn = () => scope.node.findAll().filter((node): node is CchcFunction => node instanceof CchcFunction);
    const alarmed = new Set(functionsIn());
    for (const fn of alarmed) {
      this.alarm(`${fn.node.id}ErrorsAlarm`, {
        alarmDescription: `The ${fn.shortName} function failed`,
        metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      });
    }
    this.node.addValidation({
      validate: () =>
        functionsIn()
          .filter((fn) => !alarmed.has(fn))
          .map((fn) => `${fn.node.path} has no errors alarm: it was created after Alarms.functionErrors`),
    });
  }

  private alarm(id: string, props: Pick<AlarmProps, 'alarmDescription' | 'metric'>): Alarm {
    const alarm = new Alarm(this, id, {
      ...props,
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.action);
    return alarm;
  }
}
