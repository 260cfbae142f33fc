import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IEmailIdentity } from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import { CchcFunction, type CchcFunctionProps } from './cchc-function.ts';
import { Concern } from './concern.ts';

/** What rendering and mailing a report takes (the reports function and the period close). */
export interface ReportResources {
  readonly table: ITable;
  readonly reportsBucket: IBucket;
  readonly mailIdentity: IEmailIdentity;
  /** The address of the mail identity. */
  readonly mailFrom: string;
}

const reportTimeout = Duration.seconds(60);

/** A function that renders reports: the fonts in its bundle, memory and time for the PDF, the report resources bound. */
export function reportFunction(
  scope: Construct,
  id: string,
  props: Pick<CchcFunctionProps, 'entry' | 'description' | 'timeout' | 'reservedConcurrency'>,
  resources: ReportResources,
): CchcFunction {
  return new CchcFunction(scope, id, { timeout: reportTimeout, ...props, memorySize: 1024, reportFonts: true })
    .bindTable(resources.table, 'readWrite')
    .bindBucket('reportsBucket', resources.reportsBucket, [
      { access: 'readWrite', keys: 'Reports are stored under keys chosen per agency, period and version in a bucket that holds only reports.' },
    ])
    .bindMailFrom(resources.mailIdentity, resources.mailFrom);
}

/** What staff see and write of a report: the period's figures, the agency profile, the narrative sections, the rendered versions. */
export class Reports extends Concern {
  /** GET …/periods/{periodId}/summary. */
  public readonly summary: CchcFunction;
  /** GET and PUT /v1/agencies/{agencyId}. */
  public readonly profile: CchcFunction;
  /** PUT …/sections/{sectionKey}. */
  public readonly sections: CchcFunction;
  /** POST and GET …/periods/{periodId}/reports, and issuing: the one function that may sign with the agencies' keys. */
  public readonly reports: CchcFunction;

  constructor(scope: Construct, id: string, resources: ReportResources, signingKeys: readonly IKey[]) {
    super(scope, id);
    const { table } = resources;

    this.summary = new CchcFunction(this, 'SummaryFunction', {
      entry: 'functions/summary/summary.handler.ts',
      description: 'GET the figures of a period',
    }).bindTable(table, 'read');
    this.profile = new CchcFunction(this, 'ProfileFunction', {
      entry: 'functions/profile/profile.handler.ts',
      description: 'GET and PUT the agency profile',
    }).bindTable(table, 'readWrite');
    this.sections = new CchcFunction(this, 'SectionsFunction', {
      entry: 'functions/sections/sections.handler.ts',
      description: 'PUT the narrative text of a report section',
    }).bindTable(table, 'readWrite');
    this.reports = reportFunction(
      this,
      'ReportsFunction',
      {
        entry: 'functions/reports/reports.handler.ts',
        description: 'Renders a report on demand and lists the rendered versions',
      },
      resources,
    ).bindSigningKeys(signingKeys);
  }
}
