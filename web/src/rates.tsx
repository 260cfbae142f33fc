// The rates of CONTRACT §3 as people read them: the one-stop dashboards' names, Vietnamese
// percentages ("93,65%", "—" over 0). Used by the agency's figures and the province's roll-up.
import type { Rate, Rates } from '#domain/figures.ts';
import { formatRate } from '#domain/vi-format.ts';
import { Card } from './ui.tsx';

export const RATE_LABELS: Record<keyof Rates, string> = {
  onTime: 'Giải quyết trước hạn, đúng hạn',
  online: 'Hồ sơ trực tuyến',
  fullyOnline: 'Trực tuyến toàn trình',
  digitized: 'Số hóa hồ sơ',
  resultElectronic: 'Kết quả điện tử',
};

export const RATE_KEYS = Object.keys(RATE_LABELS) as Array<keyof Rates>;

/** The rate as a number to sort by; none when there is nothing to divide by. */
export const rateValue = (rate: Rate | undefined): number | undefined => (rate && rate.denominator > 0 ? rate.numerator / rate.denominator : undefined);

export function RatesCard({ rates }: { rates: Rates }) {
  return (
    <Card title="Tỷ lệ">
      <dl class="figures">
        {RATE_KEYS.map((key) => (
          <div class="figure">
            <dt>{RATE_LABELS[key]}</dt>
            <dd title={`${rates[key].numerator}/${rates[key].denominator}`}>{formatRate(rates[key])}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}
