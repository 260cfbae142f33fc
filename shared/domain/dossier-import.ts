// CONTRACT §9: one row of a one-stop-shop dossier export → the events the one-stop-shop would
// have sent for it. Pure: the file formats, the stream and the HTTP side live in the import script.
import { event as eventSchema, type Channel, type DossierEvent } from '#events/event.schema.ts';
import { Invalid } from './errors.ts';
import { sha256Hex } from '#adapters/hash.ts';

/** The export's columns, as CONTRACT §9 names them. */
export const EXPORT_COLUMNS = {
  dossierId: 'Mã hồ sơ',
  procedureCode: 'Mã thủ tục',
  procedureName: 'Tên thủ tục',
  fieldCode: 'Mã lĩnh vực',
  fieldName: 'Tên lĩnh vực',
  channel: 'Hình thức nộp',
  receivedAt: 'Ngày tiếp nhận',
  dueAt: 'Ngày hẹn trả',
  closedAt: 'Ngày có kết quả',
  status: 'Trạng thái',
} as const;

export type ExportColumn = keyof typeof EXPORT_COLUMNS;
const OPTIONAL_COLUMNS: ReadonlySet<ExportColumn> = new Set(['procedureName', 'fieldCode', 'fieldName']);

/** Header text without case, accents or extra spaces: "Mã  Hồ Sơ" and "ma ho so" are one column. */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

const CHANNELS: Record<string, Channel> = { 'truc tuyen': 'online', 'truc tiep': 'direct', 'buu chinh': 'postal' };
type Status = 'open' | 'resolved' | 'withdrawn' | 'returned';
const STATUSES: Record<string, Status> = { 'dang xu ly': 'open', 'da giai quyet': 'resolved', 'rut ho so': 'withdrawn', 'tra lai': 'returned' };

/** Where each column is in the header row. */
export type ColumnLayout = Partial<Record<ExportColumn, number>>;

/**
 * Finds the columns in the header row. `renamed` maps a column to the header a real export uses
 * instead (the `--columns` file); either name is then accepted. Throws naming every missing column.
 */
export function columnLayout(headers: readonly string[], renamed: Partial<Record<ExportColumn, string>> = {}): ColumnLayout {
  const folded = headers.map(foldText);
  const layout: ColumnLayout = {};
  const missing: ExportColumn[] = [];
  for (const column of Object.keys(EXPORT_COLUMNS) as ExportColumn[]) {
    const names = [EXPORT_COLUMNS[column], renamed[column]].filter((n): n is string => n !== undefined).map(foldText);
    const index = folded.findIndex((h) => names.includes(h));
    if (index >= 0) layout[column] = index;
    else if (!OPTIONAL_COLUMNS.has(column)) missing.push(column);
  }
  if (missing.length > 0) {
    throw new Invalid(
      `The header row lacks ${missing.map((c) => `"${EXPORT_COLUMNS[c]}"`).join(', ')}`,
      missing.map((c) => ({ path: `columns.${c}`, message: `no column "${renamed[c] ?? EXPORT_COLUMNS[c]}"` })),
    );
  }
  return layout;
}

/** Why a row sends nothing: a stable code for the summary, a message for the staff fixing the export. */
export interface RowRefusal {
  code: 'unreadable_file' | 'missing_dossier_id' | 'duplicate_dossier_id' | 'unknown_status' | 'unknown_channel' | 'bad_date' | 'missing_result_date' | 'closed_before_received' | 'invalid_event';
  message: string;
}

export type RowOutcome = { events: DossierEvent[] } | { refused: RowRefusal };

const DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2}))?$/;
const LOCAL_OFFSET = '+07:00';
const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * `dd/MM/yyyy` or `dd/MM/yyyy HH:mm`, local time, as RFC 3339 with +07:00. A date alone is the
 * start of the day, or its end (23:59) for the appointment and the result, which count for the whole day.
 */
function localTimestamp(text: string, endOfDay: boolean): string | undefined {
  const m = DATE.exec(text.trim());
  if (!m) return undefined;
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute] = m[4] === undefined ? (endOfDay ? [23, 59] : [0, 0]) : [Number(m[4]), Number(m[5])];
  const exists = month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate() && hour <= 23 && minute <= 59;
  return exists ? `${year}-${pad2(month)}-${pad2(day)}T${pad2(hour)}:${pad2(minute)}:00${LOCAL_OFFSET}` : undefined;
}

const EVENT_ID = /^[A-Za-z0-9._:-]+$/;
const MAX_EVENT_ID = 128;

/**
 * The event id of an imported fact: the same agency, dossier and kind always give the same id, so
 * a re-import is all duplicates. Dossier ids that cannot stand in an id (characters, length) are
 * replaced by their SHA-256 under another prefix, which no raw id can produce.
 */
export function importedEventId(agencyId: string, dossierId: string, kind: 'received' | Exclude<Status, 'open'>): string {
  const raw = `imp:${agencyId}:${dossierId}:${kind}`;
  if (raw.length <= MAX_EVENT_ID && EVENT_ID.test(dossierId)) return raw;
  return `imph:${agencyId}:${sha256Hex(dossierId).slice(0, 40)}:${kind}`;
}

/**
 * The events of one exported row: a `dossier.received`, and one closing event dated
 * `Ngày có kết quả` when the status closes the dossier. Validated against CONTRACT §1.
 */
export function rowEvents(agencyId: string, cells: readonly string[], layout: ColumnLayout): RowOutcome {
  const cell = (column: ExportColumn) => (layout[column] === undefined ? '' : (cells[layout[column]] ?? '').trim());
  const refuse = (code: RowRefusal['code'], message: string): RowOutcome => ({ refused: { code, message } });

  const dossierId = cell('dossierId');
  if (dossierId === '') return refuse('missing_dossier_id', `Thiếu "${EXPORT_COLUMNS.dossierId}"`);
  const status = STATUSES[foldText(cell('status'))];
  if (!status) return refuse('unknown_status', `"${EXPORT_COLUMNS.status}" không hợp lệ: "${cell('status')}" (Đang xử lý, Đã giải quyết, Rút hồ sơ hoặc Trả lại)`);
  const channel = CHANNELS[foldText(cell('channel'))];
  if (!channel) return refuse('unknown_channel', `"${EXPORT_COLUMNS.channel}" không hợp lệ: "${cell('channel')}" (Trực tuyến, Trực tiếp hoặc Bưu chính)`);
  const dates: Partial<Record<'receivedAt' | 'dueAt' | 'closedAt', string>> = {};
  for (const column of ['receivedAt', 'dueAt', 'closedAt'] as const) {
    const text = cell(column);
    if (text === '' && column === 'closedAt') continue;
    const at = localTimestamp(text, column !== 'receivedAt');
    if (at === undefined) return refuse('bad_date', `"${EXPORT_COLUMNS[column]}" không phải là ngày (dd/MM/yyyy hoặc dd/MM/yyyy HH:mm): "${text}"`);
    dates[column] = at;
  }
  const optional = (column: 'procedureName' | 'fieldCode' | 'fieldName') => (cell(column) === '' ? {} : { [column]: cell(column) });
  const received = {
    id: importedEventId(agencyId, dossierId, 'received'),
    type: 'dossier.received',
    occurredAt: dates.receivedAt!,
    agencyId,
    data: { dossierId, procedureCode: cell('procedureCode'), channel, dueAt: dates.dueAt!, ...optional('procedureName'), ...optional('fieldCode'), ...optional('fieldName') },
  };
  const events: unknown[] = [received];
  if (status !== 'open') {
    if (dates.closedAt === undefined) return refuse('missing_result_date', `"${EXPORT_COLUMNS.status}" là "${cell('status')}" nhưng thiếu "${EXPORT_COLUMNS.closedAt}"`);
    if (Date.parse(dates.closedAt) < Date.parse(dates.receivedAt!)) {
      return refuse('closed_before_received', `"${EXPORT_COLUMNS.closedAt}" (${cell('closedAt')}) trước "${EXPORT_COLUMNS.receivedAt}" (${cell('receivedAt')})`);
    }
    events.push({ id: importedEventId(agencyId, dossierId, status), type: `dossier.${status}`, occurredAt: dates.closedAt, agencyId, data: { dossierId } });
  }
  const parsed: DossierEvent[] = [];
  for (const candidate of events) {
    const result = eventSchema.safeParse(candidate);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      return refuse('invalid_event', `Sự kiện không hợp lệ (CONTRACT §1): ${issue.path.join('.')} ${issue.message}`);
    }
    parsed.push(result.data as DossierEvent);
  }
  return { events: parsed };
}

/** Refuses the second row of a dossier already imported from the file (the first one counts). */
export function duplicateRow(firstRow: number): RowRefusal {
  return { code: 'duplicate_dossier_id', message: `"${EXPORT_COLUMNS.dossierId}" đã có ở dòng ${firstRow}` };
}
