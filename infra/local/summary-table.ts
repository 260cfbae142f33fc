// The period summary as a table a person reads in a terminal, with the report's labels.
import type { PeriodSummary } from '#domain/figures.ts';

export function summaryTable(summary: PeriodSummary): string {
  const d = summary.dossiers;
  const docs = summary.documents.issued;
  const rows: Array<[string, number] | [string]> = [
    ['Hồ sơ tiếp nhận (received)'],
    ['  Tổng số (total)', d.received.total],
    ['  Trực tuyến (online)', d.received.online],
    ['  Kỳ trước chuyển qua (carried over)', d.received.carriedOver],
    ['  Trực tiếp (direct)', d.received.direct],
    ['  Dịch vụ bưu chính (postal)', d.received.postal],
    ['Đã giải quyết (resolved)'],
    ['  Trước hạn (early)', d.resolved.early],
    ['  Đúng hạn (on time)', d.resolved.onTime],
    ['  Trễ hạn (late)', d.resolved.late],
    ['Xin rút (withdrawn)', d.withdrawn],
    ['Trả lại (returned)', d.returned],
    ['Đang xử lý (pending)'],
    ['  Chưa đến hạn (within deadline)', d.pending.withinDeadline],
    ['  Quá hạn (overdue)', d.pending.overdue],
    ['Văn bản ban hành (documents issued, trừ văn bản mật)'],
    ['  Tổng số (total)', docs.total],
    ['  Điện tử (electronic)', docs.electronic],
    ['  Điện tử kèm giấy (electronic with paper)', docs.electronicWithPaper],
    ['  Giấy (paper)', docs.paper],
  ];
  const width = Math.max(...rows.map((r) => r[0].length));
  const [from, to] = [summary.period.from, summary.period.to].map((d) => d.split('-').reverse().join('/'));
  const lines = [`${summary.agencyId} · ${summary.period.id} (${from} – ${to})`, '─'.repeat(width + 8)];
  for (const row of rows) lines.push(row.length === 1 ? row[0] : `${row[0].padEnd(width)}  ${String(row[1]).padStart(6)}`);
  return lines.join('\n');
}
