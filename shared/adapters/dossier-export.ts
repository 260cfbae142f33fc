// Reads a one-stop-shop dossier export (CONTRACT §9) row by row, streaming: a CSV (UTF-8 with or
// without BOM, comma or semicolon) through csv-parse, an XLSX through exceljs's streaming reader.
// Cells come out as the text a person sees, so the domain maps both formats the same way.
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import ExcelJS from 'exceljs';

interface ExportRow {
  /** 1-based, the header row being 1: the row number a spreadsheet shows */
  row: number;
  cells: string[];
}

export interface ExportReading {
  rows: AsyncIterable<ExportRow>;
  bytesTotal: number;
  /** bytes of the file read so far */
  bytesRead: () => number;
}

/**
 * The file cannot be read past `line`, the first line of the record that breaks it (an unclosed
 * quote, a truncated workbook): what follows is not rows one can trust.
 */
export class UnreadableExport extends Error {
  constructor(
    readonly line: number,
    /** in Vietnamese, for the refused-rows list */
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`the file cannot be read from line ${line}: ${reason}`, options);
  }
}

/** csv-parse's errors a hand-edited export meets, in words (the code follows in brackets). */
const CSV_ERRORS: Readonly<Record<string, string>> = {
  CSV_QUOTE_NOT_CLOSED: 'dấu ngoặc kép mở mà không đóng',
  CSV_INVALID_CLOSING_QUOTE: 'sau dấu ngoặc kép đóng còn ký tự',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'sau dấu ngoặc kép đóng còn ký tự',
  CSV_QUOTE_NOT_CLOSED_BEFORE_DELIMITER: 'dấu ngoặc kép không đóng trước dấu phân cách',
  CSV_MAX_RECORD_SIZE: 'một dòng quá dài',
};

export async function readExport(file: string): Promise<ExportReading> {
  const bytesTotal = (await stat(file)).size;
  const input = createReadStream(file);
  let bytesRead = 0;
  input.on('data', (chunk) => (bytesRead += chunk.length));
  // The listener would start the flow before the rows are asked for; the parser resumes it.
  input.pause();
  const rows = /\.xlsx$/i.test(file) ? xlsxRows(input) : csvRows(input, await csvDelimiter(file));
  return { rows, bytesTotal, bytesRead: () => bytesRead };
}

/** Semicolon when the header line has more semicolons than commas outside quotes (Excel's CSV in a comma-decimal locale). */
async function csvDelimiter(file: string): Promise<',' | ';'> {
  const handle = await open(file);
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(64 * 1024), 0, 64 * 1024, 0);
    const head = buffer.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '');
    const counts = { ',': 0, ';': 0 };
    let quoted = false;
    for (const ch of head) {
      if (ch === '"') quoted = !quoted;
      else if (!quoted && (ch === '\n' || ch === '\r')) break;
      else if (!quoted && (ch === ',' || ch === ';')) counts[ch]++;
    }
    return counts[';'] > counts[','] ? ';' : ',';
  } finally {
    await handle.close();
  }
}

async function* csvRows(input: Readable, delimiter: ',' | ';'): AsyncIterable<ExportRow> {
  // The line the last whole record ended on, as the parser reaches it (records may still be queued when it fails).
  let lastLine = 0;
  const parser = input.pipe(
    parse({
      bom: true,
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      // 1 MiB: a quote left open swallows the rest of the file into one cell; stop it early.
      max_record_size: 1024 * 1024,
      on_record: (record, context) => {
        lastLine = context.lines;
        return record;
      },
    }),
  );
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      yield { row: info.lines, cells: record };
    }
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    throw new UnreadableExport(lastLine + 1, `${CSV_ERRORS[error.code] ?? 'tệp CSV hỏng'} (${error.code})`, { cause: error });
  }
}

async function* xlsxRows(input: Readable): AsyncIterable<ExportRow> {
  // Styles are read so that date cells come back as dates; only the first sheet is the export.
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(input, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'emit' });
  let lastRow = 0;
  try {
    for await (const sheet of workbook) {
      for await (const row of sheet) {
        lastRow = row.number;
        const values = row.values as unknown[];
        yield { row: row.number, cells: Array.from({ length: Math.max(values.length - 1, 0) }, (_, i) => cellText(values[i + 1])) };
      }
      return;
    }
  } catch (error) {
    // A truncated or corrupt workbook (the zip or its XML): exceljs names no error class.
    throw new UnreadableExport(lastRow + 1, `tệp XLSX hỏng (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** A cell as the export shows it. Excel dates carry the local wall time in UTC fields; a date at 00:00 is a date alone. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const date = `${pad2(value.getUTCDate())}/${pad2(value.getUTCMonth() + 1)}/${value.getUTCFullYear()}`;
    return value.getUTCHours() === 0 && value.getUTCMinutes() === 0 ? date : `${date} ${pad2(value.getUTCHours())}:${pad2(value.getUTCMinutes())}`;
  }
  if (typeof value === 'object') {
    if ('richText' in value) return (value.richText as Array<{ text: string }>).map((r) => r.text).join('');
    if ('result' in value) return cellText(value.result);
    if ('text' in value) return String(value.text);
  }
  return String(value);
}
