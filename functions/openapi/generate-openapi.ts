// npm run schema: rewrites docs/openapi.json from the route table and the zod schemas.
import { writeFileSync } from 'node:fs';
import { openApiText } from './openapi-document.ts';

writeFileSync(new URL('../../docs/openapi.json', import.meta.url), openApiText());
console.log('docs/openapi.json');
