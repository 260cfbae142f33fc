// npm run redrive [-- --agency SKHCN] [--dynamodb http://127.0.0.1:PORT] [--table NAME]
// Re-applies the parked events of the local stack after a fix, through the redrive Lambda's own
// handler, and prints what happened to each. By default it opens the data `npm run dev` keeps in
// .local/ (or $LOCAL_DATA_DIR) with a DynamoDB Local of its own, so stop `npm run dev` first; or
// pass --dynamodb with the endpoint a running `npm run dev` prints, to redrive under it.
import './quiet-sdk.ts';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { RedriveReport } from '#functions/redrive/redrive.ts';
import { buildRedrive } from '#functions/redrive/redrive.root.ts';
import { commandLine } from './cli.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startDynamoDbLocal } from './dynamodb-local.ts';
import { lambdaContext } from './lambda-context.ts';
import { LOCAL_DEFAULTS, localAdapters } from './stack.ts';
import { createTable } from './table.ts';

const usage = `usage: npm run redrive [-- --agency SKHCN] [--dynamodb http://127.0.0.1:PORT] [--table NAME]

Re-applies the parked events kept in .local/ (or $LOCAL_DATA_DIR) and prints what became of each;
exit 1 when some are still failing.
  --agency A        only this agency's parked events
  --dynamodb URL    the DynamoDB Local of a running \`npm run dev\` (default: one started on .local/)
  --table NAME      the table (default ${LOCAL_DEFAULTS.tableName})`;
const { values } = commandLine(usage, { options: { agency: { type: 'string' }, dynamodb: { type: 'string' }, table: { type: 'string' } } });
const tableName = values.table ?? LOCAL_DEFAULTS.tableName;
process.env.LOG_LEVEL ??= 'warn';

const local = values.dynamodb ? undefined : await startDynamoDbLocal({ dbPath: join(process.env.LOCAL_DATA_DIR ?? '.local', 'dynamodb') });
try {
  const endpoint = values.dynamodb ?? local!.endpoint;
  // A data dir `npm run dev` never used has no table yet: then there is simply nothing parked.
  const raw = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  await createTable(raw, tableName).finally(() => raw.destroy());

  // The redrive reads no bucket: S3's endpoint is never called.
  const handler = buildRedrive({ settings: { tableName }, adapters: localAdapters({ dynamodb: endpoint, s3: endpoint }) });
  const payload = values.agency === undefined ? {} : { agencyId: values.agency };
  const report = (await handler(payload, lambdaContext('redrive', 300_000))) as RedriveReport;
  console.log(describe(report, values.agency));
  if (report.failed > 0) process.exitCode = 1;
} finally {
  await local?.stop();
}

function describe(report: RedriveReport, agency: string | undefined): string {
  const scope = agency === undefined ? 'any agency' : `agency ${agency}`;
  if (report.events.length === 0) return `No parked events for ${scope}.`;
  const width = Math.max(...report.events.map((e) => e.agencyId.length));
  const lines = report.events.map((e) =>
    e.outcome === 'applied' ? `  ${e.agencyId.padEnd(width)}  ${e.eventId}  re-applied` : `  ${e.agencyId.padEnd(width)}  ${e.eventId}  still failing: ${e.reason}`,
  );
  const reapplied = report.events.length - report.failed;
  return [
    `Redrove ${report.events.length} parked event(s) of ${scope}:`,
    ...lines,
    `${reapplied} re-applied (${report.applied} new to the figures, ${report.duplicates} already in them), ${report.failed} still parked.`,
  ].join('\n');
}
