// JSON Schema for integrators, generated from the zod contract (what a sender may send).
import * as z from 'zod';
import { event, eventBatch } from './event.schema.ts';

export const SCHEMA_FILES = {
  'event.json': { schema: event, title: 'One event of CONTRACT §1' },
  'event-batch.json': { schema: eventBatch, title: 'The body of POST /v1/events' },
} as const;

export function jsonSchemaText(name: keyof typeof SCHEMA_FILES): string {
  const { schema, title } = SCHEMA_FILES[name];
  const json = { $id: `https://cchc-report/schema/${name}`, title, ...z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' }) };
  return `${JSON.stringify(json, null, 2)}\n`;
}
