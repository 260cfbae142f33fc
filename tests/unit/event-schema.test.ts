import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { event, eventBatch } from '#events/event.schema.ts';
import { jsonSchemaText, SCHEMA_FILES } from '#events/json-schema.ts';

describe('the JSON Schema for integrators', () => {
  it.each(Object.keys(SCHEMA_FILES) as Array<keyof typeof SCHEMA_FILES>)('events/schema/%s matches the zod contract (run npm run schema)', (name) => {
    expect(readFileSync(new URL(`../../events/schema/${name}`, import.meta.url), 'utf8')).toBe(jsonSchemaText(name));
  });

  it('lists every event type and requires an offset on timestamps', () => {
    const schema = JSON.parse(jsonSchemaText('event.json'));
    const types = schema.oneOf.map((s: { properties: { type: { const: string } } }) => s.properties.type.const);
    expect(types).toEqual(['dossier.received', 'dossier.rescheduled', 'dossier.resolved', 'dossier.withdrawn', 'dossier.returned', 'document.issued']);
    expect(schema.oneOf[0].properties.occurredAt.pattern).toContain('Z|[+-]');
  });
});

describe('the zod contract', () => {
  const base = { id: 'mc-1', occurredAt: '2023-03-01T08:30:00+07:00', agencyId: 'SKHCN' };
  it('keeps unknown data fields and defaults confidential to false', () => {
    const parsed = event.parse({ ...base, type: 'document.issued', data: { documentId: 'VB-1', form: 'paper', extra: 'kept' } });
    expect(parsed.data).toEqual({ documentId: 'VB-1', form: 'paper', confidential: false, extra: 'kept' });
  });
  it.each([
    ['2023-03-01T08:30:00', 'no offset'],
    ['2023-02-29T08:30:00Z', 'not a leap year'],
    ['2023-04-31T08:30:00+07:00', 'no 31 April'],
    ['2023-03-01T24:00:00+07:00', 'hour 24'],
    ['2023-03-01 08:30:00+07:00', 'space separator'],
  ])('refuses occurredAt %s (%s)', (occurredAt) => {
    expect(event.safeParse({ ...base, occurredAt, type: 'dossier.resolved', data: { dossierId: 'D' } }).success).toBe(false);
  });
  it('accepts fractional seconds and a leap day', () => {
    expect(event.safeParse({ ...base, occurredAt: '2024-02-29T08:30:00.123456Z', type: 'dossier.resolved', data: { dossierId: 'D' } }).success).toBe(true);
  });
  it('refuses ids and agencies outside their alphabets', () => {
    expect(event.safeParse({ ...base, id: 'a b', type: 'dossier.resolved', data: { dossierId: 'D' } }).success).toBe(false);
    expect(event.safeParse({ ...base, id: 'x'.repeat(129), type: 'dossier.resolved', data: { dossierId: 'D' } }).success).toBe(false);
    expect(event.safeParse({ ...base, agencyId: 'SỞ', type: 'dossier.resolved', data: { dossierId: 'D' } }).success).toBe(false);
  });
  it('takes 1 to 500 events per batch', () => {
    const one = { ...base, type: 'dossier.resolved', data: { dossierId: 'D' } };
    expect(eventBatch.safeParse({ events: Array(500).fill(one) }).success).toBe(true);
    expect(eventBatch.safeParse({ events: Array(501).fill(one) }).success).toBe(false);
  });

  describe('bounds: local dates 2000-01-01 … 2099-12-31 (CONTRACT §1)', () => {
    const received = (occurredAt: string, dueAt = '2023-03-10T17:00:00+07:00') => ({
      ...base,
      occurredAt,
      type: 'dossier.received',
      data: { dossierId: 'D', procedureCode: 'P', channel: 'online', dueAt },
    });
    const rescheduled = (dueAt: string) => ({ ...base, type: 'dossier.rescheduled', data: { dossierId: 'D', dueAt } });
    const paths = (value: unknown) => eventBatch.safeParse({ events: [value] }).error?.issues.map((i) => [i.path.join('.'), i.message]) ?? [];

    it.each([
      ['1999-12-31T17:00:00Z', '2000-01-01 00:00 local'],
      ['2000-01-01T00:00:00+07:00', 'the first local instant, with its offset'],
      ['2099-12-31T16:59:59Z', '2099-12-31 23:59:59 local'],
      ['2099-12-31T23:59:59.999999999+07:00', 'the last local instant, in nanoseconds'],
      ['2099-12-31T00:00:00-12:00', '2099-12-31 19:00 local'],
    ])('accepts %s (%s) as occurredAt and as dueAt', (instant) => {
      expect(paths(received(instant))).toEqual([]);
      expect(paths(received('2023-03-01T08:30:00+07:00', instant))).toEqual([]);
      expect(paths(rescheduled(instant))).toEqual([]);
    });

    it.each([
      ['9999-12-31T20:00:00Z', 'local year 10000'],
      ['0999-06-01T00:00:00Z', 'year 999'],
      ['0000-01-01T00:00:00Z', 'year 0'],
      ['2099-12-31T17:00:00Z', '2100-01-01 00:00 local'],
      ['1999-12-31T16:59:59Z', '1999-12-31 23:59:59 local'],
      ['2000-01-01T06:59:59+14:00', '1999-12-31 23:59:59 local, by its offset'],
      ['2100-01-01T00:00:00Z', 'the year 2100'],
    ])('refuses %s (%s), naming the field', (instant) => {
      const message = expect.stringContaining('from 2000-01-01 to 2099-12-31');
      expect(paths(received(instant))).toEqual([['events.0.occurredAt', message]]);
      expect(paths(received('2023-03-01T08:30:00+07:00', instant))).toEqual([['events.0.data.dueAt', message]]);
      expect(paths(rescheduled(instant))).toEqual([['events.0.data.dueAt', message]]);
    });

    it('gives one message for a date that does not exist, not a bounds message too', () => {
      expect(paths(received('2023-02-30T08:00:00+07:00'))).toEqual([['events.0.occurredAt', 'is not a real date and time']]);
    });

    it('describes the bounds in the JSON Schema', () => {
      const schema = JSON.parse(jsonSchemaText('event.json'));
      expect(schema.oneOf[0].properties.occurredAt.description).toContain('2000-01-01 to 2099-12-31');
      expect(schema.oneOf[0].properties.data.properties.dueAt.description).toContain('2000-01-01 to 2099-12-31');
      expect(schema.oneOf[1].properties.data.properties.dueAt.description).toContain('2000-01-01 to 2099-12-31');
    });
  });
});
