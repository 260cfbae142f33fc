// npm run bench: prints the figures the issues set targets for. Runs against DynamoDB Local.
import '../../infra/local/quiet-sdk.ts';
import { commandLine, usageError } from '../../infra/local/cli.ts';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local.ts';
import { benchBundles } from './bundles.bench-part.ts';
import { benchConsole } from './console.bench-part.ts';
import { benchConsumers } from './consumers.bench-part.ts';
import { benchFigures } from './figures.bench-part.ts';
import { benchImportAndClose } from './import.bench-part.ts';
import { benchRender } from './render.bench-part.ts';
import { benchReview } from './review.bench-part.ts';
import { benchRollup } from './rollup.bench-part.ts';

const usage = `usage: npm run bench [-- rollup]

Prints throughput, write units, latencies, render times, bundle sizes and init times over DynamoDB
Local and the local stack; \`rollup\` runs the province roll-up part alone.`;
const { positionals } = commandLine(usage, { allowPositionals: true, options: {} });
if (positionals.some((p) => p !== 'rollup')) usageError(usage, `unknown part: ${positionals.filter((p) => p !== 'rollup').join(' ')}`);
const rollupOnly = positionals.includes('rollup');

process.env.LOG_LEVEL ??= 'warn';

function print(title: string, figures: Record<string, number | string>): void {
  console.log(`\n${title}`);
  const width = Math.max(...Object.keys(figures).map((k) => k.length));
  for (const [key, value] of Object.entries(figures)) console.log(`  ${key.padEnd(width)}  ${value}`);
}

const dynamodb = await startDynamoDbLocal();
try {
  // `npm run bench -- rollup` runs this part alone.
  if (!rollupOnly) {
    print('Event pipeline (DynamoDB Local)', await benchFigures(dynamodb.endpoint));
    print('Concurrent consumers on one agency (DynamoDB Local)', await benchConsumers(dynamodb.endpoint));
  }
  print('Province roll-up (DynamoDB Local)', await benchRollup(dynamodb.endpoint));
} finally {
  await dynamodb.stop();
}
if (!rollupOnly) {
  print('Report rendering (warm, median)', await benchRender());
  print('Sign and issue through the use cases (warm, median, in-memory stores)', await benchReview());
  print('Function bundles', await benchBundles());
  print('Staff console (Chromium, local server)', await benchConsole());
  print('History import and fan-out close (whole local stack)', await benchImportAndClose());
}
