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
});
