// How many instances of each function may run at once. Each is reserved out of the account's
// concurrency (so a flood on one route cannot starve the others) and caps the function. The sum
// stays far under the 900 an account with the usual 1 000 quota can reserve (AWS keeps 100
// unreserved); an account still at a new account's quota of 10 must raise it first (docs/deploy.md).
import { CLOSE_RENDER_CONCURRENCY } from '#functions/close-render/close-render-edge.ts';
import type { FunctionName } from './stateless-stack.ts';

export const RESERVED_CONCURRENCY: Readonly<Record<FunctionName, number>> = {
  // The public, HMAC-checked route: a misbehaving sender is held to 10 (and by the route's throttle).
  ingest: 10,
  // The queue mapping's maximum concurrency (below): more consumers only conflict on the same counter items.
  apply: 2,
  summary: 10,
  profile: 5,
  sections: 5,
  reports: 5,
  closePeriod: 1,
  // The close's render workers: the close-task event source's maxConcurrency is the same number.
  closeRender: CLOSE_RENDER_CONCURRENCY,
  uploads: 5,
  uploadCheck: 5,
  uploadSweep: 1,
  parked: 2,
  redrive: 1,
  openapi: 2,
  mailEvents: 2,
  // The delivery worker: a few recipients per issue; the gateway is the province's, not ours to flood.
  deliver: 5,
  // The exchange's status messages: a handful per delivery.
  statuses: 5,
  // The province's reads: a handful of province staff, each request reading every agency.
  rollup: 2,
  form06: 2,
};

/**
 * The SQS mapping's maximum concurrency of apply: 2, the least SQS allows. Every batch adds to the same
 * counter items of its agencies, so concurrent consumers lose transactions to each other and plan them
 * again: on DynamoDB Local, 10k events of one agency replanned no entity with 1 consumer, about 4k with 2,
 * 10–12k with 5 and 21k with 10, and more consumers were never faster (docs/bench.md).
 */
export const APPLY_MAX_CONCURRENCY = 2;
