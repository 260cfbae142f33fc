// The event contract of CONTRACT §1, in code. Integrators get the JSON Schema generated
// from these (events/schema/*.json, kept in sync by a test).
import * as z from 'zod';
import { EVENT_DATES, withinEventBounds } from '#domain/periods.ts';

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-](\d{2}):(\d{2}))$/i;

function isRealInstant(value: string): boolean {
  const m = RFC3339.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as number[];
  const daysInMonth = new Date(Date.UTC(year!, month!, 0)).getUTCDate();
  const offsetOk = m[8]!.toUpperCase() === 'Z' || (Number(m[9]) <= 23 && Number(m[10]) <= 59);
  return month! >= 1 && month! <= 12 && day! >= 1 && day! <= daysInMonth && hour! <= 23 && minute! <= 59 && second! <= 59 && offsetOk;
}

/** RFC 3339 date-time that carries an offset or Z, and names a date that exists. */
export const timestamp = z
  .string()
  .regex(RFC3339, { message: 'must be an RFC 3339 timestamp with an offset or Z, e.g. 2023-03-01T08:30:00+07:00', abort: true })
  .refine(isRealInstant, { message: 'is not a real date and time', abort: true })
  .meta({ format: 'date-time' });

/** `occurredAt` and `dueAt`: a timestamp inside the bounds of CONTRACT §1 (local dates, UTC+7). */
const boundsRule = `must fall on a local date (Asia/Ho_Chi_Minh, UTC+7) from ${EVENT_DATES.first} to ${EVENT_DATES.last}`;
const eventTime = timestamp
  .refine((value) => withinEventBounds(Date.parse(value)), boundsRule)
  .meta({ description: `RFC 3339 timestamp with an offset or Z; ${boundsRule}` });

const eventId = z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, 'must be 1–128 characters of A-Z a-z 0-9 . _ : -');
export const agencyId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 characters of A-Z a-z 0-9 _ -');
const nonEmpty = z.string().min(1).max(512);

const dossierId = nonEmpty;

const channels = ['online', 'direct', 'postal'] as const;
const documentForms = ['electronic', 'electronic_with_paper', 'paper'] as const;

// Unknown extra fields in `data` are kept but ignored (CONTRACT §1).
const data = <T extends z.ZodRawShape>(shape: T) => z.looseObject(shape);

const envelope = {
  id: eventId,
  occurredAt: eventTime,
  agencyId,
};

const dossierReceived = z.object({
  ...envelope,
  type: z.literal('dossier.received'),
  data: data({
    dossierId,
    procedureCode: nonEmpty,
    channel: z.enum(channels),
    dueAt: eventTime,
    procedureName: nonEmpty.optional(),
    fieldCode: nonEmpty.optional(),
    fieldName: nonEmpty.optional(),
    fullyOnline: z.boolean().optional().meta({ description: 'Decision 766 indicator: submitted as a fully online public service (toàn trình); absent counts as false' }),
    digitized: z.boolean().optional().meta({ description: "Decision 766 indicator: the dossier's components were digitised at receipt (số hóa hồ sơ); absent counts as false" }),
  }),
});

const dossierRescheduled = z.object({
  ...envelope,
  type: z.literal('dossier.rescheduled'),
  data: data({ dossierId, dueAt: eventTime, reason: z.string().max(2000).optional() }),
});

const dossierResolved = z.object({
  ...envelope,
  type: z.literal('dossier.resolved'),
  data: data({
    dossierId,
    resultElectronic: z.boolean().optional().meta({ description: 'Decision 766 indicator: an electronic result was issued (kết quả điện tử); absent counts as false' }),
  }),
});

const dossierWithdrawn = z.object({
  ...envelope,
  type: z.literal('dossier.withdrawn'),
  data: data({ dossierId }),
});

const dossierReturned = z.object({
  ...envelope,
  type: z.literal('dossier.returned'),
  data: data({ dossierId, reason: z.string().max(2000).optional() }),
});

const documentIssued = z.object({
  ...envelope,
  type: z.literal('document.issued'),
  data: data({
    documentId: nonEmpty,
    form: z.enum(documentForms),
    confidential: z.boolean().default(false),
    number: z.string().max(128).optional(),
    summary: z.string().max(2000).optional(),
  }),
});

export const event = z.discriminatedUnion('type', [
  dossierReceived,
  dossierRescheduled,
  dossierResolved,
  dossierWithdrawn,
  dossierReturned,
  documentIssued,
]);

export const MAX_EVENTS_PER_REQUEST = 500;

export const eventBatch = z.strictObject({
  events: z.array(event).min(1).max(MAX_EVENTS_PER_REQUEST),
});

export type Event = z.infer<typeof event>;
export type DossierEvent = Exclude<Event, { type: 'document.issued' }>;
export type DocumentEvent = Extract<Event, { type: 'document.issued' }>;
export type Channel = (typeof channels)[number];
export type DocumentForm = (typeof documentForms)[number];
