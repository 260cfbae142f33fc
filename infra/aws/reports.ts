import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IConfigurationSet, IEmailIdentity } from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import { type BucketGrant, CchcFunction, type TableAction } from './cchc-function.ts';
import { Concern } from './concern.ts';
import { RESERVED_CONCURRENCY } from './concurrency.ts';

/** What rendering and mailing a report takes (the reports function and the period close). */
export interface ReportResources {
  readonly table: ITable;
  readonly reportsBucket: IBucket;
  readonly mailIdentity: IEmailIdentity;
  /** The address of the mail identity. */
  readonly mailFrom: string;
  readonly mailConfigurationSet: IConfigurationSet;
}

/**
 * What rendering and delivering takes of the table: profiles, sections, versions, deliveries and the
 * period's uploads (report-store, uploads; Query on gsi1 for the uploads and the profiles list), the
 * figures (Query). Never a delete: versions and deliveries are history.
 */
const reportTableActions: TableAction[] = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];

/**
 * A function that renders reports: the fonts in its bundle, memory for the PDF, the report resources bound.
 * Of the reports bucket it may put and get objects under reports/ and nothing else: no version deletes, no
 * retention or legal-hold changes (the bucket's Object Lock keeps every version).
 */
export function reportFunction(
  scope: Construct,
  id: string,
  props: {
    readonly entry: string;
    readonly description: string;
    readonly timeout: Duration;
    readonly reservedConcurrency: number;
    /** Table calls besides reportTableActions (the close's office notices release a claim with DeleteItem). */
    readonly moreTableActions?: readonly TableAction[];
    /** Reports-bucket grants besides reports/ (the reports function reads the signing certificates). */
    readonly moreBucketGrants?: readonly BucketGrant[];
    /** false: the function mails nothing (the issue queues its deliveries, the worker mails): the sender is named, SendEmail not granted */
    readonly mails?: boolean;
  },
  resources: ReportResources,
): CchcFunction {
  const { moreTableActions = [], moreBucketGrants = [], mails = true, ...functionProps } = props;
  const fn = new CchcFunction(scope, id, { ...functionProps, memorySize: 1024, reportFonts: true })
    .bindTable(resources.table, [...reportTableActions, ...moreTableActions], { index: 'gsi1' })
    .bindBucket('reportsBucket', resources.reportsBucket, [
      {
        actions: ['s3:PutObject', 's3:GetObject'],
        prefix: 'reports/',
        keys: 'report files are stored under keys chosen per agency, period and version.',
      },
      ...moreBucketGrants,
    ]);
  return mails ? fn.bindMailFrom(resources.mailIdentity, resources.mailFrom, resources.mailConfigurationSet) : fn.setConfig({ mailFrom: resources.mailFrom, mailConfigurationSet: resources.mailConfigurationSet.configurationSetName });
}

/**
 * How long a function behind the HTTP API may run: well under the 30 s the API waits, so a slow call is
 * the function's own timeout (an error in its logs and alarm), never a 503 while it goes on working.
 */
export const API_FUNCTION_TIMEOUT = Duration.seconds(10);
/** Rendering on request (a render, a few mails) within the API's wait, with room to spare. */
const REPORTS_TIMEOUT = Duration.seconds(20);

/** What staff see and write of a report: the period's figures, the agency profile, the narrative sections, the rendered versions. */
export class Reports extends Concern {
  /** GET …/periods/{periodId}/summary. */
  public readonly summary: CchcFunction;
  /** GET and PUT /v1/agencies/{agencyId}. */
  public readonly profile: CchcFunction;
  /** GET …/sections and PUT …/sections/{sectionKey}. */
  public readonly sections: CchcFunction;
  /** POST and GET …/periods/{periodId}/reports, signing and issuing: the one function that may sign with the leaders' and agencies' keys. */
  public readonly reports: CchcFunction;

  /** `uploadsBucket`: signing reads the signature and seal images, accepted uploads under attachments/. */
  constructor(scope: Construct, id: string, resources: ReportResources, signingKeys: readonly IKey[], uploadsBucket: IBucket) {
    super(scope, id);
    const { table } = resources;

    this.summary = new CchcFunction(this, 'SummaryFunction', {
      entry: 'functions/summary/summary.handler.ts',
      description: 'GET the figures of a period',
      timeout: API_FUNCTION_TIMEOUT,
      reservedConcurrency: RESERVED_CONCURRENCY.summary,
    }).bindTable(table, ['dynamodb:Query']);
    this.profile = new CchcFunction(this, 'ProfileFunction', {
      entry: 'functions/profile/profile.handler.ts',
      description: 'GET and PUT the agency profile',
      timeout: API_FUNCTION_TIMEOUT,
      reservedConcurrency: RESERVED_CONCURRENCY.profile,
    }).bindTable(table, ['dynamodb:GetItem', 'dynamodb:PutItem']);
    this.sections = new CchcFunction(this, 'SectionsFunction', {
      entry: 'functions/sections/sections.handler.ts',
      description: 'GET the narrative sections of a report, PUT the text of one',
      timeout: API_FUNCTION_TIMEOUT,
      reservedConcurrency: RESERVED_CONCURRENCY.sections,
    }).bindTable(table, ['dynamodb:Query', 'dynamodb:PutItem']);
    this.reports = reportFunction(
      this,
      'ReportsFunction',
      {
        entry: 'functions/reports/reports.handler.ts',
        description: 'Renders a report on demand, lists the rendered versions, signs and issues them',
        timeout: REPORTS_TIMEOUT,
        reservedConcurrency: RESERVED_CONCURRENCY.reports,
        // Signing and issuing sign with the leader's and the agency's KMS keys and their certificates, signing/<agency>/[leaders/<user>/]certificate.pem.
        moreBucketGrants: [{ actions: ['s3:GetObject'], prefix: 'signing/', keys: "each signing agency's and leader's certificate is read from signing/<agency>/[leaders/<user>/]certificate.pem." }],
        // The issue queues its deliveries (sqs:SendMessage on the delivery queue, bound by the stack); the worker mails.
        mails: false,
      },
      resources,
    )
      .bindSigningKeys(signingKeys)
      .bindBucket('uploadsBucket', uploadsBucket, [
        { actions: ['s3:GetObject'], prefix: 'attachments/', keys: "the signing images are accepted uploads under attachments/<agency>/<uploadId>/, named in the agency's profile." },
      ]);
  }
}
