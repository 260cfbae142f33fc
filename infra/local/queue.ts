// An in-process queue with the SQS → Lambda semantics the apply handler relies on: batches in the
// SQSEvent shape, partial batch failures, redelivery with a growing backoff, a DLQ after
// maxReceiveCount. Local mode waits for delivery so POST /v1/events answers after the apply.
import { createHash, randomUUID } from 'node:crypto';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { LOCAL_REGION } from './dynamodb-local.ts';
import { lambdaContext } from './lambda-context.ts';

export interface QueueMessage {
  messageId: string;
  body: string;
  /** How many times the message has been handed to the consumer. */
  receiveCount: number;
  sentTimestamp: number;
}

/** The apply Lambda's signature (middy handlers take the same two arguments). */
export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void>;

export interface LocalQueueOptions {
  name?: string;
  /** Records per invocation; default 100 (the local app passes the apply mapping's APPLY_BATCH_SIZE). */
  batchSize?: number;
  /** Deliveries before a message moves to the DLQ; default 5 (the redrive policy). */
  maxReceiveCount?: number;
  /** Batches handed to the handler at once (the event source's maxConcurrency); default 1. */
  concurrency?: number;
  /** Delay before a failed message is visible again, by its receive count; default 50 ms × count. */
  backoffMs?: (receiveCount: number) => number;
  region?: string;
  /** Told about handler errors and dead letters; default: JSON lines on stderr. */
  log?: (entry: Record<string, unknown>) => void;
}

interface Pending extends QueueMessage {
  visibleAt: number;
  settle: () => void;
  settled: Promise<void>;
}

export class LocalQueue {
  /** Messages that failed maxReceiveCount times, oldest first. */
  readonly deadLetters: QueueMessage[] = [];
  private readonly pending = new Map<string, Pending>();
  private readonly name: string;
  private readonly batchSize: number;
  private readonly maxReceiveCount: number;
  private readonly backoffMs: (receiveCount: number) => number;
  private readonly region: string;
  private readonly log: (entry: Record<string, unknown>) => void;
  private readonly concurrency: number;
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly handler: SqsHandler,
    options: LocalQueueOptions = {},
  ) {
    this.name = options.name ?? 'events';
    this.batchSize = options.batchSize ?? 100;
    this.maxReceiveCount = options.maxReceiveCount ?? 5;
    this.concurrency = options.concurrency ?? 1;
    this.backoffMs = options.backoffMs ?? ((count) => 50 * count);
    this.region = options.region ?? process.env.AWS_REGION ?? LOCAL_REGION;
    this.log = options.log ?? ((entry) => console.error(JSON.stringify(entry)));
  }

  /** Enqueues the bodies and returns their message ids; delivery starts on the next tick. */
  async send(bodies: readonly string[]): Promise<string[]> {
    if (this.stopped) throw new Error(`Queue ${this.name} is stopped`);
    const now = Date.now();
    const ids = bodies.map((body) => {
      let settle!: () => void;
      const settled = new Promise<void>((r) => (settle = r));
      const message: Pending = { messageId: randomUUID(), body, receiveCount: 0, sentTimestamp: now, visibleAt: now, settle, settled };
      this.pending.set(message.messageId, message);
      return message.messageId;
    });
    this.schedule(0);
    return ids;
  }

  /** Resolves when each of these messages has been deleted (handled) or moved to the DLQ. */
  async settled(messageIds: readonly string[]): Promise<void> {
    await Promise.all(messageIds.map((id) => this.pending.get(id)?.settled));
  }

  /** Resolves when every message sent so far has been deleted or moved to the DLQ. */
  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending.values()].map((m) => m.settled));
  }

  /** Messages not yet deleted nor dead. */
  get size(): number {
    return this.pending.size;
  }

  /** Stops delivering; messages still pending stay undelivered. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(delayMs: number): void {
    if (this.stopped || this.inFlight >= this.concurrency) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.poll(), delayMs);
  }

  /** Hands visible messages to the handler, up to `concurrency` batches at once; a message is invisible while its batch runs. */
  private poll(): void {
    if (this.stopped) return;
    while (this.inFlight < this.concurrency) {
      const now = Date.now();
      const batch = [...this.pending.values()].filter((m) => m.visibleAt <= now).slice(0, this.batchSize);
      if (batch.length === 0) break;
      for (const message of batch) message.visibleAt = Number.POSITIVE_INFINITY;
      this.inFlight++;
      void this.deliver(batch).finally(() => {
        this.inFlight--;
        this.poll();
      });
    }
    const next = Math.min(...[...this.pending.values()].map((m) => m.visibleAt));
    if (Number.isFinite(next)) this.schedule(Math.max(0, next - Date.now()));
  }

  private async deliver(batch: Pending[]): Promise<void> {
    for (const message of batch) message.receiveCount += 1;
    const event: SQSEvent = { Records: batch.map((m) => this.record(m)) };
    let failed: Set<string>;
    try {
      const response = await this.handler(event, lambdaContext(`${this.name}-consumer`, 60_000, this.region));
      failed = this.failedIds(batch, response);
    } catch (error) {
      this.log({ level: 'error', message: 'queue handler failed; the whole batch will be redelivered', queue: this.name, error: String(error) });
      failed = new Set(batch.map((m) => m.messageId));
    }
    const now = Date.now();
    for (const message of batch) {
      if (!failed.has(message.messageId)) {
        this.remove(message);
      } else if (message.receiveCount >= this.maxReceiveCount) {
        this.remove(message);
        this.deadLetters.push({ messageId: message.messageId, body: message.body, receiveCount: message.receiveCount, sentTimestamp: message.sentTimestamp });
        this.log({ level: 'error', message: 'message moved to the dead-letter queue', queue: this.name, messageId: message.messageId, receiveCount: message.receiveCount });
      } else {
        message.visibleAt = now + this.backoffMs(message.receiveCount);
      }
    }
  }

  /** As Lambda reads a partial batch response: an unknown or empty identifier fails the whole batch. */
  private failedIds(batch: Pending[], response: SQSBatchResponse | void): Set<string> {
    const items = response?.batchItemFailures ?? [];
    const inBatch = new Set(batch.map((m) => m.messageId));
    if (items.some((item) => !item.itemIdentifier || !inBatch.has(item.itemIdentifier))) return inBatch;
    return new Set(items.map((item) => item.itemIdentifier));
  }

  private remove(message: Pending): void {
    this.pending.delete(message.messageId);
    message.settle();
  }

  private record(message: Pending): SQSRecord {
    return {
      messageId: message.messageId,
      receiptHandle: `${message.messageId}#${message.receiveCount}`,
      body: message.body,
      attributes: {
        ApproximateReceiveCount: String(message.receiveCount),
        SentTimestamp: String(message.sentTimestamp),
        SenderId: 'local',
        ApproximateFirstReceiveTimestamp: String(message.sentTimestamp),
      },
      messageAttributes: {},
      md5OfBody: createHash('md5').update(message.body).digest('hex'),
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:${this.region}:000000000000:${this.name}`,
      awsRegion: this.region,
    };
  }
}

/**
 * The ingest side of local mode (CONTRACT §5): `send` resolves once the queued events have been
 * applied (or dead-lettered), so a GET right after POST /v1/events sees them. It fits the lead's
 * `EventQueue { send(messages: string[]): Promise<void> }` port.
 */
export function localEventQueue(queue: LocalQueue): { send(messages: readonly string[]): Promise<void> } {
  return {
    async send(messages) {
      await queue.settled(await queue.send(messages));
    },
  };
}
