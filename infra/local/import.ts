// npm run import -- --agency SKHCN FILE.csv|FILE.xlsx [--url URL] [--dry-run] [--columns mapping.json]
// Imports a one-stop-shop dossier export (CONTRACT §9): to a running `npm run dev` when --url is
// given, otherwise to a local stack started for the run (as replay does).
import './quiet-sdk.ts';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import * as z from 'zod';
import { agencyId } from '#events/event.schema.ts';
import { EXPORT_COLUMNS, type ExportColumn } from '#domain/dossier-import.ts';
import { DomainError } from '#domain/errors.ts';
import { startLocalApp } from './app.ts';
import { importExport } from './import-client.ts';
import { progressBar } from './replay-client.ts';
import { LOCAL_DEFAULTS } from './stack.ts';

const usage = 'usage: npm run import -- --agency SKHCN FILE.csv|FILE.xlsx [--url URL] [--dry-run] [--columns mapping.json] [--secret …]';
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { agency: { type: 'string' }, url: { type: 'string' }, 'dry-run': { type: 'boolean' }, columns: { type: 'string' }, secret: { type: 'string' } },
});
const file = positionals[0];
const agency = agencyId.safeParse(values.agency);
if (!file || !agency.success) {
  console.error(values.agency === undefined || agency.success ? usage : `--agency: must be 1–64 characters of A-Z a-z 0-9 _ -\n${usage}`);
  process.exit(2);
}

/** `{"dossierId": "Số hồ sơ", …}`: the export's header for each column CONTRACT §9 names. */
const columnsFile = z.partialRecord(z.enum(Object.keys(EXPORT_COLUMNS) as [ExportColumn, ...ExportColumn[]]), z.string().min(1));
const renamed = values.columns ? columnsFile.parse(JSON.parse(await readFile(values.columns, 'utf8'))) : {};

process.env.LOG_LEVEL ??= 'warn';
const dryRun = values['dry-run'] ?? false;
const app = values.url || dryRun ? undefined : await startLocalApp();
try {
  const url = values.url ?? app?.api.url ?? '';
  const secret = values.secret ?? process.env.EVENTS_HMAC_SECRET ?? LOCAL_DEFAULTS.eventsHmacSecret;
  const summary = await importExport(file, { agencyId: agency.data, url, secret, dryRun, renamed, onProgress: progressBar(`${dryRun ? 'Checking' : 'Importing'} ${file}`, 'rows') });
  const refused = Object.entries(summary.refusedByReason);
  console.log(`${summary.rowsRead} rows read, ${summary.rowsImported} imported, ${summary.events} events ${dryRun ? 'to send (dry run: nothing sent)' : `accepted by ${url}`}`);
  console.log(`${refused.reduce((n, [, count]) => n + count!, 0)} rows refused${refused.map(([code, count]) => `\n  ${code}: ${count}`).join('')}`);
  if (refused.length > 0) console.log(`Refused rows, with row numbers and reasons: ${summary.refusedReport}`);
  process.exitCode = refused.length > 0 ? 1 : 0;
} catch (error) {
  if (!(error instanceof DomainError)) throw error;
  console.error(`${error.message}${error.details.map((d) => `\n  ${d.path}: ${d.message}`).join('')}`);
  process.exitCode = 2;
} finally {
  await app?.stop();
}
