// The province (CONTRACT §8): every agency's figures and rates side by side, sortable by any
// column; who has submitted; the Excel workbooks.
import { useEffect, useState } from 'preact/hooks';
import { localDate } from '#domain/periods.ts';
import type { ProvinceSummary, Submission } from '#domain/rollup.ts';
import { formatDate, formatNumber, formatRate } from '#domain/vi-format.ts';
import { api, download, messageOf } from './api.ts';
import type { PageProps } from './app.tsx';
import { RATE_KEYS, RATE_LABELS, rateValue } from './rates.tsx';
import { Card, ErrorText, Progress, TableScroll } from './ui.tsx';

/** An agency's row, or the total row (whose first cell says Tổng). */
type RollupRow = ProvinceSummary['agencies'][number] | ProvinceSummary['total'];

interface Column {
  label: string;
  /** what the column sorts by */
  value: (r: RollupRow) => number | string | undefined;
  /** what the cell shows, when not the value itself */
  text?: (r: RollupRow) => string;
}

const COLUMNS: Column[] = [
  { label: 'Cơ quan', value: (r) => ('name' in r ? r.name : undefined) },
  { label: 'Tiếp nhận', value: (r) => r.dossiers.received.total },
  { label: 'Đã giải quyết', value: (r) => r.dossiers.resolved.total },
  { label: 'Trễ hạn', value: (r) => r.dossiers.resolved.late },
  { label: 'Đang xử lý', value: (r) => r.dossiers.pending.total },
  { label: 'Quá hạn', value: (r) => r.dossiers.pending.overdue },
  { label: 'Văn bản ban hành', value: (r) => r.documents.issued.total },
];
/** Every state the roll-up answers, by its type: a new report state does not compile until it has its name here. */
const SUBMISSION_STATES: Record<Submission['state'], string> = { missing: 'Chưa có', draft: 'Dự thảo', submitted: 'Đã trình ký', returned: 'Bị trả lại', signed: 'Đã ký số', issued: 'Đã phát hành' };

const RATE_COLUMNS: Column[] = RATE_KEYS.map((key) => ({ label: `${RATE_LABELS[key]} (%)`, value: (r) => rateValue(r.rates[key]), text: (r) => formatRate(r.rates[key]) }));
const COLUMN_LIST = [...COLUMNS, ...RATE_COLUMNS];

const show = (v: number | string | null | undefined) => (v === undefined || v === null ? '—' : typeof v === 'number' ? formatNumber(v) : v);
const cell = (c: Column, r: RollupRow) => (c.text ? c.text(r) : show(c.value(r)));

export function ProvincePage({ session, periodId }: Pick<PageProps, 'session' | 'periodId'>) {
  const [rollup, setRollup] = useState<ProvinceSummary>();
  const [submissions, setSubmissions] = useState<Submission[]>();
  const [error, setError] = useState<string>();
  const [excelError, setExcelError] = useState<string>();
  const [sort, setSort] = useState<{ column: string; descending: boolean }>({ column: 'Cơ quan', descending: false });
  useEffect(() => {
    Promise.all([
      api(session, 'GET /v1/periods/{periodId}/summary', { periodId }),
      api(session, 'GET /v1/periods/{periodId}/submissions', { periodId }),
    ]).then(([r, s]) => {
      setRollup(r);
      setSubmissions(s);
    }, (e: unknown) => setError(messageOf(e)));
  }, [periodId]);
  if (error) return <ErrorText error={error} />;
  if (!rollup || !submissions) return <Progress label="Đang tổng hợp toàn tỉnh…" />;
  const columns = COLUMN_LIST;
  const chosen = columns.find((c) => c.label === sort.column) ?? columns[0]!;
  const rows = [...rollup.agencies].sort((a, b) => {
    const x = chosen.value(a) ?? -1;
    const y = chosen.value(b) ?? -1;
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'vi');
    return sort.descending ? -order : order;
  });
  const excel = () =>
    download(session, 'GET /v1/periods/{periodId}/form06.xlsx', { periodId }, `bieu-06-toan-tinh-${periodId}.xlsx`).then(
      () => setExcelError(undefined),
      (e: unknown) => setExcelError(messageOf(e)),
    );
  return (
    <div class="stack">
      <Card
        title="Số liệu các cơ quan"
        actions={
          <button type="button" onClick={excel}>
            Tải Excel toàn tỉnh
          </button>
        }
      >
        <ErrorText error={excelError} />
        <TableScroll label="Số liệu các cơ quan">
          <table class="rollup">
            <thead>
              <tr>
                {columns.map((c) => (
                  <th scope="col" class={c.label === 'Cơ quan' ? '' : 'num'} aria-sort={c.label === sort.column ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
                    <button type="button" class="sort" onClick={() => setSort({ column: c.label, descending: c.label === sort.column ? !sort.descending : false })}>
                      {c.label}
                    </button>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  {columns.map((c, i) => (i === 0 ? <th scope="row">{cell(c, r)}</th> : <td class="num">{cell(c, r)}</td>))}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                {columns.map((c, i) => (i === 0 ? <th scope="row">Tổng</th> : <td class="num">{cell(c, rollup.total)}</td>))}
              </tr>
            </tfoot>
          </table>
        </TableScroll>
      </Card>
      <Card title="Tình hình nộp báo cáo">
        <TableScroll label="Tình hình nộp báo cáo">
          <table>
            <thead>
              <tr>
                <th scope="col">Cơ quan</th>
                <th scope="col">Trạng thái</th>
                <th scope="col">Số</th>
                <th scope="col">Hạn nộp</th>
                <th scope="col">Ngày phát hành</th>
              </tr>
            </thead>
            <tbody>
              {submissions.map((s) => (
                <tr class={s.late ? 'late' : ''}>
                  <th scope="row">{s.name ?? s.agencyId}</th>
                  <td>
                    {SUBMISSION_STATES[s.state]}
                    {s.late && <strong class="late-mark"> · Trễ hạn</strong>}
                  </td>
                  <td>{s.number ?? '—'}</td>
                  <td>{s.deadline ? formatDate(s.deadline) : '—'}</td>
                  <td>{s.issuedAt ? formatDate(localDate(Date.parse(s.issuedAt))) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </Card>
    </div>
  );
}
