// Use cases of the delivery (CONTRACT §10): the worker sends one queued delivery over the document
// exchange or by e-mail; the exchange's status messages move it; a clerk or the daily run queues a
// failed one again. Every change goes through `change`, a read and a conditional write, so a status
// message, a worker and a resend that meet never lose one another's work.
import { applyStatus, resendable, type Delivery, type DeliveryRecipient, type DeliveryTask } from '#domain/delivery.ts';
import type { DocumentExchange, ExchangeStatus, OutgoingEnvelope } from '#domain/document-exchange.ts';
import { Conflict, NotFound } from '#domain/errors.ts';
import type { AgencyProfile } from '#domain/profile.ts';
import type { DeliveryKey } from '#domain/report-ports.ts';
import type { ReportVersion } from '#domain/report-version.ts';
import { log } from '#adapters/log.ts';
import { mailDelivery, queueDeliveries, requeue } from './deliver-report.ts';
import type { DeliveryPolicy, ReportPorts } from './report-ports.ts';

/** What the delivery worker works over. */
export interface DeliveryPorts extends Pick<ReportPorts, 'versions' | 'profiles' | 'deliveries' | 'deliveryQueue' | 'files' | 'mailer' | 'mailFrom' | 'metrics' | 'now' | 'sleep'> {
  exchange: DocumentExchange;
  /** the signed edXML envelope of an issued report to one exchange recipient (the edXML builder, signed by the agency's signer) */
  envelope: (report: ReportVersion, profile: AgencyProfile, recipient: DeliveryRecipient) => Promise<OutgoingEnvelope>;
}

type Where = Pick<DeliveryTask, 'agencyId' | 'periodId'>;

/**
 * Reads the delivery, asks `next` what it becomes, and writes that only if nobody wrote in between;
 * else reads again. Answers the delivery as stored, and what it was before; `undefined` when there
 * is none. `next` answering the same object writes nothing.
 */
async function change(ports: Pick<ReportPorts, 'deliveries'>, where: Where, key: DeliveryKey, next: (d: Delivery) => Delivery): Promise<{ before: Delivery; after: Delivery } | undefined> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const before = await ports.deliveries.getDelivery(where.agencyId, where.periodId, key);
    if (!before) return undefined;
    const after = next(before);
    if (after === before || (await ports.deliveries.updateDelivery(where.agencyId, where.periodId, after, before))) return { before, after };
  }
  throw new Conflict('concurrent_delivery_change', `The delivery ${key.channel} ${key.recipientNo} of version ${key.version} keeps changing; try again`);
}

const withoutClaim = ({ claimedAt: _claim, ...delivery }: Delivery): Delivery => delivery;

/**
 * A refused exchange delivery goes by e-mail where the recipient also has an address (CONTRACT §10):
 * one e-mail delivery, queued once however many times the refusal is told.
 */
async function fallBackToEmail(ports: Pick<ReportPorts, 'versions' | 'deliveries' | 'deliveryQueue' | 'now' | 'metrics'>, where: Where, delivery: Delivery): Promise<void> {
  ports.metrics.count('DeliveriesRefused');
  if (delivery.channel !== 'exchange' || delivery.recipient.emails.length === 0) return;
  const report = await ports.versions.getVersion(where.agencyId, where.periodId, delivery.version);
  if (report) await queueDeliveries(ports, report, {}, [delivery.recipient], 'email');
}

/** The worker's answer for one task: done (sent, or nothing to do), or retry (the queue delivers it again, then parks it in the DLQ). */
export type DeliveryOutcome = 'done' | 'retry';

/**
 * Sends one queued delivery, tried `policy.attempts` times with doubling backoff. A delivery no longer
 * queued (sent already: the queue delivered the task twice) or claimed by a live worker is left
 * alone, so nothing goes twice. When every try fails the delivery stays queued for the queue's next
 * delivery of the task; on the last one (`lastDelivery`) it is recorded `failed`, and the task goes
 * to the dead letter queue.
 */
export async function deliverTask(ports: DeliveryPorts, task: DeliveryTask, lastDelivery: boolean, policy: DeliveryPolicy): Promise<DeliveryOutcome> {
  const now = () => ports.now().toISOString();
  const key = { version: task.version, recipientNo: task.recipientNo, channel: task.channel };
  const staleBefore = ports.now().getTime() - policy.staleClaimMs;
  const claimed = await change(ports, task, key, (d) => (d.state === 'queued' && (!d.claimedAt || Date.parse(d.claimedAt) < staleBefore) ? { ...d, claimedAt: now() } : d));
  if (!claimed || claimed.after === claimed.before) return 'done';
  const [report, profile] = await Promise.all([ports.versions.getVersion(task.agencyId, task.periodId, task.version), ports.profiles.getProfile(task.agencyId)]);
  if (!report?.issued || !profile) throw new Error(`delivery task for a version that is not issued or an agency without a profile: ${JSON.stringify(task)}`);
  const { recipient } = claimed.after;

  let attempts = 0;
  let lastError = '';
  while (attempts < policy.attempts) {
    if (attempts > 0) await ports.sleep(policy.backoffMs * 2 ** (attempts - 1));
    attempts++;
    try {
      if (task.channel === 'exchange') {
        const status = await ports.exchange.send(await ports.envelope(report, profile, recipient));
        const done = await change(ports, task, key, (d) => applyStatus({ ...withoutClaim(d), attempts: d.attempts + attempts, messageId: status.documentId }, status));
        if (done && done.after.state === 'refused' && done.before.state !== 'refused') await fallBackToEmail(ports, task, done.after);
        else ports.metrics.count('DeliveriesSent');
      } else {
        const messageId = await mailDelivery(ports, report, profile, recipient);
        await change(ports, task, key, (d) => ({ ...withoutClaim(d), state: d.state === 'queued' ? 'sent' : d.state, at: now(), attempts: d.attempts + attempts, messageId }));
        ports.metrics.count('DeliveriesSent');
      }
      return 'done';
    } catch (error) {
      lastError = (error as Error).message;
      log.warn('delivery failed', { ...task, attempts, error: lastError });
    }
  }
  await change(ports, task, key, (d) => {
    const { detail: _detail, ...released } = withoutClaim(d);
    const failed = lastDelivery && d.state === 'queued';
    return { ...released, attempts: d.attempts + attempts, detail: lastError, ...(failed ? { state: 'failed', at: now() } : {}) };
  });
  if (lastDelivery) ports.metrics.count('DeliveriesFailed');
  return 'retry';
}

/**
 * A status message of the exchange (CONTRACT §10): the delivery its DocumentId and organ name moves
 * on, never back; a repeated one changes nothing. One nobody sent is refused (404), changing nothing.
 * A refusal queues the e-mail fallback.
 */
export async function takeStatus(ports: Pick<ReportPorts, 'versions' | 'deliveries' | 'deliveryQueue' | 'now' | 'metrics'>, status: ExchangeStatus): Promise<Delivery> {
  const task = await ports.deliveries.findByDocument(status.documentId, status.organId);
  if (!task) {
    throw new NotFound(`No delivery of document ${status.documentId} to organ ${status.organId}`, [{ path: 'DocumentId', message: 'no delivery of this document to this organ' }]);
  }
  const changed = await change(ports, task, task, (d) => applyStatus(d, status));
  if (!changed) throw new NotFound(`The delivery of document ${status.documentId} to organ ${status.organId} is gone`, [{ path: 'DocumentId', message: 'no such delivery' }]);
  if (changed.after.state === 'refused' && changed.before.state !== 'refused') await fallBackToEmail(ports, task, changed.after);
  log.info('exchange status taken', { ...task, code: status.code, state: changed.after.state });
  return changed.after;
}

/** Puts a failed or refused delivery back to queued (fresh receipts) and answers it; undefined when it is neither. */
const backToQueue = (ports: Pick<ReportPorts, 'deliveries' | 'now'>, where: Where, key: DeliveryKey) =>
  change(ports, where, key, (d) => {
    if (!resendable(d.state)) return d;
    const { detail: _detail, statuses: _statuses, ...rest } = withoutClaim(d);
    return { ...rest, state: 'queued', at: ports.now().toISOString() };
  });

/**
 * The clerk's resend of one recipient's delivery (POST …/deliveries/{recipient}/resend): each of its
 * failed or refused deliveries is queued again. None of them: 409, nothing queued.
 */
export async function resendDelivery(ports: Pick<ReportPorts, 'deliveries' | 'deliveryQueue' | 'versions' | 'now'>, request: Where & { version: number; recipientNo: number }): Promise<Delivery[]> {
  const report = await ports.versions.getVersion(request.agencyId, request.periodId, request.version);
  if (!report) throw new NotFound(`No version ${request.version} of the ${request.periodId} report of ${request.agencyId}`, [{ path: 'path.version', message: 'no such version' }]);
  const ofRecipient = (await ports.deliveries.listDeliveries(request.agencyId, request.periodId, request.version)).filter((d) => d.recipient.no === request.recipientNo);
  if (ofRecipient.length === 0) throw new NotFound(`Version ${request.version} has no delivery to recipient ${request.recipientNo}`, [{ path: 'path.recipient', message: 'no delivery to this recipient' }]);
  const queued: Delivery[] = [];
  for (const d of ofRecipient.filter((d) => resendable(d.state))) {
    const changed = await backToQueue(ports, request, { version: d.version, recipientNo: d.recipient.no, channel: d.channel });
    if (changed && changed.after !== changed.before) queued.push(changed.after);
  }
  if (queued.length === 0) {
    throw new Conflict('not_resendable', `The delivery to recipient ${request.recipientNo} is ${ofRecipient.map((d) => `${d.channel} ${d.state}`).join(', ')}: only a failed or refused one is sent again`, [
      { path: 'path.recipient', message: 'not failed nor refused' },
    ]);
  }
  return requeue(ports, request, queued);
}

/** The daily run: every failed delivery queued again (the worker's retries then the DLQ, as at the issue). Answers how many. */
export async function requeueFailed(ports: Pick<ReportPorts, 'deliveries' | 'deliveryQueue' | 'now'>): Promise<DeliveryTask[]> {
  const queued: DeliveryTask[] = [];
  for (const task of await ports.deliveries.listFailedDeliveries()) {
    const changed = await backToQueue(ports, task, task);
    if (changed && changed.after !== changed.before) {
      await requeue(ports, task, [changed.after]);
      queued.push(task);
    }
  }
  return queued;
}
