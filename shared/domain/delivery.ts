// The delivery of an issued report to one recipient over one channel (CONTRACT §10): what is stored
// per recipient, the task the delivery queue carries, and the state machine the exchange's status
// messages move. Pure: the worker (shared/app/deliver.ts) and the status intake apply it.
import type { ExchangeStatusCode } from './document-exchange.ts';

/** The document exchange (organ code) or e-mail. */
export const DELIVERY_CHANNELS = ['exchange', 'email'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

/** queued → sent → accepted → done, or refused (with the exchange's reason) or failed (after the retries). */
export const DELIVERY_STATES = ['queued', 'sent', 'accepted', 'done', 'refused', 'failed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** One recipient of "Nơi nhận" as the delivery holds it: a copy of the profile's entry at the issue. */
export interface DeliveryRecipient {
  /** 1-based position in "Nơi nhận": what the resend route names */
  no: number;
  /** the line printed in "Nơi nhận" */
  line: string;
  /** the full name of the salutation */
  name: string;
  organId?: string;
  emails: string[];
  editableCopy: boolean;
}

export interface Delivery {
  version: number;
  channel: DeliveryChannel;
  recipient: DeliveryRecipient;
  state: DeliveryState;
  /** when the state last changed */
  at: string;
  /** the refusal's reason, the last transport error, or the status message's words */
  detail?: string;
  /** sends tried, over every run */
  attempts: number;
  /** exchange: the edXML DocumentId; e-mail: the provider's message id */
  messageId?: string;
  /** set while a worker sends it: another worker's message for it waits */
  claimedAt?: string;
  /** every status code taken, in arrival order (duplicates dropped): the receipts the province's index scores */
  statuses?: Array<{ code: ExchangeStatusCode; at: string }>;
}

/** A delivery as GET …/reports lists it beside its version. */
export interface ListedDelivery {
  /** the "Nơi nhận" line */
  recipient: string;
  /** the recipient's position in "Nơi nhận": what the resend route names */
  recipientNo: number;
  channel: DeliveryChannel;
  state: DeliveryState;
  at: string;
  /** the refusal's reason or the last error */
  detail: string | null;
}

/** One message of the delivery queue: one recipient, one channel, one issued version. */
export interface DeliveryTask {
  agencyId: string;
  periodId: string;
  version: number;
  recipientNo: number;
  channel: DeliveryChannel;
}

/**
 * How far a state is along the way: a status only ever moves a delivery further. `refused` sits
 * beside `accepted` (the receiving office decided), so a late 01 does not undo it and a 06 (the
 * office processed it after all) still ends it `done`. `failed` is where the transport gave up,
 * before any status: a status arriving after it moves it on.
 */
const RANK: Record<DeliveryState, number> = { queued: 0, failed: 0, sent: 1, accepted: 2, refused: 2, done: 3 };

/**
 * The state a status code of QCVN 102:2016 names: 01 taken by the exchange, 02 refused, 03
 * accepted, 04 assigned and 05 processing (accepted, and more), 06 done. 13 (recalled) and 15
 * (updated) are about the document, not its arrival: kept as receipts, they move nothing.
 */
const STATE_OF: Record<ExchangeStatusCode, DeliveryState | undefined> = {
  '01': 'sent',
  '02': 'refused',
  '03': 'accepted',
  '04': 'accepted',
  '05': 'accepted',
  '06': 'done',
  '13': undefined,
  '15': undefined,
};

/** The state after a status message: never back, whatever the order and however often it comes. */
export function stateAfter(current: DeliveryState, code: ExchangeStatusCode): DeliveryState {
  const next = STATE_OF[code];
  if (next === undefined || RANK[next] <= RANK[current]) return current;
  return next;
}

/** The delivery after a status message; the same object when the message changes nothing (a duplicate). */
export function applyStatus(delivery: Delivery, status: { code: ExchangeStatusCode; at: string; description?: string }): Delivery {
  const seen = delivery.statuses ?? [];
  if (seen.some((s) => s.code === status.code)) return delivery;
  const state = stateAfter(delivery.state, status.code);
  const statuses = [...seen, { code: status.code, at: status.at }];
  if (state === delivery.state) return { ...delivery, statuses };
  const detail = state === 'refused' ? (status.description ?? 'refused by the receiving office') : undefined;
  const { detail: _previous, ...rest } = delivery;
  return { ...rest, state, at: status.at, statuses, ...(detail ? { detail } : {}) };
}

/** A clerk may send again what the transport gave up on, or what the exchange refused. */
export const resendable = (state: DeliveryState): boolean => state === 'failed' || state === 'refused';

/** The delivery tasks of an issue: the exchange for a recipient with an organ code, else e-mail; a paper-only recipient gets none. */
export function channelOf(recipient: Pick<DeliveryRecipient, 'organId' | 'emails'>): DeliveryChannel | undefined {
  if (recipient.organId) return 'exchange';
  return recipient.emails.length > 0 ? 'email' : undefined;
}
