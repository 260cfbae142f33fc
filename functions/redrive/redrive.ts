// Use case: after a fix, apply the parked events again through the same apply use case. An event
// that now applies (or was in already) leaves the parked list; one that still fails stays, with
// the new reason and one more attempt.
import type { FiguresStore } from '#domain/figures-ports.ts';
import type { ParkedEvents } from '#domain/event-ports.ts';
import { APPLY_BATCH_SIZE, applyEvents } from '#app/apply-events.ts';

export interface RedrivePorts {
  figures: FiguresStore;
  parked: ParkedEvents;
  now: () => Date;
}

interface Redriven {
  agencyId: string;
  eventId: string;
  /** `applied`: in the figures now (new to them or already there); `failed`: still parked */
  outcome: 'applied' | 'failed';
  reason?: string;
}

export interface RedriveReport {
  events: Redriven[];
  /** of the applied ones, how many were new to the figures and how many already in them */
  applied: number;
  duplicates: number;
  failed: number;
}

export async function redriveParked(ports: RedrivePorts, options: { agencyId?: string } = {}): Promise<RedriveReport> {
  const parked = options.agencyId === undefined ? await ports.parked.listAll() : await ports.parked.listAgency(options.agencyId);
  const report: RedriveReport = { events: [], applied: 0, duplicates: 0, failed: 0 };
  for (let i = 0; i < parked.length; i += APPLY_BATCH_SIZE) {
    const page = parked.slice(i, i + APPLY_BATCH_SIZE);
    const outcome = await applyEvents(ports.figures, page.map((p) => p.event));
    const reasons = new Map(outcome.failed.map((f) => [f.id, f.reason]));
    const failedAt = ports.now().toISOString();
    // Applied first, released after: a crash in between leaves an item the next redrive finds a duplicate.
    await Promise.all(
      page.map(({ event }) => {
        const reason = reasons.get(event.id);
        return reason === undefined ? ports.parked.release(event) : ports.parked.failedAgain(event, reason, failedAt);
      }),
    );
    report.events.push(
      ...page.map(({ event }): Redriven => {
        const reason = reasons.get(event.id);
        return reason === undefined
          ? { agencyId: event.agencyId, eventId: event.id, outcome: 'applied' }
          : { agencyId: event.agencyId, eventId: event.id, outcome: 'failed', reason };
      }),
    );
    report.applied += outcome.applied;
    report.duplicates += outcome.duplicates;
    report.failed += outcome.failed.length;
  }
  return report;
}
