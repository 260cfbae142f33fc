// The part of s3rver 3.x (plain JS, no bundled types) that infra/local/s3-local.ts uses.
declare module 's3rver' {
  import type { IncomingMessage, Server } from 'node:http';
  import type { AddressInfo } from 'node:net';

  export interface S3rverOptions {
    address?: string;
    port?: number;
    silent?: boolean;
    directory?: string;
    resetOnClose?: boolean;
    allowMismatchedSignatures?: boolean;
    vhostBuckets?: boolean;
    serviceEndpoint?: string;
    configureBuckets?: { name: string; configs?: (string | Buffer)[] }[];
  }

  /** The record s3rver builds in lib/models/event.js; its key is NOT URL-encoded. */
  export interface S3rverEventRecord {
    eventVersion: string;
    eventSource: 'aws:s3';
    awsRegion: string;
    eventTime: string;
    eventName: string;
    userIdentity: { principalId: string };
    requestParameters: { sourceIPAddress: string };
    responseElements: Record<string, string>;
    s3: {
      s3SchemaVersion: string;
      configurationId: string;
      bucket: { name: string; ownerIdentity: { principalId: string }; arn: string };
      object: { key: string; size?: number; eTag?: string; sequencer: string };
    };
  }

  /** Koa's context (s3rver is a Koa app), the part a middleware in front of s3rver's routes uses. */
  export interface S3rverContext {
    method: string;
    path: string;
    req: IncomingMessage;
    request: { req: IncomingMessage };
    status: number;
    type: string;
    body: unknown;
  }
  export type S3rverMiddleware = (ctx: S3rverContext, next: () => Promise<void>) => Promise<void>;

  export default class S3rver {
    /** Koa's middleware stack, composed when run() listens; the last one is s3rver's router. */
    middleware: S3rverMiddleware[];
    constructor(options?: S3rverOptions);
    httpServer?: Server;
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
    reset(): void;
    on(event: 'event', listener: (event: { Records: S3rverEventRecord[] }) => void): this;
    on(event: 'error', listener: (error: Error) => void): this;
  }
}
