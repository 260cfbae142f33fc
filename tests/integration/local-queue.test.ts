// The in-process queue of local mode must behave like SQS → Lambda for the apply handler.
import { createHash } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { LocalQueue, localEventQueue } from '../../infra/local/queue.ts';

const quiet = () => undefined;
const fast = { backoffMs: () => 0, log: quiet };

/** Records every delivery; `fail` decides, per record, whether to report it as a batch item failure. */
function recorder(fail: (record: SQSRecord, call: number) => boolean = () => false) {
  const batches: SQSRecord[][] = [];
  const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
    batches.push(event.Records);
    const call = batches.length;
    return { batchItemFailures: event.Records.filter((r) => fail(r, call)).map((r) => ({ itemIdentifier: r.messageId })) };
  };
  const deliveriesOf = (body: string) => batches.flat().filter((r) => r.body === body);
  return { batches, handler, deliveriesOf };
}

describe('LocalQueue', () => {
  it('delivers batches of at most batchSize records in the SQSEvent shape', async () => {
    const { batches, handler } = recorder();
    const queue = new LocalQueue(handler, { ...fast, name: 'events', region: 'ap-southeast-1' });
    const bodies = Array.from({ length: 250 }, (_, i) => JSON.stringify({ n: i }));
    const ids = await queue.send(bodies);
    await queue.drain();

    expect(batches.map((b) => b.length)).toEqual([100, 100, 50]);
    const records = batches.flat();
    expect(records.map((r) => r.body)).toEqual(bodies);
    expect(records.map((r) => r.messageId)).toEqual(ids);
    expect(records[0]).toMatchObject({
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:ap-southeast-1:000000000000:events',
      awsRegion: 'ap-southeast-1',
      attributes: { ApproximateReceiveCount: '1' },
      md5OfBody: createHash('md5').update(bodies[0]!).digest('hex'),
    });
    expect(queue.size).toBe(0);
    expect(queue.deadLetters).toEqual([]);
  });

  it('redelivers only the reported batch item failures, with a higher receive count', async () => {
    const { handler, deliveriesOf } = recorder((record, call) => record.body === 'b' && call === 1);
    const queue = new LocalQueue(handler, fast);
    await queue.send(['a', 'b', 'c']);
    await queue.drain();

    expect(deliveriesOf('a')).toHaveLength(1);
    expect(deliveriesOf('c')).toHaveLength(1);
    expect(deliveriesOf('b').map((r) => r.attributes.ApproximateReceiveCount)).toEqual(['1', '2']);
    expect(queue.deadLetters).toEqual([]);
  });

  it('moves a message to the DLQ after maxReceiveCount failed deliveries', async () => {
    const { handler, deliveriesOf } = recorder((record) => record.body === 'poison');
    const queue = new LocalQueue(handler, { ...fast, maxReceiveCount: 4 });
    await queue.send(['good', 'poison']);
    await queue.drain();

    expect(deliveriesOf('poison').map((r) => r.attributes.ApproximateReceiveCount)).toEqual(['1', '2', '3', '4']);
    expect(deliveriesOf('good')).toHaveLength(1);
    expect(queue.deadLetters).toMatchObject([{ body: 'poison', receiveCount: 4 }]);
    expect(queue.size).toBe(0);
  });

  it('defaults to 5 receives before the DLQ', async () => {
    const { handler, deliveriesOf } = recorder(() => true);
    const queue = new LocalQueue(handler, fast);
    await queue.send(['x']);
    await queue.drain();
    expect(deliveriesOf('x')).toHaveLength(5);
    expect(queue.deadLetters.map((m) => m.receiveCount)).toEqual([5]);
  });

  it('fails the whole batch when the handler throws', async () => {
    let calls = 0;
    const seen: string[] = [];
    const queue = new LocalQueue(async (event) => {
      calls += 1;
      seen.push(...event.Records.map((r) => `${r.body}#${r.attributes.ApproximateReceiveCount}`));
      if (calls === 1) throw new Error('table unavailable');
    }, fast);
    await queue.send(['a', 'b']);
    await queue.drain();
    expect(seen).toEqual(['a#1', 'b#1', 'a#2', 'b#2']);
  });

  it('fails the whole batch when a failure names a message not in the batch, as Lambda does', async () => {
    let calls = 0;
    const seen: string[] = [];
    const queue = new LocalQueue(async (event) => {
      calls += 1;
      seen.push(...event.Records.map((r) => r.body));
      return calls === 1 ? { batchItemFailures: [{ itemIdentifier: 'not-a-message-id' }] } : { batchItemFailures: [] };
    }, fast);
    await queue.send(['a', 'b']);
    await queue.drain();
    expect(seen).toEqual(['a', 'b', 'a', 'b']);
  });

  it('asks the backoff for each failed delivery by its receive count', async () => {
    const asked: number[] = [];
    const queue = new LocalQueue(async (event) => ({ batchItemFailures: event.Records.map((r) => ({ itemIdentifier: r.messageId })) }), {
      maxReceiveCount: 3,
      backoffMs: (receiveCount) => {
        asked.push(receiveCount);
        return 1;
      },
      log: quiet,
    });
    await queue.send(['a']);
    await queue.drain();
    // The third failure sends the message to the DLQ, with no backoff.
    expect(asked).toEqual([1, 2]);
  });

  it('drain resolves at once when nothing is pending', async () => {
    const queue = new LocalQueue(async () => undefined, fast);
    await expect(queue.drain()).resolves.toBeUndefined();
  });

  it('refuses sends once stopped', async () => {
    const queue = new LocalQueue(async () => undefined, fast);
    queue.stop();
    await expect(queue.send(['a'])).rejects.toThrow(/stopped/);
  });
});

describe('localEventQueue', () => {
  it('resolves send only after the messages have been handled (CONTRACT §5)', async () => {
    const applied: string[] = [];
    const queue = new LocalQueue(async (event) => {
      await new Promise((r) => setTimeout(r, 20));
      applied.push(...event.Records.map((r) => r.body));
    }, fast);
    await localEventQueue(queue).send(['e1', 'e2']);
    expect(applied).toEqual(['e1', 'e2']);
  });

  it('resolves once a message that keeps failing is in the DLQ', async () => {
    const queue = new LocalQueue(async (event) => ({ batchItemFailures: event.Records.map((r) => ({ itemIdentifier: r.messageId })) }), {
      ...fast,
      maxReceiveCount: 2,
    });
    await localEventQueue(queue).send(['bad']);
    expect(queue.deadLetters.map((m) => m.body)).toEqual(['bad']);
  });
});
