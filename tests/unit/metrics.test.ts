// The business counts the use cases report through the Metrics port (EMF metrics in AWS), seen
// through a recording fake: apply's per batch, the reports' per new version and per recipient.
import { readFileSync } from 'node:fs';
import type { SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Event } from '#events/event.schema.ts';
import type { MetricName, Metrics } from '#domain/metrics.ts';
import { AgencyProfileSchema, type AgencyProfileInput } from '#domain/profile.ts';
import type { Delivery, ReportVersion } from '#domain/report-version.ts';
import type { FiguresStore } from '#domain/figures-ports.ts';
import type { ParkedEvents, Parking } from '#domain/event-ports.ts';
import { applyBatch, MAX_RECEIVES } from '#functions/apply/apply-edge.ts';
import { renderReport, type ReportPorts } from '#functions/reports/render-report.ts';
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
  const acceptingStore: FiguresStore = { loadEntities: async () => new Map(), commit: async () => ({ conflicted: [] }), readFigureItems: unused };

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
  const sample = JSON.parse(readFileSync(new URL('../../events/samples/skhcn-profile.json', import.meta.url), 'utf8')) as AgencyProfileInput;
  const profile = AgencyProfileSchema.parse({ ...sample, recipients: [{ line: 'UBND tỉnh', emails: ['ubnd@example.vn', 'hop-thu-day@example.vn'] }] });

  /** In memory, as the DynamoDB, S3 and SMTP adapters behave; mails to `hop-thu-day@` are refused. */
  function memoryPorts(metrics: Metrics): ReportPorts {
    const versions: ReportVersion[] = [];
    const files = new Map<string, Uint8Array>();
    const deliveries = new Map<string, Delivery>();
    return {
      figures: { readFigureItems: async () => ({ months: new Map(), years: new Map(), fieldNames: new Map() }), loadEntities: unused, commit: unused },
      profiles: { getProfile: async () => profile, putProfile: unused, listProfiles: async () => [profile] },
      sections: { listSections: async () => ({}), putSection: unused },
      uploads: { listByPeriod: async () => [] },
      versions: { latestVersion: async () => versions.at(-1), listVersions: async () => versions, addVersion: async (v) => (versions.push(v), true) },
      files: { put: async (key, body) => void files.set(key, body), get: async (key) => files.get(key)!, downloadUrl: unused },
      deliveries: {
        claim: async (_a, _p, d) => deliveries.get(`${d.version} ${d.address}`)?.status !== 'sent',
        record: async (_a, _p, d) => void deliveries.set(`${d.version} ${d.address}`, d),
        listDeliveries: async () => [...deliveries.values()],
      },
      mailer: {
        send: async (m) => {
          if (m.to.startsWith('hop-thu-day@')) throw new Error('552 mailbox full');
          return `<${m.to}>`;
        },
      },
      mailFrom: 'bao-cao-cchc@localhost',
      now: () => new Date('2023-07-01T00:00:00Z'),
      sleep: async () => {},
      metrics,
    };
  }

  it('counts a new version once and each recipient address as sent or failed, per run', async () => {
    const { metrics, counts } = recordingMetrics();
    const ports = memoryPorts(metrics);
    const request = { agencyId: profile.agencyId, periodId: '2023-H1', trigger: 'schedule', deliver: true } as const;
    const policy = { attempts: 2, backoffMs: 0, staleClaimMs: 60_000 };

    expect((await renderReport(ports, request, policy)).created).toBe(true);
    expect(counts).toEqual({ ReportsRendered: 1, MailsSent: 1, MailsFailed: 1 });

    // Nothing changed: no new version; the sent address is skipped, the failing one tried again.
    expect((await renderReport(ports, request, policy)).created).toBe(false);
    expect(counts).toEqual({ ReportsRendered: 1, MailsSent: 1, MailsFailed: 2 });
  }, 30_000);
});
