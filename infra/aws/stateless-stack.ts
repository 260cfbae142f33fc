import {
  type CfnElement,
  CfnOutput,
  CrossStackReferences,
  ReferenceStrength,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import type { HttpApi, HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { Distribution } from 'aws-cdk-lib/aws-cloudfront';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { Alarms } from './alarms.ts';
import type { CchcFunction } from './cchc-function.ts';
import { logicalIdOutsideConcerns } from './concern.ts';
import { EventsPipeline } from './events-pipeline.ts';
import { MailEvents } from './mail-events.ts';
import { PeriodClose } from './period-close.ts';
import { Delivery } from './delivery.ts';
import { Province } from './province.ts';
import { Reports } from './reports.ts';
import type { StageConfig } from './stages.ts';
import type { StatefulStack } from './stateful-stack.ts';
import { StaffApi } from './staff-api.ts';
import { StaffConsole } from './staff-console.ts';
import { Uploads } from './uploads.ts';

export interface StatelessStackProps extends StackProps {
  readonly stateful: StatefulStack;
  /** The stage's values: the staff origin, the alarm recipient, the staff console's certificate among them. */
  readonly stage: StageConfig;
}

/**
 * The code: functions, HTTP API, events queue, schedule, alarms. Redeployable without touching data.
 * Composed of concerns (events pipeline, reports, uploads, period close, province, staff API, alarms), which
 * group the constructs but leave the logical IDs as if the resources were the stack's own children.
 */
export class StatelessStack extends Stack {
  public readonly api: HttpApi;
  public readonly apiStage: HttpStage;
  public readonly eventsQueue: Queue;
  public readonly eventsDeadLetterQueue: Queue;
  public readonly periodCloseDeadLetterQueue: Queue;
  public readonly uploadCheckDeadLetterQueue: Queue;
  public readonly alarms: Alarms;
  public readonly functions: Readonly<Record<FunctionName, CchcFunction>>;
  public readonly consoleDistribution: Distribution;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    // Producer-protecting exports: the stateful stack cannot drop a resource this stack still uses.
    CrossStackReferences.of(this).consume(ReferenceStrength.STRONG);
    const { stage } = props;
    const { table, reportsBucket, uploadsBucket, eventsHmacSecrets, userPool, userPoolClient, mailIdentity, mailFrom, mailConfigurationSet, mailEventsTopic } =
      props.stateful;
    const reportResources = { table, reportsBucket, mailIdentity, mailFrom, mailConfigurationSet };

    const events = new EventsPipeline(this, 'Events', { table, eventsSecrets: eventsHmacSecrets });
    const reports = new Reports(this, 'Reports', reportResources, props.stateful.signingKeys.map(({ key }) => key), uploadsBucket);
    const uploads = new Uploads(this, 'Uploads', { table, uploadsBucket });
    // A developer's stack mails nobody on the 15th, nor reminds anyone of a deadline.
    const periodClose = new PeriodClose(this, 'PeriodClose', { ...reportResources, scheduleEnabled: stage.production, userPool });
    const province = new Province(this, 'Province', { table });
    const delivery = new Delivery(
      this,
      'Delivery',
      reportResources,
      props.stateful.signingKeys.filter(({ leaderUserId }) => leaderUserId === undefined).map(({ key }) => key),
      String(this.node.tryGetContext('cchc:exchangeUrl') ?? ''),
    );
    reports.reports.bindQueue('deliveryQueueUrl', delivery.queue, 'send');
    periodClose.closePeriod.bindQueue('deliveryQueueUrl', delivery.queue, 'send');
    // The render workers share the report ports, which name the delivery queue; they queue nothing (no sqs:SendMessage).
    periodClose.closeRender.setConfig({ deliveryQueueUrl: delivery.queue.queueUrl });
    const mailEvents = new MailEvents(this, 'MailEvents', { table, topic: mailEventsTopic });
    const staffApi = new StaffApi(this, 'StaffApi', {
      userPool,
      userPoolClient,
      staffOrigin: stage.staffOrigin,
      stageName: stage.name,
      routeFunctions: {
        ingest: events.ingest,
        parked: events.parked,
        summary: reports.summary,
        profile: reports.profile,
        sections: reports.sections,
        reports: reports.reports,
        uploads: uploads.uploads,
        rollup: province.rollup,
        form06: province.form06,
        statuses: delivery.statuses,
      },
    });

    const staffConsole = new StaffConsole(this, 'StaffConsole', {
      apiUrl: staffApi.stage.url,
      userPoolId: userPool.userPoolId,
      clientId: userPoolClient.userPoolClientId,
      loginDomain: props.stateful.loginDomain.baseUrl(),
      staffOrigin: stage.staffOrigin,
      ...(stage.staffCertificateArn ? { certificate: Certificate.fromCertificateArn(this, 'StaffCertificate', stage.staffCertificateArn) } : {}),
    });
    this.consoleDistribution = staffConsole.distribution;

    const alarms = new Alarms(this, 'Alarms', { ...(stage.alarmEmail ? { alarmEmail: stage.alarmEmail } : {}) });
    alarms.deadLetterQueue('EventsDeadLetterAlarm', events.deadLetterQueue, 'The events dead-letter queue');
    alarms.deadLetterQueue('PeriodCloseDeadLetterAlarm', periodClose.deadLetterQueue, 'The period-close dead-letter queue');
    alarms.deadLetterQueue('CloseTasksDeadLetterAlarm', periodClose.tasksDeadLetterQueue, 'The close-task dead-letter queue (an agency whose report could not be rendered or mailed)');
    alarms.deadLetterQueue('DeliveryDeadLetterAlarm', delivery.deadLetterQueue, 'The delivery dead-letter queue (a report that could not be sent to a recipient: resend it from the console or wait for the daily run)');
    alarms.deadLetterQueue('UploadCheckDeadLetterAlarm', uploads.checkDeadLetterQueue, 'The upload-check dead-letter queue (the sweep checks those uploads again)');
    alarms.eventsQueue(events.queue, [events.deadLetterQueue, periodClose.deadLetterQueue, periodClose.tasksDeadLetterQueue, uploads.checkDeadLetterQueue]);
    alarms.api(staffApi.api);
    alarms.table(table);
    alarms.scheduler();
    alarms.mail();
    alarms.periodClose();
    alarms.businessMetrics();
    alarms.functions(this);
    this.alarms = alarms;

    this.api = staffApi.api;
    this.apiStage = staffApi.stage;
    this.eventsQueue = events.queue;
    this.eventsDeadLetterQueue = events.deadLetterQueue;
    this.periodCloseDeadLetterQueue = periodClose.deadLetterQueue;
    this.uploadCheckDeadLetterQueue = uploads.checkDeadLetterQueue;
    this.functions = {
      ingest: events.ingest,
      apply: events.apply,
      summary: reports.summary,
      profile: reports.profile,
      sections: reports.sections,
      reports: reports.reports,
      closePeriod: periodClose.closePeriod,
      closeRender: periodClose.closeRender,
      uploads: uploads.uploads,
      uploadCheck: uploads.uploadCheck,
      uploadSweep: uploads.uploadSweep,
      parked: events.parked,
      redrive: events.redrive,
      openapi: staffApi.openapi,
      rollup: province.rollup,
      form06: province.form06,
      mailEvents: mailEvents.mailEvents,
      deliver: delivery.deliver,
      statuses: delivery.statuses,
    };

    new CfnOutput(this, 'StaffConsoleUrl', { value: `https://${this.consoleDistribution.distributionDomainName}/`, description: "The staff console (point the staffOrigin's host here)" });
    new CfnOutput(this, 'ApiUrl', { value: this.apiStage.url, description: 'Base URL of the HTTP API' });
    // What an operator needs after a fix (docs/architecture.md, "Parked events and redrive").
    new CfnOutput(this, 'RedriveFunctionName', { value: events.redrive.functionName, description: 'aws lambda invoke it to re-apply the parked events' });
    new CfnOutput(this, 'EventsDeadLetterQueueUrl', { value: events.deadLetterQueue.queueUrl, description: 'Purge or move back once the redrive has applied its events' });
  }

  protected override allocateLogicalId(element: CfnElement): string {
    return logicalIdOutsideConcerns(this, element, (e) => super.allocateLogicalId(e));
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
  | 'closeRender'
  | 'uploads'
  | 'uploadCheck'
  | 'uploadSweep'
  | 'parked'
  | 'redrive'
  | 'openapi'
  | 'rollup'
  | 'form06'
  | 'mailEvents'
  | 'deliver'
  | 'statuses';
