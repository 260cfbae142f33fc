import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  ClientAttributes,
  OAuthScope,
  type UserPoolDomain,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import { ROLE_GROUPS } from '#adapters/http.ts';
import { signingKeyAlias } from '#adapters/kms-signer.ts';

export interface StatefulStackProps extends StackProps {
  /** The staff web app's origin: the only origin that may POST uploads straight to the bucket. */
  readonly staffOrigin: string;
  /** The address reports are mailed from (SES identity). */
  readonly mailFrom: string;
  /** The hosted login's prefix: https://<prefix>.auth.<region>.amazoncognito.com (unique in the region). */
  readonly loginDomainPrefix: string;
  /** The agencies that sign their issued reports, each with its own KMS key. */
  readonly signingAgencies: readonly string[];
}

/** An agency's signing key. */
export interface SigningKey {
  readonly agencyId: string;
  readonly key: Key;
}

/** Upload key prefixes (the uploads and upload-check functions use the same ones). */
export const uploadPrefixes = {
  incoming: 'incoming/',
  attachments: 'attachments/',
  quarantine: 'quarantine/',
} as const;

/**
 * Everything that holds data or identity and must outlive a redeploy of the functions:
 * the table, the buckets, the events HMAC secret, the staff user pool, the mail identity and the
 * agencies' signing keys (a deleted key would orphan the certificate its CA issued).
 */
export class StatefulStack extends Stack {
  public readonly table: Table;
  public readonly reportsBucket: Bucket;
  public readonly uploadsBucket: Bucket;
  public readonly eventsHmacSecret: Secret;
  public readonly userPool: UserPool;
  public readonly userPoolClient: UserPoolClient;
  /** the hosted login the staff console sends people to */
  public readonly loginDomain: UserPoolDomain;
  public readonly mailIdentity: EmailIdentity;
  public readonly mailFrom: string;
  public readonly signingKeys: readonly SigningKey[];

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    this.mailFrom = props.mailFrom;

    this.table = new Table(this, 'Table', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: 'expiresAt',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: 'gsi1',
      partitionKey: { name: 'gsi1pk', type: AttributeType.STRING },
      sortKey: { name: 'gsi1sk', type: AttributeType.STRING },
      projectionType: ProjectionType.ALL,
    });

    // Server access logs of both data buckets; S3 log delivery supports SSE-S3 only.
    const accessLogsBucket = new Bucket(this, 'AccessLogsBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(accessLogsBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This bucket is the server access log destination; logging it into itself would loop.',
    });

    this.reportsBucket = new Bucket(this, 'ReportsBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: accessLogsBucket,
      serverAccessLogsPrefix: 'reports/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.uploadsBucket = new Bucket(this, 'UploadsBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: accessLogsBucket,
      serverAccessLogsPrefix: 'uploads/',
      // The staff browser POSTs the file straight to S3 with the presigned form.
      cors: [
        {
          allowedOrigins: [props.staffOrigin],
          allowedMethods: [HttpMethods.POST],
          allowedHeaders: ['*'],
          maxAge: 3000,
        },
      ],
      lifecycleRules: [
        // Not yet checked: upload-check moves it within seconds; leftovers are abandoned uploads.
        { id: 'expire-incoming', prefix: uploadPrefixes.incoming, expiration: Duration.days(1) },
        // Rejected files stay a month for inspection.
        { id: 'expire-quarantine', prefix: uploadPrefixes.quarantine, expiration: Duration.days(30) },
        { id: 'abort-incomplete-multipart', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.eventsHmacSecret = new Secret(this, 'EventsHmacSecret', {
      description: 'HMAC-SHA256 key shared with the one-stop-shop and e-office systems for POST /v1/events',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.eventsHmacSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The key is shared with external sending systems; it is rotated by hand together with them, since an automatic rotation would break their signatures.',
    });

    this.userPool = new UserPool(this, 'StaffUserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      // The agency a staff member works for; set by an administrator, never by the user (see callerOf).
      customAttributes: { agencyId: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }) },
    });
    // One group per role but staff (CONTRACT §5); a user in none of them is staff of their agency.
    const groups: Array<[string, string, string]> = [
      ['AllAgenciesGroup', ROLE_GROUPS.admin, 'Administrators: act for every agency (the provincial office, operators)'],
      ['ProvinceGroup', ROLE_GROUPS.province, 'Province (Sở Nội vụ): read every agency, roll-up and submissions; edit nothing'],
      ['LeaderGroup', ROLE_GROUPS.leader, 'Leaders of their agency: profile and recipients, return and issue reports'],
    ];
    for (const [id, groupName, description] of groups) new CfnUserPoolGroup(this, id, { userPoolId: this.userPool.userPoolId, groupName, description });
    this.userPoolClient = this.userPool.addClient('StaffWebClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
      // Users read their agency but may not change it.
      readAttributes: new ClientAttributes().withStandardAttributes({ email: true, emailVerified: true }).withCustomAttributes('agencyId'),
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true }),
      // The staff console signs in through the hosted login (authorization code + PKCE) and comes back to its origin.
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [`${props.staffOrigin}/`],
        logoutUrls: [`${props.staffOrigin}/`],
      },
    });
    this.loginDomain = this.userPool.addDomain('StaffLogin', { cognitoDomain: { domainPrefix: props.loginDomainPrefix } });

    this.mailIdentity = new EmailIdentity(this, 'MailFromIdentity', {
      identity: Identity.email(props.mailFrom),
    });

    // One asymmetric key per signing agency: the private key never leaves KMS, which signs the issued
    // reports' digests; the alias is how the signer and `npm run cert-request` name it.
    this.signingKeys = props.signingAgencies.map((agencyId) => ({
      agencyId,
      key: new Key(this, `SigningKey${agencyId}`, {
        keySpec: KeySpec.RSA_2048,
        keyUsage: KeyUsage.SIGN_VERIFY,
        alias: signingKeyAlias(agencyId),
        description: `Signs the issued reports of ${agencyId} (PAdES); its certificate is signing/${agencyId}/certificate.pem in the reports bucket`,
        removalPolicy: RemovalPolicy.RETAIN,
      }),
    }));

    // What the staff web app needs to sign in.
    new CfnOutput(this, 'StaffUserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'StaffWebClientId', { value: this.userPoolClient.userPoolClientId });
  }
}
