// The deployment stages: what differs between a developer's stack and the province's production
// stack, typed and checked at synth so a missing value stops `cdk synth` naming it instead of
// deploying a placeholder.
import type { App } from 'aws-cdk-lib';
import { agencyId } from '#events/event.schema.ts';

export interface StageConfig {
  /** `dev`, `prod`, …: prefixes the stack names (and so their exports), tagged `Stage`. */
  readonly name: string;
  /** Production: alarm recipient required, schedules on, termination protection. */
  readonly production: boolean;
  /** The AWS account; unset outside production, where the stacks stay environment-agnostic. */
  readonly account?: string;
  readonly region: string;
  /** The staff console's origin (CORS of the API and the uploads bucket, Cognito callback and logout URLs). */
  readonly staffOrigin: string;
  /** The SES domain identity the reports and the staff invitations are mailed from (Easy DKIM, custom MAIL FROM). */
  readonly mailDomain: string;
  /** The sender address, at mailDomain. */
  readonly mailFrom: string;
  /** Who receives the alarms; required in production. */
  readonly alarmEmail?: string;
  /** The `DataClassification` tag on every resource. */
  readonly dataClassification: string;
  /**
   * Cognito mails staff (invitations, codes) through SES from mailDomain; Cognito refuses that while the
   * domain is not verified, so a first deploy before its DNS records are in passes `-c staffMailThroughSes=false`
   * (Cognito's own sender, 50 mails a day) and the next deploy turns it on (docs/deploy.md).
   */
  readonly staffMailThroughSes: boolean;
  /** The hosted login's prefix: https://<prefix>.auth.<region>.amazoncognito.com (unique in the region). */
  readonly loginDomainPrefix: string;
  /** ACM certificate (us-east-1) for the staff origin's host; without it the console is on CloudFront's domain. */
  readonly staffCertificateArn?: string;
  /**
   * The agencies that sign their issued reports, each with its own KMS key: `-c signingAgencies=SKHCN,SGDDT`,
   * or a list (a JSON array in cdk.json, at the top or in "cchc:<stage>"); none when absent.
   */
  readonly signingAgencies: readonly string[];
  /**
   * The leaders who sign with a personal key (CONTRACT §6), each with a KMS key of their own:
   * `-c signingLeaders=SKHCN:<Cognito sub>,SKHCN:<sub>` or a list of those strings; each leader's
   * agency must be a signing agency (its key issues what the leader signed). None when absent.
   */
  readonly signingLeaders: readonly { agencyId: string; userId: string }[];
}

/** The values a stage reads from the context (`-c key=value`, or the object `cchc:<stage>` in cdk.json). */
const SETTINGS = [
  'account',
  'region',
  'staffOrigin',
  'mailDomain',
  'mailFrom',
  'alarmEmail',
  'dataClassification',
  'staffMailThroughSes',
  'loginDomainPrefix',
  'staffCertificateArn',
] as const;
type Setting = (typeof SETTINGS)[number];

interface StageDefinition {
  readonly production: boolean;
  /** Values used when the context gives none. */
  readonly defaults: Partial<Record<Setting, string>>;
  /** Values the context must give. */
  readonly required: readonly Setting[];
}

/** Singapore: the nearest full AWS region to Vietnam (docs/deploy.md, data residency). */
const DEFAULT_REGION = 'ap-southeast-1';

const STAGES: Record<string, StageDefinition> = {
  dev: {
    production: false,
    defaults: {
      region: DEFAULT_REGION,
      staffOrigin: 'https://staff.example.gov.vn',
      mailDomain: 'example.gov.vn',
      dataClassification: 'internal',
      // example.gov.vn is never verified
      staffMailThroughSes: 'false',
      loginDomainPrefix: 'cchc-report-staff',
    },
    required: [],
  },
  prod: {
    production: true,
    // Aggregated figures and staff contact data of state agencies, not public (docs/deploy.md).
    defaults: { dataClassification: 'internal', staffMailThroughSes: 'true' },
    required: ['account', 'region', 'staffOrigin', 'mailDomain', 'alarmEmail', 'loginDomainPrefix'],
  },
};

/** The stage named by `-c stage=…` (default `dev`), its values checked. */
export function stageFromContext(app: App): StageConfig {
  const name = contextString(app, 'stage') ?? 'dev';
  const definition = STAGES[name];
  if (!definition) throw new Error(`Unknown stage ${name}: use one of ${Object.keys(STAGES).join(', ')} (-c stage=…)`);
  const kept: unknown = app.node.tryGetContext(`cchc:${name}`) ?? {};
  if (typeof kept !== 'object' || kept === null) throw new Error(`context cchc:${name} must be an object`);
  const value = (setting: Setting): string | undefined =>
    contextString(app, setting) ?? stringOf((kept as Record<string, unknown>)[setting], `cchc:${name}.${setting}`) ?? definition.defaults[setting];

  const missing = definition.required.filter((setting) => value(setting) === undefined);
  if (missing.length > 0) {
    throw new Error(
      `Stage ${name} needs ${missing.join(', ')}: pass ${missing.map((s) => `-c ${s}=…`).join(' ')} or set them in the cdk.json context object "cchc:${name}" (docs/deploy.md)`,
    );
  }
  const mailDomain = value('mailDomain')!;
  const mailFrom = value('mailFrom') ?? `bao-cao-cchc@${mailDomain}`;
  if (!mailFrom.endsWith(`@${mailDomain}`)) throw new Error(`mailFrom ${mailFrom} must be an address at the mail domain ${mailDomain}`);
  const staffOrigin = value('staffOrigin')!;
  if (!/^https:\/\/[^/]+$/.test(staffOrigin)) throw new Error(`staffOrigin ${staffOrigin} must be an https origin without a path`);
  const account = value('account');
  const alarmEmail = value('alarmEmail');
  const staffMailThroughSes = value('staffMailThroughSes');
  const loginDomainPrefix = value('loginDomainPrefix')!;
  if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(loginDomainPrefix) || /aws|amazon|cognito/.test(loginDomainPrefix)) {
    throw new Error(`loginDomainPrefix ${loginDomainPrefix} must be 1–63 of a-z 0-9 - (not starting or ending with -), without aws, amazon or cognito`);
  }
  const staffCertificateArn = value('staffCertificateArn');
  const signingAgencies = signingAgenciesOf(app.node.tryGetContext('signingAgencies') ?? (kept as Record<string, unknown>).signingAgencies);
  const signingLeaders = signingLeadersOf(app.node.tryGetContext('signingLeaders') ?? (kept as Record<string, unknown>).signingLeaders, signingAgencies);
  if (staffMailThroughSes !== 'true' && staffMailThroughSes !== 'false') throw new Error(`staffMailThroughSes must be true or false, not ${staffMailThroughSes}`);
  return {
    name,
    production: definition.production,
    ...(account ? { account } : {}),
    region: value('region')!,
    staffOrigin,
    mailDomain,
    mailFrom,
    ...(alarmEmail ? { alarmEmail } : {}),
    dataClassification: value('dataClassification')!,
    staffMailThroughSes: staffMailThroughSes === 'true',
    loginDomainPrefix,
    ...(staffCertificateArn ? { staffCertificateArn } : {}),
    signingAgencies,
    signingLeaders,
  };
}

/** The agencies that sign: a comma-separated string or a list of agency ids, each once; none when absent. */
function signingAgenciesOf(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  const list: unknown = typeof value === 'string' ? value.split(',').map((id) => id.trim()) : value;
  if (!Array.isArray(list)) throw new Error('context signingAgencies must be a comma-separated string or a list');
  for (const id of list) {
    if (!agencyId.safeParse(id).success) throw new Error(`context signingAgencies: ${JSON.stringify(id)} is not an agency id (1–64 of A-Z a-z 0-9 _ -)`);
  }
  if (new Set(list).size !== list.length) throw new Error('context signingAgencies names an agency twice');
  return list as string[];
}

/** The leaders who sign: `AGENCY:userId` entries (a comma-separated string or a list), each once, each of a signing agency. */
function signingLeadersOf(value: unknown, agencies: readonly string[]): { agencyId: string; userId: string }[] {
  if (value === undefined || value === null || value === '') return [];
  const list: unknown = typeof value === 'string' ? value.split(',').map((entry) => entry.trim()) : value;
  if (!Array.isArray(list)) throw new Error('context signingLeaders must be a comma-separated string or a list of AGENCY:userId');
  const leaders = list.map((entry: unknown) => {
    const [agency, userId, ...rest] = String(entry).split(':');
    // The user id ends up in a KMS alias: letters, digits, _ and - only (a Cognito sub is a UUID).
    if (rest.length > 0 || !agency || !userId || !/^[A-Za-z0-9_-]{1,128}$/.test(userId)) {
      throw new Error(`context signingLeaders: ${JSON.stringify(entry)} is not AGENCY:userId (the user id of letters, digits, _ or -)`);
    }
    if (!agencies.includes(agency)) throw new Error(`context signingLeaders: ${JSON.stringify(entry)} names ${agency}, which is not in signingAgencies`);
    return { agencyId: agency, userId };
  });
  if (new Set(leaders.map((l) => `${l.agencyId}:${l.userId}`)).size !== leaders.length) throw new Error('context signingLeaders names a leader twice');
  return leaders;
}

function contextString(app: App, key: string): string | undefined {
  return stringOf(app.node.tryGetContext(key), `context ${key}`);
}

function stringOf(value: unknown, what: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`${what} must be a string`);
  return value;
}
