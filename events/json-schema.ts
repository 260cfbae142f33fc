// JSON Schema for integrators, generated from the zod contract (what a sender may send).
import * as z from 'zod';
import { event, eventBatch } from './event.schema.ts';

/**
 * How every JSON Schema here is generated (events/schema/*.json and docs/openapi.json): the input
 * side of transforms and defaults, since that is what a client sends, in draft 2020-12, which is
 * also the dialect of OpenAPI 3.1.
 */
export const JSON_SCHEMA_OPTIONS = { io: 'input', target: 'draft-2020-12' } as const;

/** A generated file as committed: 2-space JSON with a final newline, so a regeneration diffs cleanly. */
export const jsonFileText = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

export const SCHEMA_FILES = {
  'event.json': { schema: event, title: 'One event of CONTRACT §1' },
  'event-batch.json': { schema: eventBatch, title: 'The body of POST /v1/events' },
} as const;

export function jsonSchemaText(name: keyof typeof SCHEMA_FILES): string {
  const { schema, title } = SCHEMA_FILES[name];
  return jsonFileText({ $id: `https://cchc-report/schema/${name}`, title, ...z.toJSONSchema(schema, JSON_SCHEMA_OPTIONS) });
}
