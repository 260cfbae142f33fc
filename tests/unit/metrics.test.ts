// The business counts the use cases report through the Metrics port (EMF metrics in AWS), seen
// through a recording fake: apply's per batch, the reports' per new version and per recipient.
import type { SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Event } from '#events/event.schema.ts';
import type { MetricName, Metrics } from '#domain/metrics.ts';
import type { FiguresStore } from '#domain/figures-ports.ts';
import type { ParkedEvents, Parking } from '#domain/event-ports.ts';
import { applyBatch, MAX_RECEIVES } from '#functions/apply/apply-edge.ts';
import { renderReport } from '#app/render-report.ts';
import { submitReport } from '#app/review-report.ts';
import { reportWorld, sampleProfile, signAndIssue } from '../support/report-world.ts';
import { REFUSING_ORGAN } from '../support/fakes.ts';
import { deliverTask } from '#app/deliver.ts';
import type { DeliveryTask } from '#domain/delivery.ts';
import { withFaults } from '../support/faulty-store.ts';

function recordingMetrics() {
  const counts: Partial<Record<MetricName, number>> = {};
  const metrics: Metrics = { count: (name, n = 1) => void (counts[name] = (counts[name] ?? 0) + n) };
  return { metrics, counts };
}

const unused = () => {
  throw new Error('not used');
};

beforeAll(() => void vi.stubEnv('LOG_LEVEL', 'silent'));
afterAll(() => void vi.unstubAllEnvs());

describe('apply counts', () => {
  /** Every entity is new and every commit goes in. */
  const acceptingStore: FiguresStore = { loadEntities: async () => new Map(), commit: async () => ({ conflicted: [] }), readFigureItems: unused, readAgencyTotals: unused, isTransient: () => false };

  const received = (id: string, dossierId: string): Event => ({
    id, agencyId: 'SKHCN', type: 'dossier.received', occurredAt: '2023-03-01T08:30:00+07:00',
    data: { dossierId, procedureCode: '1.004503', channel: 'online', dueAt: '2023-03-10T17:00:00+07:00' },
  });
  let messages = 0;
  const message = (body: unknown, receiveCount = 1): SQSRecord =>
    ({ messageId: `m${++messages}`, body: typeof body === 'string' ? body : JSON.stringify(body), attributes: { ApproximateReceiveCount: String(receiveCount) } }) as unknown as SQSRecord;

  it('counts applied, duplicate, retried and parked events of a batch', async () => {
    const parkedIds: string[] = [];
    const parked = { park: async (p: Parking) => void parkedIds.push(p.event.id) } as Partial<ParkedEvents> as ParkedEvents;
    const { metrics, counts } = recordingMetrics();
    const store = withFaults(acceptingStore, { commit: (ref) => ref.entityId === 'D2' || ref.entityId === 'D3' });
    const batch = [
      message(received('e1', 'D1')),
      message(received('e1', 'D1')), // the same event delivered twice
      message(received('e2', 'D2'), MAX_RECEIVES), // fails on its last delivery: parked
      message(received('e3', 'D3')), // fails, retried
      message('not an event'), // retried, not parked
    ];
    const response = await applyBatch(store, { Records: batch }, { parked }, metrics);
    expect(response.batchItemFailures).toHaveLength(3);
    expect(parkedIds).toEqual(['e2']);
    expect(counts).toEqual({ EventsApplied: 1, EventsDuplicate: 1, EventsRetried: 3, EventsParked: 1 });
  });
});

describe('report counts', () => {
  it('counts a new version once, an issue once with the deliveries it queued, and each delivery sent or failed', async () => {
    const { metrics, counts } = recordingMetrics();
    const world = await reportWorld({
      now: '2023-07-01T00:00:00Z',
      profiles: [
        sampleProfile({
          recipients: [
            { line: 'UBND tỉnh', organId: '000.00.00.H48', emails: [] },
            { line: 'Sở Nội vụ', organId: REFUSING_ORGAN, emails: ['hop-thu-day@example.vn'] },
          ],
        }),
      ],
    });
    const ports = { ...world.ports, metrics };
    const request = { agencyId: 'SKHCN', periodId: '2023-H1', trigger: 'staff' } as const;
    const policy = { attempts: 2, backoffMs: 0, staleClaimMs: 60_000 };

    expect((await renderReport(ports, request)).created).toBe(true);
    expect((await renderReport(ports, request)).created).toBe(false);
    expect(counts).toEqual({ ReportsRendered: 1 });
    await submitReport(ports, { ...request, version: 1, by: 'staff' });
    await signAndIssue(ports, { ...request, version: 1 }, { number: '1015/BC-SKHCN', issuedOn: '2023-07-01' });
    expect(counts).toEqual({ ReportsRendered: 1, ReportsSigned: 1, ReportsIssued: 1, DeliveriesQueued: 2 });
    // the worker: the exchange takes one, refuses the other (02), whose e-mail fallback fails every try
    world.mail.failNext(policy.attempts);
    for (const body of world.deliveryQueue.bodies()) await deliverTask({ ...world.delivery, metrics }, JSON.parse(body) as DeliveryTask, true, policy);
    for (const body of world.deliveryQueue.bodies().slice(2)) await deliverTask({ ...world.delivery, metrics }, JSON.parse(body) as DeliveryTask, true, policy);
    expect(counts).toEqual({ ReportsRendered: 1, ReportsSigned: 1, ReportsIssued: 1, DeliveriesQueued: 3, DeliveriesSent: 1, DeliveriesRefused: 1, DeliveriesFailed: 1 });
  }, 30_000);
});
