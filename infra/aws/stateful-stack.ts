import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  ClientAttributes,
  type UserPoolDomain,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  UserPoolClient,
  UserPoolEmail,
} from 'aws-cdk-lib/aws-cognito';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  ObjectLockRetention,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import {
  ConfigurationSet,
  ConfigurationSetTlsPolicy,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  Identity,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { ROLE_GROUPS } from '#adapters/http.ts';
import { signingCertificateKey, signingKeyAlias } from '#adapters/kms-signer.ts';
import { uploadPrefixes } from '#adapters/object-keys.ts';
import { EVENT_SENDERS, type EventSender } from '#domain/event-senders.ts';
import type { StageConfig } from './stages.ts';

export interface StatefulStackProps extends StackProps {
  /** The stage's values, the agencies that sign (each its own KMS key) and the hosted login's prefix among them. */
  readonly stage: StageConfig;
}

/** An agency's signing key. */
export interface SigningKey {
  readonly agencyId: string;
  /** set for a leader's personal key; the agency's own key has none */
  readonly leaderUserId?: string;
  readonly key: Key;
}

/** How long an issued report version cannot be overwritten or deleted (S3 Object Lock, governance mode). */
const reportRetention = Duration.days(10 * 365);

/** The Vietnamese mails Cognito sends staff ({username} and {####} are Cognito's placeholders). */
const staffMails = {
  invitationSubject: 'Tài khoản hệ thống báo cáo cải cách hành chính',
  invitationBody:
    'Xin chào,<br><br>Quản trị viên đã tạo cho bạn tài khoản trên hệ thống báo cáo cải cách hành chính.<br>' +
    'Tên đăng nhập: {username}<br>Mật khẩu tạm thời: {####}<br><br>' +
    'Khi đăng nhập lần đầu, bạn sẽ đặt mật khẩu mới và đăng ký ứng dụng xác thực (mã TOTP). Mật khẩu tạm thời có hiệu lực trong 3 ngày.',
  verificationSubject: 'Mã xác minh hệ thống báo cáo cải cách hành chính',
  verificationBody: 'Mã xác minh của bạn là {####}. Không chia sẻ mã này với bất kỳ ai.',
};

/**
/**
 * Everything that holds data or identity and must outlive a redeploy of the functions: the table, the
 * buckets, the senders' HMAC keys, the staff user pool with its hosted login, the mail identity with its
 * configuration set, and the agencies' signing keys (a deleted key would orphan the certificate its CA issued).
 */
export class StatefulStack extends Stack {
  public readonly table: Table;
  public readonly reportsBucket: Bucket;
  public readonly uploadsBucket: Bucket;
  /** One HMAC key pair (current, previous) per sending system. */
  public readonly eventsHmacSecrets: Readonly<Record<EventSender, Secret>>;
  public readonly userPool: UserPool;
  public readonly userPoolClient: UserPoolClient;
  /** the hosted login the staff console sends people to */
  public readonly loginDomain: UserPoolDomain;
  public readonly mailIdentity: EmailIdentity;
  public readonly mailFrom: string;
  public readonly signingKeys: readonly SigningKey[];
  /** Every report mail is sent through it: bounces and complaints reach mailEventsTopic. */
  public readonly mailConfigurationSet: ConfigurationSet;
  public readonly mailEventsTopic: Topic;
  public readonly stage: StageConfig;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { stage } = props;
    this.stage = stage;
    this.mailFrom = stage.mailFrom;

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
      // Official report history: no version can be overwritten or deleted for ten years, but by someone
      // holding s3:BypassGovernanceRetention (no function role has it).
      objectLockEnabled: true,
      objectLockDefaultRetention: ObjectLockRetention.governance(reportRetention),
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
          allowedOrigins: [stage.staffOrigin],
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

    // A key pair per sender, so each system rotates on its own and no request fails during a rotation (docs/deploy.md).
    this.eventsHmacSecrets = Object.fromEntries(
      EVENT_SENDERS.map((sender) => {
        const secret = new Secret(this, `EventsHmacKeys-${sender}`, {
          description: `HMAC-SHA256 keys of the ${sender} system for POST /v1/events: {"current", "previous"}, both accepted`,
          generateSecretString: {
            secretStringTemplate: JSON.stringify({ previous: '' }),
            generateStringKey: 'current',
            passwordLength: 48,
            excludePunctuation: true,
          },
          removalPolicy: RemovalPolicy.RETAIN,
        });
        Validations.of(secret).acknowledge({
          id: 'AwsSolutions-SMG4',
          reason:
            'The keys are shared with an external sending system; they are rotated by hand with it (current → previous, new current), since an automatic rotation would break its signatures.',
        });
        return [sender, secret];
      }),
    ) as Record<EventSender, Secret>;

    ({ configurationSet: this.mailConfigurationSet, topic: this.mailEventsTopic } = this.mailing(stage));
    this.mailIdentity = new EmailIdentity(this, 'MailDomainIdentity', {
      identity: Identity.domain(stage.mailDomain),
      // Easy DKIM (2048-bit): three CNAME records to publish (docs/deploy.md).
      dkimSigning: true,
      mailFromDomain: `mail.${stage.mailDomain}`,
      configurationSet: this.mailConfigurationSet,
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
      // Through SES from the mail domain once it is verified: Cognito's own sender allows 50 mails a day.
      email: stage.staffMailThroughSes
        ? UserPoolEmail.withSES({
            fromEmail: stage.mailFrom,
            fromName: 'Báo cáo CCHC',
            sesRegion: stage.region,
            sesVerifiedDomain: stage.mailDomain,
            configurationSetName: this.mailConfigurationSet.configurationSetName,
          })
        : UserPoolEmail.withCognito(),
      userInvitation: { emailSubject: staffMails.invitationSubject, emailBody: staffMails.invitationBody },
      userVerification: { emailSubject: staffMails.verificationSubject, emailBody: staffMails.verificationBody },
    });
    // One group per role but staff (CONTRACT §5); a user in none of them is staff of their agency.
    const groups: Array<[string, string, string]> = [
      ['AllAgenciesGroup', ROLE_GROUPS.admin, 'Administrators: act for every agency (the provincial office, operators)'],
      ['ProvinceGroup', ROLE_GROUPS.province, 'Province (Sở Nội vụ): read every agency, roll-up and submissions; edit nothing'],
      ['LeaderGroup', ROLE_GROUPS.leader, 'Leaders of their agency: profile and recipients, return and sign reports (their name attribute is printed under the signature)'],
      ['ClerkGroup', ROLE_GROUPS.clerk, 'Clerks (văn thư) of their agency: number, date and issue what a leader signed'],
    ];
    for (const [id, groupName, description] of groups) new CfnUserPoolGroup(this, id, { userPoolId: this.userPool.userPoolId, groupName, description });
    this.userPoolClient = this.userPool.addClient('StaffWebClient', {
      generateSecret: false,
      // The console signs in through the hosted sign-in page: authorization code with PKCE, nothing else.
      authFlows: { userSrp: false, userPassword: false, adminUserPassword: false, custom: false },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [`${stage.staffOrigin}/`],
        logoutUrls: [`${stage.staffOrigin}/`],
      },
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
      // Users read their agency but may not change it, nor their e-mail (an administrator changes both); the
      // ID token carries `name`, which a leader's signature prints (CONTRACT §5), set by an administrator too.
      readAttributes: new ClientAttributes().withStandardAttributes({ email: true, emailVerified: true, fullname: true }).withCustomAttributes('agencyId'),
      writeAttributes: new ClientAttributes(),
    });
    // The hosted login (https://<prefix>.auth.<region>.amazoncognito.com) the staff console sends people to.
    this.loginDomain = this.userPool.addDomain('StaffLogin', { cognitoDomain: { domainPrefix: stage.loginDomainPrefix } });

    // One asymmetric key per signing agency and one per signing leader: the private keys never leave
    // KMS, which signs the reports' digests (the leader's signature, then the agency's at issue); the
    // alias is how the signer and `npm run cert-request` name each key.
    const signingKey = (id: string, agencyId: string, leaderUserId: string | undefined, description: string) => ({
      agencyId,
      ...(leaderUserId ? { leaderUserId } : {}),
      key: new Key(this, id, {
        keySpec: KeySpec.RSA_2048,
        keyUsage: KeyUsage.SIGN_VERIFY,
        alias: signingKeyAlias(agencyId, leaderUserId),
        description,
        removalPolicy: RemovalPolicy.RETAIN,
      }),
    });
    this.signingKeys = [
      ...stage.signingAgencies.map((agencyId) =>
        signingKey(`SigningKey${agencyId}`, agencyId, undefined, `Signs the issued reports of ${agencyId} (PAdES); its certificate is ${signingCertificateKey(agencyId)} in the reports bucket`),
      ),
      ...stage.signingLeaders.map(({ agencyId, userId }) =>
        signingKey(
          `SigningKey${agencyId}Leader${userId.replace(/[^A-Za-z0-9]/g, '')}`,
          agencyId,
          userId,
          `Signs, as leader ${userId} of ${agencyId}, the reports they sign (PAdES); the certificate is ${signingCertificateKey(agencyId, userId)} in the reports bucket`,
        ),
      ),
    ];

    // What the staff web app needs to sign in.
    new CfnOutput(this, 'StaffUserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'StaffWebClientId', { value: this.userPoolClient.userPoolClientId });
    for (const [sender, secret] of Object.entries(this.eventsHmacSecrets)) {
      new CfnOutput(this, `EventsHmacKeysArn-${sender}`, { value: secret.secretArn, description: `The ${sender} system's HMAC keys (docs/deploy.md)` });
    }
  }

  /**
   * The configuration set every report and staff mail goes through: TLS required, the account's
   * suppression list for bounces and complaints, and those two events published to an encrypted topic
   * that the mail-events function turns into failed deliveries.
   */
  private mailing(stage: StageConfig): { configurationSet: ConfigurationSet; topic: Topic } {
    const key = new Key(this, 'MailEventsTopicKey', {
      enableKeyRotation: true,
      description: 'Encrypts the SES bounce and complaint notifications',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const topic = new Topic(this, 'MailEventsTopic', { masterKey: key, enforceSSL: true });
    const configurationSet = new ConfigurationSet(this, 'MailConfigurationSet', {
      configurationSetName: `cchc-report-${stage.name}`,
      tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      reputationMetrics: true,
    });
    configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: EventDestination.snsTopic(topic),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });
    // SES publishes (encrypted) only for this account's configuration set.
    const fromThisConfigurationSet = {
      StringEquals: { 'aws:SourceAccount': this.account },
      ArnLike: { 'aws:SourceArn': this.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: configurationSet.configurationSetName }) },
    };
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: fromThisConfigurationSet,
      }),
    );
    return { configurationSet, topic };
  }
}
