// Hand-computed checks of the reference figures (tests/reference/figures.ts), so that the
// property tests that compare production against it compare against something known right.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { event, type Event } from '#events/event.schema.ts';
import type { DossierFigures } from '#domain/figures.ts';
import { referenceFigures } from '../reference/figures.ts';

const A = 'SKHCN';
const ev = (id: string, type: Event['type'], occurredAt: string, data: Record<string, unknown>, agencyId = A): Event =>
  event.parse({ id, type, occurredAt, agencyId, data });
const received = (id: string, dossierId: string, at: string, dueAt: string, channel = 'online', extra: Record<string, unknown> = {}) =>
  ev(id, 'dossier.received', at, { dossierId, procedureCode: '2.002131', channel, dueAt, ...extra });
const rescheduled = (id: string, dossierId: string, at: string, dueAt: string) => ev(id, 'dossier.rescheduled', at, { dossierId, dueAt });
const resolved = (id: string, dossierId: string, at: string) => ev(id, 'dossier.resolved', at, { dossierId });
const withdrawn = (id: string, dossierId: string, at: string) => ev(id, 'dossier.withdrawn', at, { dossierId });
const returned = (id: string, dossierId: string, at: string) => ev(id, 'dossier.returned', at, { dossierId });
const issued = (id: string, documentId: string, at: string, form: string, confidential?: boolean) =>
  ev(id, 'document.issued', at, { documentId, form, ...(confidential === undefined ? {} : { confidential }) });

const dossiers = (events: Event[], periodId = '2023-H1') => referenceFigures(events, A, periodId).dossiers;

/** Builds the expected figures from the non-zero parts, totals added. */
function figures(parts: {
  carriedOver?: number; online?: number; direct?: number; postal?: number;
  early?: number; onTime?: number; late?: number; withdrawn?: number; returned?: number;
  withinDeadline?: number; overdue?: number;
}): DossierFigures {
  const p = { carriedOver: 0, online: 0, direct: 0, postal: 0, early: 0, onTime: 0, late: 0, withdrawn: 0, returned: 0, withinDeadline: 0, overdue: 0, ...parts };
  return {
    received: { total: p.carriedOver + p.online + p.direct + p.postal, carriedOver: p.carriedOver, online: p.online, direct: p.direct, postal: p.postal },
    resolved: { total: p.early + p.onTime + p.late, early: p.early, onTime: p.onTime, late: p.late },
    withdrawn: p.withdrawn,
    returned: p.returned,
    pending: { total: p.withinDeadline + p.overdue, withinDeadline: p.withinDeadline, overdue: p.overdue },
  };
}

describe('referenceFigures: period boundaries (local dates, UTC+7)', () => {
  it('14/6 23:59:59+07:00 is in H1; 14/6 17:00:00Z (= 15/6 00:00 local) is not', () => {
    const due = '2023-09-30T17:00:00+07:00';
    const inH1 = [received('a', 'D1', '2023-06-14T23:59:59+07:00', due)];
    const after = [received('b', 'D2', '2023-06-14T17:00:00Z', due)];
    expect(dossiers(inH1)).toEqual(figures({ online: 1, withinDeadline: 1 }));
    expect(dossiers(after)).toEqual(figures({}));
    expect(dossiers(after, '2023-Q3')).toEqual(figures({ online: 1, withinDeadline: 1 }));
    expect(referenceFigures(after, A, '2023-H1').period).toEqual({ id: '2023-H1', from: '2022-12-15', to: '2023-06-14' });
  });

  it('a dossier received on 14/12 local is carried over into H1; one received 15/12 00:00 local is not', () => {
    const due = '2023-06-30T17:00:00+07:00';
    expect(dossiers([received('a', 'D1', '2022-12-14T16:59:59Z', due, 'direct')])).toEqual(figures({ carriedOver: 1, withinDeadline: 1 }));
    expect(dossiers([received('b', 'D2', '2022-12-14T17:00:00Z', due, 'direct')])).toEqual(figures({ direct: 1, withinDeadline: 1 }));
  });

  it('a dossier closed before S is not carried over; one closed at S is, and is counted closed in the period', () => {
    const due = '2023-01-10T17:00:00+07:00';
    const closedBefore = [received('a', 'D1', '2022-12-01T08:00:00+07:00', due), resolved('a2', 'D1', '2022-12-14T23:59:59+07:00')];
    const closedAtS = [received('b', 'D2', '2022-12-01T08:00:00+07:00', due), returned('b2', 'D2', '2022-12-15T00:00:00+07:00')];
    expect(dossiers(closedBefore)).toEqual(figures({}));
    expect(referenceFigures(closedBefore, A, '2023-H1').fields).toEqual([]);
    expect(dossiers(closedAtS)).toEqual(figures({ carriedOver: 1, returned: 1 }));
  });
});

describe('referenceFigures: dossier facts', () => {
  const due = '2023-06-20T17:00:00+07:00';

  it('ignores an event whose id was already accepted, even with other content', () => {
    const first = received('x', 'D1', '2023-03-01T08:00:00+07:00', due, 'direct');
    const sameIdOtherContent = received('x', 'D1', '2023-03-01T08:00:00+07:00', due, 'postal');
    expect(dossiers([first, first, sameIdOtherContent])).toEqual(figures({ direct: 1, withinDeadline: 1 }));
    expect(dossiers([sameIdOtherContent, first])).toEqual(figures({ postal: 1, withinDeadline: 1 }));
  });

  it('a dossier exists only once a received event arrived', () => {
    expect(dossiers([resolved('r', 'D1', '2023-03-02T08:00:00+07:00'), rescheduled('s', 'D1', '2023-03-01T09:00:00+07:00', due)])).toEqual(figures({}));
  });

  it('of several received events the earliest counts (its channel, its date, its dueAt)', () => {
    const events = [
      received('r2', 'D1', '2023-01-05T08:00:00+07:00', '2023-01-06T17:00:00+07:00', 'online'),
      received('r1', 'D1', '2022-12-10T08:00:00+07:00', '2023-06-30T17:00:00+07:00', 'postal'),
    ];
    expect(dossiers(events)).toEqual(figures({ carriedOver: 1, withinDeadline: 1 }));
    expect(dossiers(events, '2022-Q4')).toEqual(figures({ postal: 1, withinDeadline: 1 }));
  });

  it('of several received events at the same instant the smaller id counts', () => {
    const at = '2023-03-01T08:00:00+07:00';
    expect(dossiers([received('r-b', 'D1', at, due, 'online'), received('r-a', 'D1', at, due, 'direct')])).toEqual(
      figures({ direct: 1, withinDeadline: 1 }),
    );
  });

  it('of several closing events the earliest counts; on a tie the smaller id', () => {
    const r = received('r', 'D1', '2023-03-01T08:00:00+07:00', due);
    expect(dossiers([r, resolved('c2', 'D1', '2023-03-06T08:00:00+07:00'), withdrawn('c3', 'D1', '2023-03-03T08:00:00+07:00')])).toEqual(
      figures({ online: 1, withdrawn: 1 }),
    );
    const tie = '2023-03-03T08:00:00+07:00';
    expect(dossiers([r, withdrawn('c-b', 'D1', tie), returned('c-a', 'D1', tie)])).toEqual(figures({ online: 1, returned: 1 }));
  });

  it('ignores a closing event dated before the receipt, but not one at the receipt instant', () => {
    const at = '2023-03-01T08:00:00+07:00';
    const r = received('r', 'D1', at, due);
    expect(dossiers([r, resolved('c', 'D1', '2023-03-01T07:59:59+07:00')])).toEqual(figures({ online: 1, withinDeadline: 1 }));
    expect(dossiers([r, resolved('c', 'D1', at)])).toEqual(figures({ online: 1, early: 1 }));
  });

  it('closing after E leaves the dossier pending in the period', () => {
    const r = received('r', 'D1', '2023-06-01T08:00:00+07:00', '2023-06-20T17:00:00+07:00');
    expect(dossiers([r, resolved('c', 'D1', '2023-06-15T00:00:00+07:00')])).toEqual(figures({ online: 1, withinDeadline: 1 }));
  });
});

describe('referenceFigures: early, on time, late by local dates and the effective due date', () => {
  const r = received('r', 'D1', '2023-03-01T08:00:00+07:00', '2023-03-10T08:00:00+07:00');

  it('compares local dates, not instants', () => {
    expect(dossiers([r, resolved('c', 'D1', '2023-03-09T16:59:59Z')])).toEqual(figures({ online: 1, early: 1 })); // 09/3 23:59:59 local
    expect(dossiers([r, resolved('c', 'D1', '2023-03-10T16:00:00Z')])).toEqual(figures({ online: 1, onTime: 1 })); // 10/3 23:00 local, after due instant
    expect(dossiers([r, resolved('c', 'D1', '2023-03-10T17:00:00Z')])).toEqual(figures({ online: 1, late: 1 })); // 11/3 00:00 local
  });

  it('uses the latest rescheduled event dated at or before the resolution', () => {
    const c = resolved('c', 'D1', '2023-03-14T09:00:00+07:00');
    const extended = rescheduled('s1', 'D1', '2023-03-08T09:00:00+07:00', '2023-03-20T17:00:00+07:00');
    const shortened = rescheduled('s2', 'D1', '2023-03-09T09:00:00+07:00', '2023-03-14T17:00:00+07:00');
    const afterResolution = rescheduled('s3', 'D1', '2023-03-14T09:00:01+07:00', '2023-03-30T17:00:00+07:00');
    expect(dossiers([r, c])).toEqual(figures({ online: 1, late: 1 }));
    expect(dossiers([r, c, extended])).toEqual(figures({ online: 1, early: 1 }));
    expect(dossiers([shortened, r, c, extended])).toEqual(figures({ online: 1, onTime: 1 }));
    expect(dossiers([r, c, afterResolution])).toEqual(figures({ online: 1, late: 1 }));
    const atResolution = rescheduled('s4', 'D1', '2023-03-14T09:00:00+07:00', '2023-03-30T17:00:00+07:00');
    expect(dossiers([r, c, atResolution])).toEqual(figures({ online: 1, early: 1 }));
  });

  it('on equal occurredAt the rescheduled event with the larger id wins', () => {
    const at = '2023-03-08T09:00:00+07:00';
    const c = resolved('c', 'D1', '2023-03-14T09:00:00+07:00');
    const a = rescheduled('s-a', 'D1', at, '2023-03-20T17:00:00+07:00');
    const b = rescheduled('s-b', 'D1', at, '2023-03-13T17:00:00+07:00');
    expect(dossiers([r, c, a, b])).toEqual(figures({ online: 1, late: 1 }));
    expect(dossiers([r, c, b, a])).toEqual(figures({ online: 1, late: 1 }));
  });
});

describe('referenceFigures: pending, overdue or within the deadline', () => {
  const at = '2023-06-01T08:00:00+07:00';

  it('is overdue when the effective due date at E falls on or before the last date', () => {
    expect(dossiers([received('a', 'D1', at, '2023-06-14T17:00:00+07:00')])).toEqual(figures({ online: 1, overdue: 1 }));
    expect(dossiers([received('a', 'D1', at, '2023-06-14T17:00:00Z')])).toEqual(figures({ online: 1, withinDeadline: 1 }));
  });

  it('takes a rescheduling dated up to and including E into account, not a later one', () => {
    const r = received('a', 'D1', at, '2023-06-13T17:00:00+07:00');
    expect(dossiers([r, rescheduled('s', 'D1', '2023-06-12T10:00:00+07:00', '2023-06-26T17:00:00+07:00')])).toEqual(
      figures({ online: 1, withinDeadline: 1 }),
    );
    expect(dossiers([r, rescheduled('s', 'D1', '2023-06-15T00:00:00+07:00', '2023-06-26T17:00:00+07:00')])).toEqual(
      figures({ online: 1, withinDeadline: 1 }),
    );
    expect(dossiers([r, rescheduled('s', 'D1', '2023-06-15T00:00:01+07:00', '2023-06-26T17:00:00+07:00')])).toEqual(
      figures({ online: 1, overdue: 1 }),
    );
  });
});

describe('referenceFigures: documents', () => {
  it('counts each documentId once, at its earliest event, by form, leaving confidential ones out', () => {
    const events = [
      issued('d1', 'V1', '2023-01-05T08:00:00+07:00', 'electronic'),
      issued('d1-again', 'V1', '2023-01-06T08:00:00+07:00', 'paper'),
      issued('d2', 'V2', '2023-03-14T16:59:59Z', 'electronic_with_paper'), // 14/3 23:59:59 local: Q1
      issued('d3', 'V3', '2023-03-14T17:00:00Z', 'paper'), // 15/3 local: Q2
      issued('d4', 'V4', '2023-02-01T08:00:00+07:00', 'paper', true),
      issued('d5-late', 'V5', '2023-04-01T08:00:00+07:00', 'paper'),
      issued('d5', 'V5', '2023-02-01T08:00:00+07:00', 'paper', true), // earliest is confidential: never counted
      issued('d6', 'V6', '2023-02-01T08:00:00+07:00', 'paper', false),
      issued('x', 'V7', '2023-02-01T08:00:00+07:00', 'paper', false),
    ];
    expect(referenceFigures(events, A, '2023-Q1').documents.issued).toEqual({ total: 4, electronic: 1, electronicWithPaper: 1, paper: 2 });
    expect(referenceFigures(events, A, '2023-Q2').documents.issued).toEqual({ total: 1, electronic: 0, electronicWithPaper: 0, paper: 1 });
  });

  it('on equal occurredAt the event with the smaller id gives the form', () => {
    const at = '2023-01-05T08:00:00+07:00';
    const events = [issued('b', 'V1', at, 'paper'), issued('a', 'V1', at, 'electronic')];
    expect(referenceFigures(events, A, '2023-Q1').documents.issued).toEqual({ total: 1, electronic: 1, electronicWithPaper: 0, paper: 0 });
  });
});

describe('referenceFigures: agencies and fields', () => {
  it('counts only the asked agency', () => {
    const other = ev('o', 'dossier.received', '2023-03-01T08:00:00+07:00', { dossierId: 'D1', procedureCode: 'p', channel: 'online', dueAt: '2023-06-20T17:00:00+07:00' }, 'SNV');
    expect(dossiers([other])).toEqual(figures({}));
    expect(referenceFigures([other], 'SNV', '2023-H1').dossiers).toEqual(figures({ online: 1, withinDeadline: 1 }));
  });

  it('gives one row per field of the counting received event, sorted by code, "_" when none', () => {
    const due = '2023-03-20T17:00:00+07:00';
    const events = [
      received('a', 'D1', '2023-03-02T08:00:00+07:00', due, 'online', { fieldCode: 'TDC', fieldName: 'Tiêu chuẩn đo lường chất lượng' }),
      received('b', 'D2', '2023-03-01T08:00:00+07:00', due, 'online', { fieldCode: 'TDC', fieldName: 'Tiêu chuẩn, đo lường, chất lượng' }),
      received('c', 'D3', '2023-03-01T08:00:00+07:00', due, 'direct', { fieldCode: 'NLNT' }),
      received('d', 'D4', '2023-03-01T08:00:00+07:00', due, 'postal'),
      received('e-late', 'D4', '2023-03-05T08:00:00+07:00', due, 'postal', { fieldCode: 'SHTT', fieldName: 'Sở hữu trí tuệ' }),
      resolved('f', 'D2', '2023-03-03T08:00:00+07:00'),
    ];
    const { fields, dossiers: all } = referenceFigures(events, A, '2023-Q1');
    expect(fields).toEqual([
      { fieldCode: 'NLNT', fieldName: 'NLNT', dossiers: figures({ direct: 1, withinDeadline: 1 }) },
      { fieldCode: 'TDC', fieldName: 'Tiêu chuẩn, đo lường, chất lượng', dossiers: figures({ online: 2, early: 1, withinDeadline: 1 }) },
      { fieldCode: '_', fieldName: '_', dossiers: figures({ postal: 1, withinDeadline: 1 }) },
    ]);
    expect(all).toEqual(figures({ online: 2, direct: 1, postal: 1, early: 1, withinDeadline: 3 }));
  });
});

// Random streams around H1 of 2023: a handful of dossiers and documents, every event type,
// timestamps in both offset forms, some re-delivered.
const HOUR = 3600_000;
const FROM = Date.parse('2022-11-20T00:00:00+07:00');
const SPAN_HOURS = 24 * 240;
const stamp = (ms: number, utc: boolean) =>
  utc ? new Date(ms).toISOString().replace('.000Z', 'Z') : `${new Date(ms + 7 * HOUR).toISOString().slice(0, 19)}+07:00`;
const channelList = ['online', 'direct', 'postal'] as const;
const formList = ['electronic', 'electronic_with_paper', 'paper'] as const;
const types = ['dossier.received', 'dossier.received', 'dossier.rescheduled', 'dossier.resolved', 'dossier.withdrawn', 'dossier.returned', 'document.issued'] as const;
const spec = fc.record({
  type: fc.constantFrom(...types),
  subject: fc.integer({ min: 0, max: 5 }),
  hour: fc.integer({ min: 0, max: SPAN_HOURS }),
  dueHours: fc.integer({ min: -48, max: 24 * 40 }),
  utc: fc.boolean(),
  pick: fc.integer({ min: 0, max: 2 }),
  confidential: fc.boolean(),
});
type Spec = typeof spec extends fc.Arbitrary<infer T> ? T : never;
const streamOf = (specs: Spec[]): Event[] =>
  specs.map((s, i) => {
    const at = FROM + s.hour * HOUR;
    const occurredAt = stamp(at, s.utc);
    const dueAt = stamp(at + s.dueHours * HOUR, !s.utc);
    const dossierId = `D${s.subject}`;
    switch (s.type) {
      case 'dossier.received':
        return received(`e${i}`, dossierId, occurredAt, dueAt, channelList[s.pick]!, s.pick ? { fieldCode: `F${s.pick}` } : {});
      case 'dossier.rescheduled':
        return rescheduled(`e${i}`, dossierId, occurredAt, dueAt);
      case 'document.issued':
        return issued(`e${i}`, `V${s.subject}`, occurredAt, formList[s.pick]!, s.confidential);
      default:
        return ev(`e${i}`, s.type, occurredAt, { dossierId });
    }
  });
const periods = fc.constantFrom('2022-Q4', '2023-M01', '2023-Q1', '2023-Q2', '2023-H1', '2023-9M', '2023-FY');

function assertIdentity(f: DossierFigures) {
  expect(f.received.total).toBe(f.resolved.total + f.withdrawn + f.returned + f.pending.total);
  expect(f.pending.total).toBe(f.pending.withinDeadline + f.pending.overdue);
}

describe('referenceFigures over random streams', () => {
  it('received.total = resolved.total + withdrawn + returned + pending.total, overall and per field', () => {
    fc.assert(
      fc.property(fc.array(spec, { maxLength: 40 }), periods, (specs, periodId) => {
        const result = referenceFigures(streamOf(specs), A, periodId);
        assertIdentity(result.dossiers);
        result.fields.forEach((row) => assertIdentity(row.dossiers));
        expect(result.fields.reduce((n, row) => n + row.dossiers.received.total, 0)).toBe(result.dossiers.received.total);
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same figures for every arrival order and any re-deliveries', () => {
    fc.assert(
      fc.property(
        fc.array(spec, { minLength: 1, maxLength: 30 }),
        periods,
        fc.array(fc.nat(), { minLength: 1, maxLength: 60 }),
        (specs, periodId, keys) => {
          const stream = streamOf(specs);
          const redelivered = keys.map((k) => stream[k % stream.length]!);
          const shuffled = [...stream, ...redelivered]
            .map((e, i) => ({ e, key: keys[i % keys.length]! * 7919 + i }))
            .sort((a, b) => a.key - b.key)
            .map(({ e }) => e);
          expect(referenceFigures(shuffled, A, periodId)).toEqual(referenceFigures(stream, A, periodId));
        },
      ),
      { numRuns: 300 },
    );
  });
});
