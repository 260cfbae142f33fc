import {
  CfnOutput,
  CrossStackReferences,
  Duration,
  ReferenceStrength,
  RemovalPolicy,
  Stack,
  type StackProps,
  TimeZone,
  Validations,
} from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Bucket, EventType } from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption, type IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { APPLY_BATCH_SIZE, MAX_RECEIVES } from '#functions/apply/apply-batch.ts';
import { API_ROUTES, type ApiFunction } from '#functions/api-routes.ts';
import { CchcFunction } from './cchc-function.ts';
import { type StatefulStack, uploadPrefixes } from './stateful-stack.ts';

export interface StatelessStackProps extends StackProps {
  readonly stateful: StatefulStack;
  /** Origin of the staff web app, allowed by the API's CORS. */
  readonly staffOrigin: string;
  /** Optional address that receives the alarm notifications. */
  readonly alarmEmail?: string;
}

/** Period close: 07:00 Vietnam time on the 15th of March, June, September and December. */
export const periodCloseCron = 'cron(0 7 15 3,6,9,12 ? *)';

const applyTimeout = Duration.seconds(30);
const applyBatchingWindow = Duration.seconds(1);
const reportTimeout = Duration.seconds(60);
const redriveTimeout = Duration.minutes(5);

/** The code: functions, HTTP API, events queue, schedule, alarms. Redeployable without touching data. */
export class StatelessStack extends Stack {
  public readonly api: HttpApi;
  public readonly apiStage: HttpStage;
  public readonly eventsQueue: Queue;
  public readonly eventsDeadLetterQueue: Queue;
  public readonly periodCloseDeadLetterQueue: Queue;
  public readonly functions: Readonly<Record<FunctionName, CchcFunction>>;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    // Producer-protecting exports: the stateful stack cannot drop a resource this stack still uses.
    CrossStackReferences.of(this).consume(ReferenceStrength.STRONG);
    const { table, reportsBucket, uploadsBucket, eventsHmacSecret, userPool, userPoolClient, mailIdentity, mailFrom } =
      props.stateful;

    // --- events queue -------------------------------------------------------------------------------
    this.eventsDeadLetterQueue = new Queue(this, 'EventsDeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.eventsQueue = new Queue(this, 'EventsQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS guidance for Lambda consumers: at least six times the function timeout, plus the batching window.
      visibilityTimeout: Duration.seconds(6 * applyTimeout.toSeconds() + applyBatchingWindow.toSeconds()),
      // apply parks an event on its last delivery, so it must know this count.
      deadLetterQueue: { queue: this.eventsDeadLetterQueue, maxReceiveCount: MAX_RECEIVES },
    });

    // Failed period-close runs land here: the schedule's own delivery failures and the function's
    // asynchronous-invocation failures alike.
    this.periodCloseDeadLetterQueue = new Queue(this, 'PeriodCloseDeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.periodCloseDeadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself a dead-letter queue (of the EventBridge Scheduler target and of the close-period async invocations), not a work queue.',
    });

    // --- functions ----------------------------------------------------------------------------------
    const functions = {
      ingest: new CchcFunction(this, 'IngestFunction', {
        entry: 'functions/ingest/ingest.handler.ts',
        description: 'POST /v1/events: checks the HMAC signature and the events, then queues them',
      }),
      apply: new CchcFunction(this, 'ApplyFunction', {
        entry: 'functions/apply/apply.handler.ts',
        description: 'Applies queued events to the table',
        timeout: applyTimeout,
      }),
      summary: new CchcFunction(this, 'SummaryFunction', {
        entry: 'functions/summary/summary.handler.ts',
        description: 'GET the figures of a period',
      }),
      profile: new CchcFunction(this, 'ProfileFunction', {
        entry: 'functions/profile/profile.handler.ts',
        description: 'GET and PUT the agency profile',
      }),
      sections: new CchcFunction(this, 'SectionsFunction', {
        entry: 'functions/sections/sections.handler.ts',
        description: 'PUT the narrative text of a report section',
      }),
      reports: new CchcFunction(this, 'ReportsFunction', {
        entry: 'functions/reports/reports.handler.ts',
        description: 'Renders a report on demand and lists the rendered versions',
        memorySize: 1024,
        timeout: reportTimeout,
        reportFonts: true,
      }),
      closePeriod: new CchcFunction(this, 'ClosePeriodFunction', {
        entry: 'functions/close-period/close-period.handler.ts',
        description: 'At period close renders and mails the report of every agency',
        memorySize: 1024,
        timeout: reportTimeout,
        reportFonts: true,
      }),
      uploads: new CchcFunction(this, 'UploadsFunction', {
        entry: 'functions/uploads/uploads.handler.ts',
        description: 'Hands out presigned upload forms and tells the state of an upload',
      }),
      uploadCheck: new CchcFunction(this, 'UploadCheckFunction', {
        entry: 'functions/upload-check/upload-check.handler.ts',
        description: 'Checks an uploaded file and accepts it into attachments/ or quarantines it',
        timeout: Duration.seconds(30),
      }),
      parked: new CchcFunction(this, 'ParkedFunction', {
        entry: 'functions/parked/parked.handler.ts',
        description: 'GET the events of an agency that could not be applied after their retries',
      }),
      redrive: new CchcFunction(this, 'RedriveFunction', {
        entry: 'functions/redrive/redrive.handler.ts',
        description: 'Invoked by an operator after a fix: applies the parked events again',
        timeout: redriveTimeout,
      }),
    } satisfies Record<string, CchcFunction>;
    this.functions = functions;

    // --- settings, least-privilege grants and their acknowledgements (HELPERS-INTERFACES.md, "needs") --
    // ingest's handler reads no table; its TABLE_NAME is kept so that this change leaves the templates as they were.
    functions.ingest.setConfig({ tableName: table.tableName });
    functions.ingest.bindQueue('eventsQueueUrl', this.eventsQueue, 'send').bindSecret('eventsSecretArn', eventsHmacSecret);
    functions.apply.bindTable(table, 'readWrite');
    functions.summary.bindTable(table, 'read');
    functions.profile.bindTable(table, 'readWrite');
    functions.sections.bindTable(table, 'readWrite');
    for (const fn of [functions.reports, functions.closePeriod]) {
      fn.bindTable(table, 'readWrite')
        .bindBucket('reportsBucket', reportsBucket, [
          { access: 'readWrite', keys: 'Reports are stored under keys chosen per agency, period and version in a bucket that holds only reports.' },
        ])
        .bindMailFrom(mailIdentity, mailFrom);
    }
    const perUpload = 'the object key is chosen per upload.';
    // The presigned POST is signed with the function's own credentials, so it may put under incoming/ only.
    functions.uploads
      .bindTable(table, 'readWrite')
      .bindBucket('uploadsBucket', uploadsBucket, [{ access: 'put', prefix: uploadPrefixes.incoming, keys: perUpload }]);
    functions.uploadCheck.bindTable(table, 'readWrite').bindBucket('uploadsBucket', uploadsBucket, [
      { access: 'read', prefix: uploadPrefixes.incoming, keys: perUpload },
      { access: 'delete', prefix: uploadPrefixes.incoming, keys: perUpload },
      { access: 'put', prefix: uploadPrefixes.attachments, keys: perUpload },
      { access: 'put', prefix: uploadPrefixes.quarantine, keys: perUpload },
    ]);
    functions.parked.bindTable(table, 'read');
    functions.redrive.bindTable(table, 'readWrite');

    // --- triggers -----------------------------------------------------------------------------------
    functions.apply.addEventSource(
      new SqsEventSource(this.eventsQueue, {
        batchSize: APPLY_BATCH_SIZE,
        maxBatchingWindow: applyBatchingWindow,
        reportBatchItemFailures: true,
      }),
    );

    // The notification is attached through a reference owned by this stack: attached to the bucket
    // object of the stateful stack it would make that stack depend on this one (a cycle).
    const uploadsBucketRef = Bucket.fromBucketAttributes(this, 'UploadsBucketRef', {
      bucketArn: uploadsBucket.bucketArn,
      bucketName: uploadsBucket.bucketName,
    });
    uploadsBucketRef.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(functions.uploadCheck), {
      prefix: uploadPrefixes.incoming,
    });
    this.acknowledgeBucketNotificationsHandler();

    functions.closePeriod.configureAsyncInvoke({
      onFailure: new SqsDestination(this.periodCloseDeadLetterQueue),
      retryAttempts: 2,
    });
    new Schedule(this, 'PeriodCloseSchedule', {
      description: 'Closes the reporting period and sends the reports (Decree 09/2019 cut-off: the 14th)',
      schedule: ScheduleExpression.expression(periodCloseCron, TimeZone.ASIA_HO_CHI_MINH),
      target: new LambdaInvoke(functions.closePeriod, {
        input: ScheduleTargetInput.fromObject({ scheduledTime: ContextAttribute.scheduledTime }),
        retryAttempts: 3,
        maxEventAge: Duration.hours(1),
        deadLetterQueue: this.periodCloseDeadLetterQueue,
      }),
    });

    const schedulerRole = this.node.children.find((child) => child.node.id.startsWith('SchedulerRoleForTarget'));
    if (!schedulerRole) throw new Error('the period-close schedule role was not found');
    Validations.of(schedulerRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(functions.closePeriod.node.defaultChild as CfnFunction)}.Arn>:*]`,
      reason: 'The LambdaInvoke schedule target may invoke the close-period function and its versions; it can invoke nothing else.',
    });

    // --- HTTP API -----------------------------------------------------------------------------------
    const staffAuthorizer = new HttpUserPoolAuthorizer('StaffAuthorizer', userPool, {
      userPoolClients: [userPoolClient],
    });
    this.api = new HttpApi(this, 'Api', {
      apiName: 'cchc-report',
      description: 'CCHC report API v1',
      createDefaultStage: false,
      // Every route needs a staff token unless it says otherwise (only POST /v1/events does).
      defaultAuthorizer: staffAuthorizer,
      corsPreflight: {
        allowOrigins: [props.staffOrigin],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT],
        allowHeaders: ['authorization', 'content-type'],
        maxAge: Duration.hours(1),
      },
    });
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.apiStage = new HttpStage(this, 'ApiDefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });

    new CfnOutput(this, 'ApiUrl', { value: this.apiStage.url, description: 'Base URL of the HTTP API' });
    // What an operator needs after a fix (README, "Parked events and redrive").
    new CfnOutput(this, 'RedriveFunctionName', { value: functions.redrive.functionName, description: 'aws lambda invoke it to re-apply the parked events' });
    new CfnOutput(this, 'EventsDeadLetterQueueUrl', { value: this.eventsDeadLetterQueue.queueUrl, description: 'Purge or move back once the redrive has applied its events' });

    const integrations = new Map<ApiFunction, HttpLambdaIntegration>();
    for (const route of API_ROUTES) {
      let integration = integrations.get(route.function);
      if (!integration) {
        const name = route.function[0]!.toUpperCase() + route.function.slice(1);
        integrations.set(route.function, (integration = new HttpLambdaIntegration(`${name}Integration`, functions[route.function])));
      }
      const added = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration,
        // Staff routes keep the API's default JWT authorizer.
        ...(route.staff ? {} : { authorizer: new HttpNoneAuthorizer() }),
      });
      if (route.staff) continue;
      for (const machineRoute of added) {
        Validations.of(machineRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            'POST /v1/events is called by the one-stop-shop and e-office systems, not staff; each request is authenticated by its HMAC-SHA256 signature and timestamp in the handler.',
        });
      }
    }

    // --- alarms -------------------------------------------------------------------------------------
    const alarmTopic = this.alarmTopic(props.alarmEmail);
    const alarmAction = new SnsAction(alarmTopic);
    const deadLetterAlarm = (alarmId: string, queue: IQueue, what: string) =>
      new Alarm(this, alarmId, {
        alarmDescription: `${what} has messages: look at them and redrive or discard`,
        metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(alarmAction);
    deadLetterAlarm('EventsDeadLetterAlarm', this.eventsDeadLetterQueue, 'The events dead-letter queue');
    deadLetterAlarm('PeriodCloseDeadLetterAlarm', this.periodCloseDeadLetterQueue, 'The period-close dead-letter queue');
    for (const [name, fn] of Object.entries(functions)) {
      new Alarm(this, `${fn.node.id}ErrorsAlarm`, {
        alarmDescription: `The ${name} function failed`,
        metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(alarmAction);
    }
  }

  private alarmTopic(alarmEmail: string | undefined): Topic {
    // A customer-managed key: CloudWatch cannot publish to a topic encrypted with the AWS-managed SNS key.
    const key = new Key(this, 'AlarmTopicKey', {
      enableKeyRotation: true,
      description: 'Encrypts the alarm notifications topic',
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    const topic = new Topic(this, 'AlarmTopic', { masterKey: key, enforceSSL: true });
    if (alarmEmail) topic.addSubscription(new EmailSubscription(alarmEmail));
    return topic;
  }

  /** The singleton function CDK adds to put the bucket notification configuration. */
  private acknowledgeBucketNotificationsHandler(): void {
    const handler = this.node.children.find((child) => child.node.id.startsWith('BucketNotificationsHandler'));
    if (!handler) throw new Error('BucketNotificationsHandler not found');
    Validations.of(handler).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'CDK-provided deployment-time handler that writes the bucket notification configuration; its role is not ours to shape.',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'CDK-provided handler: s3:PutBucketNotification is granted on * by aws-cdk-lib and runs only at deployment.',
      },
    );
  }
}

export type FunctionName =
  | 'ingest'
  | 'apply'
  | 'summary'
  | 'profile'
  | 'sections'
  | 'reports'
  | 'closePeriod'
  | 'uploads'
  | 'uploadCheck'
  | 'parked'
  | 'redrive';
