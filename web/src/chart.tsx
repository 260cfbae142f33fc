// The period month by month (uPlot): received in the month, resolved in the month, pending at
// the month's end; the same numbers as a table for screen readers and small screens.
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatDate, formatNumber } from '#domain/vi-format.ts';
import { TableScroll } from './ui.tsx';

export interface MonthPoint {
  month: string;
  /** the report month's last date */
  to: string;
  received: number;
  resolved: number;
  pending: number;
}

const SERIES = [
  { key: 'received', label: 'Tiếp nhận trong tháng', stroke: '#1d4f91' },
  { key: 'resolved', label: 'Giải quyết trong tháng', stroke: '#2e7d4f' },
  { key: 'pending', label: 'Đang xử lý cuối tháng', stroke: '#b35c00' },
] as const;

export function MonthChart({ points }: { points: MonthPoint[] }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el || points.length === 0) return;
    const width = () => Math.max(280, el.clientWidth);
    const plot = new uPlot(
      {
        width: width(),
        height: 240,
        scales: { x: { time: false } },
        axes: [
          { values: (_u, ticks) => ticks.map((t) => (Number.isInteger(t) && points[t] ? `T${points[t]!.month.slice(-2)}` : '')) },
          // uPlot may put ticks between whole numbers: only counts are labelled.
          { values: (_u, ticks) => ticks.map((t) => (Number.isInteger(t) ? formatNumber(t) : '')) },
        ],
        series: [{ label: 'Tháng', value: (_u, i) => (points[i]?.month ?? '') }, ...SERIES.map((s) => ({ label: s.label, stroke: s.stroke, width: 2, points: { show: true } }))],
        legend: { live: false },
      },
      [points.map((_, i) => i), ...SERIES.map((s) => points.map((p) => p[s.key]))],
      el,
    );
    const resize = () => plot.setSize({ width: width(), height: 240 });
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      plot.destroy();
    };
  }, [points]);
  return (
    <div>
      <div ref={box} class="chart" role="img" aria-label="Biểu đồ hồ sơ theo tháng: tiếp nhận, giải quyết, đang xử lý cuối tháng" />
      <TableScroll label="Số liệu theo tháng">
        <table>
          <thead>
            <tr>
              <th scope="col">Tháng báo cáo</th>
              {SERIES.map((s) => (
                <th scope="col" class="num">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr>
                <th scope="row">
                  {p.month} <span class="muted">(đến {formatDate(p.to)})</span>
                </th>
                {SERIES.map((s) => (
                  <td class="num">{formatNumber(p[s.key])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </div>
  );
}
