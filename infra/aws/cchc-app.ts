import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { agencyId } from '#events/event.schema.ts';
import { StatefulStack } from './stateful-stack.ts';
import { StatelessStack } from './stateless-stack.ts';

export const defaultStaffOrigin = 'https://staff.example.gov.vn';
export const defaultMailFrom = 'cchc-report@example.gov.vn';
const defaultLoginDomainPrefix = 'cchc-report-staff';

export interface CchcStacks {
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
}

/**
 * Adds both stacks to the app and registers the cdk-nag AWS Solutions checks (cdk-nag v3 is a CDK
 * validation plugin: any unacknowledged finding fails the synth). Context: `staffOrigin`, `mailFrom`,
 * `loginDomainPrefix`, optional `alarmEmail`, `signingAgencies` and `staffCertificateArn` (ACM, us-east-1, for the staff origin's host). The stacks are environment-agnostic so synth needs no AWS credentials.
 */
export function addCchcStacks(app: App): CchcStacks {
  const staffOrigin = contextString(app, 'staffOrigin') ?? defaultStaffOrigin;
  const mailFrom = contextString(app, 'mailFrom') ?? defaultMailFrom;
  const alarmEmail = contextString(app, 'alarmEmail');
  const loginDomainPrefix = contextString(app, 'loginDomainPrefix') ?? defaultLoginDomainPrefix;
  const staffCertificateArn = contextString(app, 'staffCertificateArn');
  const signingAgencies = signingAgenciesOf(app);

  const stateful = new StatefulStack(app, 'CchcReportStateful', {
    description: 'CCHC report: table, buckets, events secret, staff user pool, mail identity, signing keys',
    staffOrigin,
    mailFrom,
    loginDomainPrefix,
    signingAgencies,
  });
  const stateless = new StatelessStack(app, 'CchcReportStateless', {
    description: 'CCHC report: functions, HTTP API, events queue, period-close schedule, alarms',
    stateful,
    staffOrigin,
    ...(alarmEmail ? { alarmEmail } : {}),
    ...(staffCertificateArn ? { staffCertificateArn } : {}),
  });

  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { stateful, stateless };
}

function contextString(app: App, key: string): string | undefined {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`context ${key} must be a string`);
  return value;
}

/**
 * The agencies that sign their reports, each with a KMS key: context `signingAgencies`, a comma-separated
 * list (`-c signingAgencies=SKHCN,SGDDT`) or a JSON array in cdk.json; none when absent.
 */
function signingAgenciesOf(app: App): string[] {
  const value: unknown = app.node.tryGetContext('signingAgencies');
  if (value === undefined || value === null || value === '') return [];
  const list = typeof value === 'string' ? value.split(',').map((id) => id.trim()) : value;
  if (!Array.isArray(list)) throw new Error('context signingAgencies must be a comma-separated string or a list');
  for (const id of list) {
    if (!agencyId.safeParse(id).success) throw new Error(`context signingAgencies: ${JSON.stringify(id)} is not an agency id (1–64 of A-Z a-z 0-9 _ -)`);
  }
  if (new Set(list).size !== list.length) throw new Error('context signingAgencies names an agency twice');
  return list as string[];
}
