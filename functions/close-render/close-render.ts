// Use case: one render worker's task of a period close — close one agency's period once, whatever
// the number of deliveries of its message, and write what came of it in the close-run record.
import type { CloseOutcome, CloseRunStore, CloseTask } from '#domain/close-run.ts';
import { log } from '#adapters/log.ts';

export interface CloseRenderPorts {
  closeRuns: CloseRunStore;
  /** closeAgencyPeriod over the report ports (a cheap stand-in in the fan-out tests) */
  closeAgencyPeriod: (agencyId: string, periodId: string) => Promise<CloseOutcome>;
  now: () => Date;
}

/**
 * A claim older than this belongs to a worker that died (its function's timeout, set to the same in
 * the stack), and the next delivery of the message takes the task over.
 */
export const CLOSE_CLAIM_STALE_MS = 120_000;

/**
 * 'done' when the task is rendered (now or before: a redelivery, the schedule firing twice) or
 * another worker holds it — that worker's own message stays queued until it succeeds, and comes back
 * to whoever takes the stale claim over if the worker dies. 'retry' when this close failed: recorded,
 * and on the last delivery recorded as parked, the message then going to the DLQ.
 */
export async function renderCloseTask(ports: CloseRenderPorts, task: CloseTask, lastDelivery: boolean): Promise<'done' | 'retry'> {
  const claim = await ports.closeRuns.claim(task, ports.now().toISOString(), CLOSE_CLAIM_STALE_MS);
  if (claim !== 'claimed') return 'done';
  let error: string;
  try {
    const outcome = await ports.closeAgencyPeriod(task.agencyId, task.periodId);
    // The report is stored; mails still unsent make the task fail, and its retry sends only those.
    if (outcome.failed === 0) {
      await ports.closeRuns.rendered(task, outcome, ports.now().toISOString());
      return 'done';
    }
    error = `${outcome.failed} mail(s) not sent`;
  } catch (thrown) {
    error = String(thrown);
  }
  log.error('closing render failed', { ...task, error, parked: lastDelivery });
  await ports.closeRuns.failed(task, error, lastDelivery, ports.now().toISOString());
  return 'retry';
}
