// The record of one scheduled period close (a "close run"), fanned out as one task per agency and
// period. The schedule opens it and queues the tasks; render workers claim a task, close the agency's
// period and write what came of it. It is what makes a close idempotent — a second firing of the
// schedule or a redelivered message finds the task rendered and does nothing — and what the
// closing run answers from.

/** One agency's period to close within a run; the run is the scheduled time, as an ISO instant. */
export interface CloseTask {
  runId: string;
  agencyId: string;
  periodId: string;
}

/** What closing one agency-period gave (closeAgencyPeriod's answer, less the ids). */
export interface CloseOutcome {
  version: number;
  created: boolean;
  /** notices sent to the office */
  notified: number;
  failed: number;
}

/**
 * queued → rendering (claimed by a worker) → rendered; or → failed (to be retried by the queue) →
 * parked (its last delivery failed too: the message went to the dead-letter queue).
 */
type CloseTaskState = 'queued' | 'rendering' | 'rendered' | 'failed' | 'parked';

export interface CloseTaskRecord extends CloseTask {
  state: CloseTaskState;
  /** claims taken, i.e. closes tried */
  attempts: number;
  outcome?: CloseOutcome;
  error?: string;
  updatedAt: string;
}

type Claim = 'claimed' | 'done' | 'busy';

export interface CloseRunStore {
  /** Records the run's tasks not recorded yet as queued; returns every task of the run. */
  openRun(runId: string, tasks: ReadonlyArray<Omit<CloseTask, 'runId'>>, at: string): Promise<CloseTaskRecord[]>;
  /**
   * Takes the task for one worker: 'done' when it is rendered, 'busy' while another worker's claim
   * is younger than staleMs (a worker that died leaves a claim that goes stale), else 'claimed'.
   */
  claim(task: CloseTask, at: string, staleMs: number): Promise<Claim>;
  rendered(task: CloseTask, outcome: CloseOutcome, at: string): Promise<void>;
  failed(task: CloseTask, error: string, parked: boolean, at: string): Promise<void>;
  listRun(runId: string): Promise<CloseTaskRecord[]>;
}

/** The run of a scheduled time: one per instant however the time is written. */
export const closeRunId = (scheduledTime: string): string => new Date(Date.parse(scheduledTime)).toISOString();
