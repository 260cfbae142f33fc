// Random event streams around period edges, for the property and concurrency tests.
import fc from 'fast-check';
import type { Event } from '#events/event.schema.ts';

// Instants cluster around the 15th, where periods change, in +07:00 and in Z.
const instant = fc
  .record({
    month: fc.integer({ min: 10, max: 21 }), // Oct 2022 … Sep 2023
    day: fc.constantFrom(1, 13, 14, 15, 16, 28),
    hour: fc.constantFrom(0, 6, 16, 17, 23),
    minute: fc.constantFrom(0, 59),
    zulu: fc.boolean(),
  })
  .map(({ month, day, hour, minute, zulu }) => {
    const year = month > 12 ? 2023 : 2022;
    const mm = String(((month - 1) % 12) + 1).padStart(2, '0');
    const hh = String(hour).padStart(2, '0');
    const min = String(minute).padStart(2, '0');
    return `${year}-${mm}-${String(day).padStart(2, '0')}T${hh}:${min}:00${zulu ? 'Z' : '+07:00'}`;
  });

const fields = [
  { fieldCode: 'KHCN', fieldName: 'Hoạt động khoa học và công nghệ' },
  { fieldCode: 'TDC', fieldName: 'Tiêu chuẩn đo lường chất lượng' },
  {},
];

/** A Decision 766 indicator as sent: true, false or absent (so duplicates of one dossier disagree). */
const indicator = fc.constantFrom(true, false, undefined).map((value) => ({ as: (name: string) => (value === undefined ? {} : { [name]: value }) }));

const dossierEvent = (dossiers: number, documents: number) => {
  const dossierId = fc.integer({ min: 1, max: dossiers }).map((i) => `D${i}`);
  return fc.oneof(
  fc.record({ dossierId, occurredAt: instant, dueAt: instant, channel: fc.constantFrom('online', 'direct', 'postal'), field: fc.constantFrom(...fields), fullyOnline: indicator, digitized: indicator }).map(
    ({ dossierId, occurredAt, dueAt, channel, field, fullyOnline, digitized }) => ({
      type: 'dossier.received',
      occurredAt,
      data: { dossierId, procedureCode: '1.004503', channel, dueAt, ...field, ...fullyOnline.as('fullyOnline'), ...digitized.as('digitized') },
    }),
  ),
  fc.record({ dossierId, occurredAt: instant, dueAt: instant }).map(({ dossierId, occurredAt, dueAt }) => ({ type: 'dossier.rescheduled', occurredAt, data: { dossierId, dueAt } })),
  fc.record({ dossierId, occurredAt: instant, type: fc.constantFrom('dossier.resolved', 'dossier.withdrawn', 'dossier.returned'), resultElectronic: indicator }).map(
    ({ dossierId, occurredAt, type, resultElectronic }) => ({ type, occurredAt, data: { dossierId, ...(type === 'dossier.resolved' ? resultElectronic.as('resultElectronic') : {}) } }),
  ),
  fc.record({ documentId: fc.integer({ min: 1, max: documents }).map((i) => `V${i}`), occurredAt: instant, form: fc.constantFrom('electronic', 'electronic_with_paper', 'paper'), confidential: fc.boolean() }).map(
    ({ documentId, occurredAt, form, confidential }) => ({ type: 'document.issued', occurredAt, data: { documentId, form, confidential } }),
  ),
  );
};

/** A stream of distinct events (ids e0, e1, …) for agency SKHCN. */
export const eventStream = (maxLength = 40, dossiers = 8, documents = 3, minLength = 1) =>
  fc.array(dossierEvent(dossiers, documents), { minLength, maxLength }).map((list) => list.map((e, i) => ({ id: `e${i}`, agencyId: 'SKHCN', ...e }) as Event));

/** The same stream as delivered: shuffled, with some events delivered more than once. */
export const delivered = (events: Event[]) =>
  fc.tuple(fc.shuffledSubarray(events, { minLength: 0, maxLength: events.length }), fc.integer()).chain(([again, seed]) =>
    fc.shuffledSubarray([...events, ...again], { minLength: events.length + again.length, maxLength: events.length + again.length }).map((order) => ({ order, seed })),
  );

export const PERIODS = ['2023-M01', '2023-M06', '2023-Q1', '2023-Q2', '2023-H1', '2023-H2', '2023-9M', '2023-FY', '2022-Q4'];

/** One fixed pseudo-random stream, the same on every run. */
export function sampleStream(length: number, dossiers: number, seed = 42): Event[] {
  const [events] = fc.sample(eventStream(length, dossiers, Math.ceil(dossiers / 4), length), { seed, numRuns: 1 });
  return events!;
}

// Streams over the whole range CONTRACT §1 allows: instants anywhere in 2000-01-01 … 2099-12-31
// local (so a dossier may stay open for a century or be due decades away), and ids, field codes
// and names up to the schema's 512 characters in any script.
const FIRST_INSTANT = Date.parse('2000-01-01T00:00:00+07:00');
const LAST_INSTANT = Date.parse('2099-12-31T23:59:00+07:00');
const wideInstant = fc.integer({ min: FIRST_INSTANT / 60_000, max: LAST_INSTANT / 60_000 }).map((minutes) => new Date(minutes * 60_000).toISOString().replace('.000Z', 'Z'));
const SCRIPTS = ['ệ', 'Ω', '中', 'ك', 'ก', 'a', '#', '\u00a0', '😀'];
/** 1–512 UTF-16 units of one or several scripts (the schema counts UTF-16 units). */
const anyScriptText = fc
  .tuple(fc.constantFrom(...SCRIPTS), fc.constantFrom(...SCRIPTS), fc.integer({ min: 1, max: 512 }))
  .map(([a, b, length]) => {
    let text = '';
    for (let i = 0; text.length < length; i++) text += i % 3 === 0 ? b : a;
    return text.length > length ? text.slice(0, length - 1) + 'x' : text;
  });

/** A stream of distinct events over the whole allowed range, with long keys in any script. */
export const wideEventStream = (maxLength = 12) => {
  const dossierId = fc.oneof(fc.constantFrom('D1', 'D2'), anyScriptText);
  const field = fc.oneof(fc.constant({}), anyScriptText.map((code) => ({ fieldCode: code, fieldName: code.length <= 500 ? `Lĩnh vực ${code}` : code })));
  const event = fc.oneof(
    fc.record({ dossierId, occurredAt: wideInstant, dueAt: wideInstant, channel: fc.constantFrom('online', 'direct', 'postal'), field }).map(({ dossierId, occurredAt, dueAt, channel, field }) => ({
      type: 'dossier.received', occurredAt, data: { dossierId, procedureCode: '1.004503', channel, dueAt, ...field },
    })),
    fc.record({ dossierId, occurredAt: wideInstant, dueAt: wideInstant }).map(({ dossierId, occurredAt, dueAt }) => ({ type: 'dossier.rescheduled', occurredAt, data: { dossierId, dueAt } })),
    fc.record({ dossierId, occurredAt: wideInstant, type: fc.constantFrom('dossier.resolved', 'dossier.withdrawn', 'dossier.returned') }).map(({ dossierId, occurredAt, type }) => ({ type, occurredAt, data: { dossierId } })),
    fc.record({ documentId: anyScriptText, occurredAt: wideInstant, form: fc.constantFrom('electronic', 'paper') }).map(({ documentId, occurredAt, form }) => ({
      type: 'document.issued', occurredAt, data: { documentId, form, confidential: false },
    })),
  );
  return fc.array(event, { minLength: 1, maxLength }).map((list) => list.map((e, i) => ({ id: `w${i}`, agencyId: 'SKHCN', ...e }) as Event));
};

/** Periods that cut a century-long history at its start, middle and end. */
export const WIDE_PERIODS = ['2000-M01', '2000-FY', '2023-H1', '2040-Q3', '2066-9M', '2099-FY', '2100-M01', '2100-Q1'];
