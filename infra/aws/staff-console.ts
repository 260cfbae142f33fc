import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { AssetHashType, DockerImage, Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import type { ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { consoleCsp } from '../../web/csp.ts';
import { Concern } from './concern.ts';
import { repoRoot } from './cchc-function.ts';

/** The wildcard grants aws-cdk-lib gives the BucketDeployment handler (cdk-nag names each). */
const DEPLOYMENT_WILDCARDS = [
  'Resource::*',
  'Action::s3:Abort*',
  'Action::s3:DeleteObject*',
  'Action::s3:GetBucket*',
  'Action::s3:GetObject*',
  'Action::s3:List*',
  'Resource::<ConsoleBucketA1BD9FF9.Arn>/*',
];

export interface StaffConsoleProps {
  /** the HTTP API's base URL, written into config.json */
  readonly apiUrl: string;
  readonly userPoolId: string;
  readonly clientId: string;
  /** the hosted login's base URL (https://<prefix>.auth.<region>.amazoncognito.com) */
  readonly loginDomain: string;
  /** the console's own origin: its host becomes the distribution's alias when a certificate is given */
  readonly staffOrigin: string;
  /** an ACM certificate (us-east-1) for the staff origin's host; without one the distribution's own domain serves */
  readonly certificate?: ICertificate;
}

/**
 * The staff console (web/, CONTRACT §7): the built files in a private bucket read by CloudFront
 * through origin access control, HTTPS only, with strict security headers, and the runtime
 * config.json (API URL, Cognito client and login domain) written at deploy.
 */
export class StaffConsole extends Concern {
  public readonly distribution: Distribution;
  public readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: StaffConsoleProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'ConsoleBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Built files only, redeployed whole each time: nothing to keep.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'The bucket holds only the built console, written by the deployment; reads go through CloudFront, whose requests are what matter.',
    });

    const region = Stack.of(this).region;
    const headers = new ResponseHeadersPolicy(this, 'ConsoleHeaders', {
      comment: 'Staff console: strict CSP, HSTS, no framing, no sniffing, no referrer',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: consoleCsp([`https://*.execute-api.${region}.amazonaws.com`, `https://*.s3.${region}.amazonaws.com`, `https://cognito-idp.${region}.amazonaws.com`, props.loginDomain]),
          override: true,
        },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, preload: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        xssProtection: { protection: true, modeBlock: true, override: true },
      },
      customHeadersBehavior: { customHeaders: [{ header: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()', override: true }] },
    });

    const host = new URL(props.staffOrigin).host;
    this.distribution = new Distribution(this, 'ConsoleDistribution', {
      comment: 'CCHC staff console',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      ...(props.certificate ? { domainNames: [host], certificate: props.certificate, minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021 } : {}),
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        responseHeadersPolicy: headers,
      },
      // The app's pages are one index.html (the hash names the page); unknown paths answer it too.
      errorResponses: [
        { httpStatus: 403, responseHttpStatus: 200, responsePagePath: '/index.html', ttl: Duration.minutes(1) },
        { httpStatus: 404, responseHttpStatus: 200, responsePagePath: '/index.html', ttl: Duration.minutes(1) },
      ],
    });
    Validations.of(this.distribution).acknowledge(
      { id: 'AwsSolutions-CFR1', reason: 'Staff of the province sign in from wherever they work; the user pool (MFA, threat protection) guards access, not geography.' },
      { id: 'AwsSolutions-CFR2', reason: 'The distribution serves static files only; every data request goes to the API behind the Cognito JWT authorizer and its throttling.' },
      { id: 'AwsSolutions-CFR3', reason: 'Static files only, the same for everyone; the API access logs record every data request.' },
      ...(props.certificate
        ? []
        : [{ id: 'AwsSolutions-CFR4', reason: 'Without the staffCertificateArn context the distribution uses its default *.cloudfront.net certificate, on which CloudFront fixes the TLS policy.' }]),
    );

    const deployment = new BucketDeployment(this, 'ConsoleDeployment', {
      destinationBucket: this.bucket,
      distribution: this.distribution,
      sources: [
        Source.asset(join(repoRoot, 'web'), {
          assetHashType: AssetHashType.OUTPUT,
          // Bundled on this machine with the repository's esbuild (web/build.ts): the same files `npm run build:web` writes.
          bundling: {
            image: DockerImage.fromRegistry('node:20'),
            local: {
              tryBundle(outputDir) {
                execFileSync(process.execPath, ['--import', 'tsx', 'web/build.ts', outputDir], { cwd: repoRoot, stdio: 'ignore' });
                return true;
              },
            },
          },
        }),
        Source.jsonData('config.json', {
          auth: 'cognito',
          apiUrl: props.apiUrl.replace(/\/$/, ''),
          authority: `https://cognito-idp.${region}.amazonaws.com/${props.userPoolId}`,
          clientId: props.clientId,
          domain: props.loginDomain,
        }),
      ],
      memoryLimit: 256,
    });
    // The deployment's handler is a singleton CDK adds to the stack, outside this concern.
    const handler = Stack.of(this).node.children.find((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (!handler) throw new Error('the BucketDeployment handler was not found');
    for (const target of [deployment, handler]) {
      Validations.of(target).acknowledge(
        {
          id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          reason: "CDK's BucketDeployment handler, run at deployment only: its role is the construct's, not ours to shape.",
        },
        ...[...DEPLOYMENT_WILDCARDS, assetsFinding(Stack.of(this))].map((finding) => ({
          id: `AwsSolutions-IAM5[${finding}]`,
          reason: "CDK's BucketDeployment handler reads the asset and replaces the console bucket's objects, then invalidates the distribution; aws-cdk-lib grants those with wildcards.",
        })),
        { id: 'AwsSolutions-L1', reason: "CDK's BucketDeployment handler: its runtime is chosen by aws-cdk-lib." },
      );
    }
  }
}

/**
 * The CDK assets bucket's objects as cdk-nag names them: with references in an environment-agnostic
 * stack, literally once the stage gives the account and region.
 */
function assetsFinding(stack: Stack): string {
  const literal = (value: string, reference: string) => (Token.isUnresolved(value) ? reference : value);
  const [partition, account, region] = [literal(stack.partition, '<AWS::Partition>'), literal(stack.account, '<AWS::AccountId>'), literal(stack.region, '<AWS::Region>')];
  return `Resource::arn:${partition}:s3:::cdk-hnb659fds-assets-${account}-${region}/*`;
}
