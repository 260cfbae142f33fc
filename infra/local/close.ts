// The fan-out period close on this machine: the schedule's use case queues one task per
// agency-period on an in-process queue with the close queue's semantics (one message per
// invocation, redelivery with backoff, a DLQ after CLOSE_MAX_RECEIVES), drained by a pool of
// render workers — the reserved concurrency of AWS. `close` answers once every task is settled.
import type { CloseOutcome, CloseRunStore } from '#domain/close-run.ts';
import { closePeriods, type ClosePorts } from '#app/period-close.ts';
import { CLOSE_MAX_RECEIVES, closeRenderEdge } from '#functions/close-render/close-render-edge.ts';
import { LocalQueue, type LocalQueueOptions } from './queue.ts';

/** Render workers at once locally (the machine has few cores; AWS runs CLOSE_RENDER_CONCURRENCY). */
export const LOCAL_CLOSE_CONCURRENCY = 4;

export interface LocalCloseOptions {
  profiles: ClosePorts['profiles'];
  closeRuns: CloseRunStore;
  closeAgencyPeriod: (agencyId: string, periodId: string) => Promise<CloseOutcome>;
  now?: () => Date;
  concurrency?: number;
  backoffMs?: LocalQueueOptions['backoffMs'];
}

export function localPeriodClose(options: LocalCloseOptions) {
  const now = options.now ?? (() => new Date());
  const queue = new LocalQueue(closeRenderEdge({ closeRuns: options.closeRuns, closeAgencyPeriod: options.closeAgencyPeriod, now }), {
    name: 'close',
    batchSize: 1,
    concurrency: options.concurrency ?? LOCAL_CLOSE_CONCURRENCY,
    maxReceiveCount: CLOSE_MAX_RECEIVES,
    ...(options.backoffMs ? { backoffMs: options.backoffMs } : {}),
  });
  // A task another firing's message is rendering settles this firing's message at once (the claim
  // is taken), so the answer waits for the whole queue: then every task of the run is settled.
  const closeQueue: ClosePorts['closeQueue'] = {
    async send(messages) {
      await queue.send(messages);
      await queue.drain();
    },
  };
  const ports: ClosePorts = { profiles: options.profiles, closeRuns: options.closeRuns, closeQueue, now };
  return { close: (scheduledTime: string) => closePeriods(ports, scheduledTime), queue };
}
