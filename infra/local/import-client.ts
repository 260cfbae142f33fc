// The history import (CONTRACT §9): reads a dossier export row by row, maps each row to its events
// (shared/domain/dossier-import.ts) and sends them through the replay client's signed batches.
// Refused rows send nothing; they are counted by reason and listed in a CSV beside the input.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { columnLayout, duplicateRow, rowEvents, type ExportColumn, type RowRefusal } from '#domain/dossier-import.ts';
import { Invalid } from '#domain/errors.ts';
import { readExport, UnreadableExport } from '#adapters/dossier-export.ts';
import { eventSender, type Progress, type SendOptions } from './replay-client.ts';

export interface ImportOptions extends SendOptions {
  agencyId: string;
  /** only check the rows: nothing is sent */
  dryRun?: boolean;
  /** headers a real export uses instead of CONTRACT §9's (the --columns file) */
  renamed?: Partial<Record<ExportColumn, string>>;
  /** counts rows read */
  onProgress?: (progress: Progress) => void;
}

export interface ImportSummary {
  /** data rows read, the header not counted */
  rowsRead: number;
  rowsImported: number;
  /** events sent, or that would be sent by a dry run */
  events: number;
  refusedByReason: Partial<Record<RowRefusal['code'], number>>;
  /** the CSV listing each refused row */
  refusedReport: string;
  /** the file broke at this line (an unclosed quote, a truncated workbook): nothing was sent */
  unreadable?: { line: number; reason: string };
}

/** `export.csv` → `export.refused.csv`, beside it. */
const refusedReportPath = (file: string) => file.replace(/(\.[^./\\]+)?$/, '.refused.csv');

// What a spreadsheet reads as a formula (OWASP "CSV injection"): = + - @, a tab or a line break first,
// and their full-width forms, which some locales of Excel take too.
const FORMULA_START = /^[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/;

/**
 * One cell of a CSV people open in a spreadsheet: quoted when it must be, and a cell that would
 * start a formula ("=HYPERLINK(…)", "+cmd|…", "@SUM(…)") starts with an apostrophe, so it shows as text.
 */
export function csvCell(value: string | number): string {
  const text = String(value);
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return safe !== text || /[",;\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * Imports the file. Unless it is a dry run, a dry run comes first: a file that breaks part-way (an
 * unclosed quote, a truncated workbook) sends nothing at all, rather than the rows before the break.
 */
export async function importExport(file: string, options: ImportOptions): Promise<ImportSummary> {
  if (!options.dryRun) {
    const checked = await readAndSend(file, { ...options, dryRun: true, onProgress: undefined });
    if (checked.unreadable) return checked;
  }
  return readAndSend(file, options);
}

async function readAndSend(file: string, options: ImportOptions): Promise<ImportSummary> {
  const reading = await readExport(file);
  const refusedReport = refusedReportPath(file);
  // UTF-8 with BOM, so Excel shows the Vietnamese of the reasons.
  const report = createWriteStream(refusedReport);
  report.write(`\uFEFFDòng,Mã hồ sơ,Mã lỗi,Lý do\r\n`);
  const summary: ImportSummary = { rowsRead: 0, rowsImported: 0, events: 0, refusedByReason: {}, refusedReport };
  const sender = options.dryRun ? undefined : eventSender(options);
  const firstRowOf = new Map<string, number>();
  const progress = () => options.onProgress?.({ count: summary.rowsRead, bytesRead: reading.bytesRead(), bytesTotal: reading.bytesTotal });
  let layout: ReturnType<typeof columnLayout> | undefined;
  let lastRow = 0;
  const refuse = async (row: number, dossierId: string, code: RowRefusal['code'], message: string) => {
    summary.refusedByReason[code] = (summary.refusedByReason[code] ?? 0) + 1;
    if (!report.write(`${[row, dossierId, code, message].map(csvCell).join(',')}\r\n`)) await once(report, 'drain');
  };
  try {
    for await (const { row, cells } of rowsUntilBroken(reading.rows, async (broken) => {
      summary.unreadable = { line: broken.line, reason: broken.reason };
      await refuse(broken.line, '', 'unreadable_file', `Tệp không đọc được từ dòng ${broken.line}: ${broken.reason}`);
    })) {
      lastRow = row;
      if (!layout) {
        layout = columnLayout(cells, options.renamed);
        continue;
      }
      summary.rowsRead++;
      let outcome = rowEvents(options.agencyId, cells, layout);
      if ('events' in outcome) {
        const dossierId = outcome.events[0]!.data.dossierId;
        const first = firstRowOf.get(dossierId);
        if (first === undefined) firstRowOf.set(dossierId, row);
        else outcome = { refused: duplicateRow(first) };
      }
      if ('refused' in outcome) {
        await refuse(row, layout.dossierId === undefined ? '' : (cells[layout.dossierId] ?? ''), outcome.refused.code, outcome.refused.message);
        continue;
      }
      summary.rowsImported++;
      summary.events += outcome.events.length;
      for (const event of outcome.events) if (sender && (await sender.add(event, `row ${row}`))) progress();
      if (!sender && summary.rowsRead % 500 === 0) progress();
    }
    if (summary.unreadable) return summary;
    if (!layout) throw new Invalid(`${file} has no header row`, [{ path: 'file', message: 'empty' }]);
    await sender?.flush(`row ${lastRow}`);
    progress();
    return summary;
  } finally {
    report.end();
    await once(report, 'close');
  }
}

/** The rows up to where the file breaks; then `onBroken` is told where, and the rows end. */
async function* rowsUntilBroken<T>(rows: AsyncIterable<T>, onBroken: (broken: UnreadableExport) => Promise<void>): AsyncIterable<T> {
  try {
    yield* rows;
  } catch (error) {
    if (!(error instanceof UnreadableExport)) throw error;
    await onBroken(error);
  }
}
