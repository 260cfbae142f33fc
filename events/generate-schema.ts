// npm run schema: rewrites events/schema/*.json from the zod contract.
import { writeFileSync } from 'node:fs';
import { jsonSchemaText, SCHEMA_FILES } from './json-schema.ts';

for (const name of Object.keys(SCHEMA_FILES) as Array<keyof typeof SCHEMA_FILES>) {
  writeFileSync(new URL(`./schema/${name}`, import.meta.url), jsonSchemaText(name));
  console.log(`events/schema/${name}`);
}
