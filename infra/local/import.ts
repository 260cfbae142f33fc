// npm run import -- --agency SKHCN FILE.csv|FILE.xlsx [--url URL] [--dry-run] [--columns mapping.json]
// Imports a one-stop-shop dossier export (CONTRACT §9): to a running `npm run dev` when --url is
// given, otherwise to a local stack started for the run (as replay does). Exit codes: IMPORT_EXIT.
import './quiet-sdk.ts';
import { access, readFile } from 'node:fs/promises';
import * as z from 'zod';
import { agencyId } from '#events/event.schema.ts';
import { EXPORT_COLUMNS, type ExportColumn } from '#domain/dossier-import.ts';
import { DomainError } from '#domain/errors.ts';
import { startLocalApp } from './app.ts';
import { commandLine, usageError } from './cli.ts';
import { importExport, type ImportSummary } from './import-client.ts';
import { progressBar } from './replay-client.ts';
import { LOCAL_DEFAULTS } from './stack.ts';

/** What the exit code says (docs/import.md). */
const IMPORT_EXIT = {
  /** every row imported (or, with --dry-run, would be) */
  imported: 0,
  /** some rows refused, listed in FILE.refused.csv; every other row imported */
  rowsRefused: 1,
  /** nothing sent: wrong arguments, a file that cannot be opened, or one that breaks part-way (its line in FILE.refused.csv) */
  nothingSent: 2,
  /** the sending stopped part-way (the API refused a batch or could not be reached): import the same file again to send the rest */
  sendingStopped: 3,
} as const;

const usage = `usage: npm run import -- --agency SKHCN FILE.csv|FILE.xlsx [--url URL] [--dry-run] [--columns mapping.json] [--secret …]

Turns a one-stop-shop dossier export into signed POST /v1/events requests (CONTRACT §9), to --url
or to a local stack started for the run. Refused rows are listed in FILE.refused.csv.
  --agency A        the agency whose dossiers these are (required)
  --url URL         a running \`npm run dev\` (default: a local stack started for the run)
  --dry-run         check every row, send nothing
  --columns FILE    JSON mapping another export's headers, e.g. {"dossierId": "Số hồ sơ"}
  --secret S        the events HMAC secret (default $EVENTS_HMAC_SECRET or local-dev-secret)
exit codes: 0 all imported · 1 rows refused, the others imported · 2 nothing sent (arguments, or a
file that cannot be read whole) · 3 the sending stopped part-way (importing the file again sends the rest)`;

const { values, positionals } = commandLine(usage, {
  allowPositionals: true,
  options: { agency: { type: 'string' }, url: { type: 'string' }, 'dry-run': { type: 'boolean' }, columns: { type: 'string' }, secret: { type: 'string' } },
});
const [file, ...extra] = positionals;
if (values.agency === undefined) usageError(usage, '--agency: required');
const agency = agencyId.safeParse(values.agency);
if (!agency.success) usageError(usage, '--agency: must be 1–64 characters of A-Z a-z 0-9 _ -');
if (!file) usageError(usage, 'FILE: required');
if (extra.length > 0) usageError(usage, `one file at a time: ${extra.join(' ')} is one too many`);

/** `{"dossierId": "Số hồ sơ", …}`: the export's header for each column CONTRACT §9 names. */
const columnsFile = z.partialRecord(z.enum(Object.keys(EXPORT_COLUMNS) as [ExportColumn, ...ExportColumn[]]), z.string().min(1));

/** The file and the --columns mapping, or why not (nothing is sent either way). */
async function readInputs(file: string): Promise<Partial<Record<ExportColumn, string>>> {
  await access(file).catch(() => usageError(usage, `${file}: cannot be read`));
  if (!values.columns) return {};
  const text = await readFile(values.columns, 'utf8').catch(() => usageError(usage, `--columns ${values.columns}: cannot be read`));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    usageError(usage, `--columns ${values.columns}: not JSON`);
  }
  const parsed = columnsFile.safeParse(json);
  if (!parsed.success) usageError(usage, `--columns ${values.columns}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'} ${i.message}`).join('; ')}`);
  return parsed.data;
}

function printSummary(summary: ImportSummary, dryRun: boolean, url: string): void {
  const refused = Object.entries(summary.refusedByReason);
  if (summary.unreadable) {
    console.log(`${summary.rowsRead} rows read; nothing sent: the file cannot be read from line ${summary.unreadable.line} on (${summary.unreadable.reason}). Fix it and import it again.`);
  } else {
    console.log(`${summary.rowsRead} rows read, ${summary.rowsImported} imported, ${summary.events} events ${dryRun ? 'to send (dry run: nothing sent)' : `accepted by ${url}`}`);
  }
  console.log(`${refused.reduce((n, [, count]) => n + count!, 0)} rows refused${refused.map(([code, count]) => `\n  ${code}: ${count}`).join('')}`);
  if (refused.length > 0) console.log(`Refused rows, with row numbers and reasons: ${summary.refusedReport}`);
}

const renamed = await readInputs(file);
process.env.LOG_LEVEL ??= 'warn';
const dryRun = values['dry-run'] ?? false;
const app = values.url || dryRun ? undefined : await startLocalApp();
try {
  const url = values.url ?? app?.api.url ?? '';
  const secret = values.secret ?? process.env.EVENTS_HMAC_SECRET ?? LOCAL_DEFAULTS.eventsHmacSecret;
  const summary = await importExport(file, { agencyId: agency.data, url, secret, dryRun, renamed, onProgress: progressBar(`${dryRun ? 'Checking' : 'Importing'} ${file}`, 'rows') });
  printSummary(summary, dryRun, url);
  process.exitCode = summary.unreadable ? IMPORT_EXIT.nothingSent : Object.keys(summary.refusedByReason).length > 0 ? IMPORT_EXIT.rowsRefused : IMPORT_EXIT.imported;
} catch (error) {
  if (error instanceof DomainError) {
    console.error(`${error.message}${error.details.map((d) => `\n  ${d.path}: ${d.message}`).join('')}`);
    process.exitCode = IMPORT_EXIT.nothingSent;
  } else {
    // The API refused a batch or went away: the rows before it are stored, and their ids make a re-import send only the rest.
    console.error(`The import stopped while sending: ${error instanceof Error ? error.message : String(error)}\nRows before it may be stored; importing the same file again sends the rest (the same rows give the same event ids).`);
    process.exitCode = IMPORT_EXIT.sendingStopped;
  }
} finally {
  await app?.stop();
}
