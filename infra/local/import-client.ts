// The history import (CONTRACT §9): reads a dossier export row by row, maps each row to its events
// (shared/domain/dossier-import.ts) and sends them through the replay client's signed batches.
// Refused rows send nothing; they are counted by reason and listed in a CSV beside the input.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { columnLayout, duplicateRow, rowEvents, type ExportColumn, type RowRefusal } from '#domain/dossier-import.ts';
import { Invalid } from '#domain/errors.ts';
import { readExport } from '#adapters/dossier-export.ts';
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
}

/** `export.csv` → `export.refused.csv`, beside it. */
const refusedReportPath = (file: string) => file.replace(/(\.[^./\\]+)?$/, '.refused.csv');

const csvCell = (text: string | number) => (/[",;\r\n]/.test(String(text)) ? `"${String(text).replace(/"/g, '""')}"` : String(text));

export async function importExport(file: string, options: ImportOptions): Promise<ImportSummary> {
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
  try {
    for await (const { row, cells } of reading.rows) {
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
        const { code, message } = outcome.refused;
        summary.refusedByReason[code] = (summary.refusedByReason[code] ?? 0) + 1;
        const dossierCell = layout.dossierId === undefined ? '' : (cells[layout.dossierId] ?? '');
        if (!report.write(`${[row, dossierCell, code, message].map(csvCell).join(',')}\r\n`)) await once(report, 'drain');
        continue;
      }
      summary.rowsImported++;
      summary.events += outcome.events.length;
      for (const event of outcome.events) if (sender && (await sender.add(event, `row ${row}`))) progress();
      if (!sender && summary.rowsRead % 500 === 0) progress();
    }
    if (!layout) throw new Invalid(`${file} has no header row`, [{ path: 'file', message: 'empty' }]);
    await sender?.flush(`row ${lastRow}`);
    progress();
    return summary;
  } finally {
    report.end();
    await once(report, 'close');
  }
}
