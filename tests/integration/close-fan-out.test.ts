// The fan-out close at a province's scale over DynamoDB Local (the close-run record) and the
// in-process close queue with a pool of 4 render workers (SQS has no local equivalent). The render
// itself is a cheap stand-in through the worker's closeAgencyPeriod port, counting its calls, so
// 200 agencies take seconds; tests/integration/close-period.test.ts closes with real renders.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoCloseRunStore } from '#adapters/close-run-store.ts';
import { documentClient } from '#adapters/dynamodb.ts';
import type { AgencyProfile } from '#domain/profile.ts';
import { CLOSE_MAX_RECEIVES } from '#functions/close-render/close-render-edge.ts';
import { localPeriodClose } from '#local/close.ts';
import { freshTable, localConfig, useEnv } from '../setup/services.ts';
import { sampleProfile } from '../support/report-world.ts';

const AGENCIES = Array.from({ length: 200 }, (_, i) => `XA${String(i + 1).padStart(3, '0')}`);
const FAILING = 'XA077';
const CLOSING_15_6 = '2023-06-15T00:00:00Z';
const profiles: AgencyProfile[] = AGENCIES.map((agencyId) => sampleProfile({ agencyId, symbol: agencyId, periodKinds: ['H'] }));

let table: Awaited<ReturnType<typeof freshTable>>;
let restoreEnv: () => void;

beforeAll(async () => {
  table = await freshTable('close-fan-out');
  restoreEnv = useEnv({ LOG_LEVEL: 'critical' });
});

afterAll(async () => {
  restoreEnv?.();
  await table?.drop();
});

/** A close of 200 agencies whose renders take a few ms, one agency failing while `failing` says so. */
function province(runs = dynamoCloseRunStore(documentClient(localConfig({}).adapters.aws), table.tableName)) {
  const calls = new Map<string, number>();
  let running = 0;
  let mostAtOnce = 0;
  const state = { failing: true };
  const local = localPeriodClose({
    profiles: { listProfiles: async () => profiles },
    closeRuns: runs,
    closeAgencyPeriod: async (agencyId, periodId) => {
      calls.set(agencyId, (calls.get(agencyId) ?? 0) + 1);
      mostAtOnce = Math.max(mostAtOnce, ++running);
      try {
        await new Promise((r) => setTimeout(r, 5));
        if (state.failing && agencyId === FAILING) throw new Error(`the renderer ran out of memory on ${periodId}`);
        return { version: 1, created: true, notified: 2, failed: 0 };
      } finally {
        running--;
      }
    },
    backoffMs: () => 5,
  });
  return { ...local, calls, state, mostAtOnce: () => mostAtOnce };
}

describe('the fan-out close of 200 agencies, 4 render workers at once', () => {
  it('renders each agency once, retries the failing one and parks it without holding back the others; firing twice renders nothing more', async () => {
    const { close, calls, queue, state, mostAtOnce } = province();
    const run = await close(CLOSING_15_6);
    expect(run.periods).toEqual(['2023-M06', '2023-Q2', '2023-H1']);
    expect(run.rendered.map((r) => r.agencyId)).toEqual(AGENCIES.filter((a) => a !== FAILING));
    expect(run.rendered.every((r) => r.periodId === '2023-H1' && r.notified === 2)).toBe(true);
    expect(run.errors).toEqual([{ agencyId: FAILING, periodId: '2023-H1', error: 'Error: the renderer ran out of memory on 2023-H1', parked: true }]);
    expect(run.pending).toEqual([]);
    expect(AGENCIES.filter((a) => calls.get(a) !== 1)).toEqual([FAILING]);
    expect(calls.get(FAILING)).toBe(CLOSE_MAX_RECEIVES);
    expect(queue.deadLetters.map((m) => JSON.parse(m.body).agencyId)).toEqual([FAILING]);
    expect(mostAtOnce()).toBe(4);

    // The schedule fires twice at once (a retry of the invocation): the tasks rendered are not
    // queued again, and the parked one, fixed meanwhile, is rendered once.
    state.failing = false;
    const [again, twice] = await Promise.all([close(CLOSING_15_6), close('2023-06-15T07:00:00+07:00')]);
    expect(again.rendered).toHaveLength(200);
    expect(twice.rendered).toHaveLength(200);
    expect(again.errors).toEqual([]);
    expect(AGENCIES.filter((a) => calls.get(a) !== 1)).toEqual([FAILING]);
    expect(calls.get(FAILING)).toBe(CLOSE_MAX_RECEIVES + 1);
  }, 120_000);

  it('two schedules firing at once for a new close render every agency once', async () => {
    const { close, calls } = province();
    const [a, b] = await Promise.all([close('2023-12-15T00:00:00Z'), close('2023-12-15T00:00:00.000Z')]);
    expect(a.periods).toEqual(['2023-M12', '2023-Q4', '2023-H2', '2023-FY']);
    expect(a.rendered.filter((r) => r.periodId === '2023-H2')).toHaveLength(199);
    expect(b.rendered).toHaveLength(199);
    // each firing's message of the failing agency is retried, so it is tried up to twice as often
    expect(AGENCIES.filter((agency) => calls.get(agency) !== 1)).toEqual([FAILING]);
    expect(calls.get(FAILING)).toBeGreaterThanOrEqual(CLOSE_MAX_RECEIVES);
  }, 120_000);
});
