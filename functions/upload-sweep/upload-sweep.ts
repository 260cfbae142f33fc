// Use case: check again what still waits in incoming/ long after it arrived. S3 notifies the check
// within seconds; an object still there minutes later lost its notification (S3 gave up after its
// retries, the event is in the check's dead-letter queue), and its upload would stay `pending`.
import { checkUpload, type CheckOutcome, type UploadCheckPorts } from '#app/upload-check.ts';

/** How often the schedule runs the sweep. */
export const SWEEP_EVERY_MINUTES = 15;
/** An object older than this in incoming/ is checked again: the check itself takes seconds. */
export const SWEEP_AFTER_MINUTES = 10;

export interface SweptUpload {
  key: string;
  outcome: CheckOutcome | 'failed';
}

/** Checks every incoming object older than `afterMinutes`, each on its own: one failing leaves the others checked. */
export async function sweepIncomingUploads(ports: UploadCheckPorts, afterMinutes = SWEEP_AFTER_MINUTES): Promise<SweptUpload[]> {
  const before = new Date(ports.now().getTime() - afterMinutes * 60_000);
  const swept: SweptUpload[] = [];
  for (const key of await ports.objects.listIncoming(before)) {
    try {
      swept.push({ key, outcome: await checkUpload(ports, key) });
    } catch (error) {
      ports.log({ msg: 'upload-sweep: check failed, left for the next sweep', key, error: String(error) });
      swept.push({ key, outcome: 'failed' });
    }
  }
  return swept;
}
