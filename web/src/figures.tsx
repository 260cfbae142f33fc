// Figures: the summary (every figure with data-figure, CONTRACT §7), the comparison with the
// previous period and the same period a year earlier, the month-by-month chart, form 06 by field,
// and the parked events.
import { useEffect, useState } from 'preact/hooks';
import type { ParkedEvent } from '#domain/event-ports.ts';
import type { FieldFigures, PeriodSummary } from '#domain/figures.ts';
import { form06Figures } from '#domain/report/data-paragraphs.ts';
import { formatDate, formatNumber } from '#domain/vi-format.ts';
import { api, download, messageOf } from './api.ts';
import type { PageProps } from './app.tsx';
import { MonthChart, type MonthPoint } from './chart.tsx';
import { RatesCard } from './rates.tsx';
import { Card, ErrorText, Progress, TableScroll } from './ui.tsx';

/** The figures shown, by their path in the summary JSON, with their Vietnamese names. */
const GROUPS: Array<{ title: string; figures: Array<[string, string]> }> = [
  {
    title: 'Hồ sơ tiếp nhận',
    figures: [
      ['dossiers.received.total', 'Tổng số'],
      ['dossiers.received.carriedOver', 'Kỳ trước chuyển qua'],
      ['dossiers.received.online', 'Trực tuyến'],
      ['dossiers.received.direct', 'Trực tiếp'],
      ['dossiers.received.postal', 'Qua bưu chính'],
    ],
  },
  {
    title: 'Đã giải quyết',
    figures: [
      ['dossiers.resolved.total', 'Tổng số'],
      ['dossiers.resolved.early', 'Trước hạn'],
      ['dossiers.resolved.onTime', 'Đúng hạn'],
      ['dossiers.resolved.late', 'Trễ hạn'],
      ['dossiers.withdrawn', 'Xin rút'],
      ['dossiers.returned', 'Trả lại'],
    ],
  },
  {
    title: 'Đang xử lý',
    figures: [
      ['dossiers.pending.total', 'Tổng số'],
      ['dossiers.pending.withinDeadline', 'Chưa đến hạn'],
      ['dossiers.pending.overdue', 'Quá hạn'],
    ],
  },
  {
    title: 'Văn bản ban hành',
    figures: [
      ['documents.issued.total', 'Tổng số'],
      ['documents.issued.electronic', 'Điện tử'],
      ['documents.issued.electronicWithPaper', 'Điện tử kèm giấy'],
      ['documents.issued.paper', 'Giấy'],
    ],
  },
];

const COMPARED: Array<[string, string]> = [
  ['dossiers.received.total', 'Hồ sơ tiếp nhận'],
  ['dossiers.resolved.total', 'Đã giải quyết'],
  ['dossiers.resolved.late', 'Giải quyết trễ hạn'],
  ['dossiers.pending.total', 'Đang xử lý'],
  ['dossiers.pending.overdue', 'Quá hạn'],
  ['documents.issued.total', 'Văn bản ban hành'],
];

const at = (summary: unknown, path: string): number => path.split('.').reduce<any>((v, k) => v?.[k], summary) as number;

function change(now: number, before: number | undefined): string {
  if (before === undefined) return '—';
  const d = now - before;
  return d === 0 ? '0' : `${d > 0 ? '+' : '−'}${formatNumber(Math.abs(d))}`;
}

interface Loaded {
  figures: PeriodSummary;
  fields: FieldFigures[];
  previous?: PeriodSummary | undefined;
  lastYear?: PeriodSummary | undefined;
  months: MonthPoint[];
  parked: ParkedEvent[];
}

/** Two requests: the summary with its fields, months and compared periods, and the parked events. */
async function loadFigures({ session, agencyId, periodId }: PageProps): Promise<Loaded> {
  const [figures, parked] = await Promise.all([
    api(session, 'GET /v1/agencies/{agencyId}/periods/{periodId}/summary', { agencyId, periodId }, { query: { by: 'field,month', compare: 'previous,yearEarlier' } }),
    api(session, 'GET /v1/agencies/{agencyId}/events/parked', { agencyId }).then((p) => p.events),
  ]);
  const months = (figures.months ?? []).map((m) => ({
    month: m.period.id,
    to: m.period.to,
    received: m.dossiers.received.total - m.dossiers.received.carriedOver,
    resolved: m.dossiers.resolved.total,
    pending: m.dossiers.pending.total,
  }));
  return { figures, fields: figures.fields ?? [], previous: figures.previous ?? undefined, lastYear: figures.yearEarlier ?? undefined, months, parked };
}

export function FiguresPage(props: PageProps) {
  const [loaded, setLoaded] = useState<Loaded>();
  const [error, setError] = useState<string>();
  const [excelError, setExcelError] = useState<string>();
  useEffect(() => {
    loadFigures(props).then(setLoaded, (e: unknown) => setError(messageOf(e)));
  }, []);
  if (error) return <ErrorText error={error} />;
  if (!loaded) return <Progress label="Đang tải số liệu…" />;
  const { figures, fields, previous, lastYear, months, parked } = loaded;
  const excel = () =>
    download(props.session, 'GET /v1/agencies/{agencyId}/periods/{periodId}/form06.xlsx', props, `bieu-06-${props.agencyId}-${props.periodId}.xlsx`).then(
      () => setExcelError(undefined),
      (e: unknown) => setExcelError(messageOf(e)),
    );
  return (
    <div class="stack">
      <p class="muted">
        Từ ngày {formatDate(figures.period.from)} đến ngày {formatDate(figures.period.to)}.
      </p>
      <div class="figure-groups">
        {GROUPS.map((group) => (
          <Card title={group.title}>
            <dl class="figures">
              {group.figures.map(([path, name]) => (
                <div class={path.endsWith('total') ? 'figure total' : 'figure'}>
                  <dt>{name}</dt>
                  <dd data-figure={path}>{String(at(figures, path))}</dd>
                </div>
              ))}
            </dl>
          </Card>
        ))}
        <RatesCard rates={figures.rates} />
      </div>

      <Card title="So sánh">
        <TableScroll label="Bảng so sánh với kỳ trước và cùng kỳ năm trước">
          <table>
            <thead>
              <tr>
                <th scope="col">Chỉ tiêu</th>
                <th scope="col" class="num">Kỳ này</th>
                <th scope="col" class="num">Kỳ trước{previous ? ` (${previous.period.id})` : ''}</th>
                <th scope="col" class="num">Tăng/giảm</th>
                <th scope="col" class="num">Cùng kỳ năm trước{lastYear ? ` (${lastYear.period.id})` : ''}</th>
                <th scope="col" class="num">Tăng/giảm</th>
              </tr>
            </thead>
            <tbody>
              {COMPARED.map(([path, name]) => {
                const now = at(figures, path);
                const before = previous && at(previous, path);
                const yearAgo = lastYear && at(lastYear, path);
                return (
                  <tr>
                    <th scope="row">{name}</th>
                    <td class="num">{formatNumber(now)}</td>
                    <td class="num">{before === undefined ? '—' : formatNumber(before)}</td>
                    <td class="num">{change(now, before)}</td>
                    <td class="num">{yearAgo === undefined ? '—' : formatNumber(yearAgo)}</td>
                    <td class="num">{change(now, yearAgo)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      </Card>

      <Card title="Theo tháng">
        <MonthChart points={months} />
      </Card>

      <Card
        title="Biểu số 06 theo lĩnh vực"
        actions={
          <button type="button" onClick={excel}>
            Tải Excel
          </button>
        }
      >
        <ErrorText error={excelError} />
        {fields.length === 0 ? (
          <p class="muted">Chưa có hồ sơ nào trong kỳ.</p>
        ) : (
          <TableScroll label="Biểu số 06 theo lĩnh vực">
            <table class="form06">
              <thead>
                <tr>
                  <th scope="col">Lĩnh vực</th>
                  <th scope="col" class="num">Tiếp nhận</th>
                  <th scope="col" class="num">Trực tuyến</th>
                  <th scope="col" class="num">Trực tiếp, bưu chính</th>
                  <th scope="col" class="num">Kỳ trước chuyển qua</th>
                  <th scope="col" class="num">Đã giải quyết</th>
                  <th scope="col" class="num">Trước hạn</th>
                  <th scope="col" class="num">Đúng hạn</th>
                  <th scope="col" class="num">Trễ hạn</th>
                  <th scope="col" class="num">Đang xử lý</th>
                  <th scope="col" class="num">Chưa đến hạn</th>
                  <th scope="col" class="num">Quá hạn</th>
                </tr>
              </thead>
              <tbody>
                {fields.map(({ fieldCode, fieldName, dossiers: d }) => (
                  <tr>
                    <th scope="row">
                      {fieldName}
                      {fieldName !== fieldCode && <span class="muted"> ({fieldCode})</span>}
                    </th>
                    {form06Figures(d).map((n) => (
                      <td class="num">{formatNumber(n)}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </Card>

      <Card title="Sự kiện chưa áp dụng được">
        {parked.length === 0 ? (
          <p class="muted">Không có. Mọi sự kiện đã nhận đều đã vào số liệu.</p>
        ) : (
          <ul class="parked">
            {parked.map((p) => (
              <li>
                <strong>{p.event.id}</strong> ({p.event.type}) — {p.reason}
                <span class="muted">
                  {' '}
                  · {p.attempts} lần thử, từ {p.parkedAt.slice(0, 10)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
