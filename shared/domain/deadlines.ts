// When each period's report is due (the profile's `deadlines`, CONTRACT §4; the province's own
// report by Bộ Nội vụ's date, CONTRACT §8), and what the daily run owes the office on a given local
// date: a provisional draft 3 working days before a deadline that falls before the period closes, a
// reminder the working day before any deadline, and a notice of being overdue the working day after
// it while nothing is issued (the province compiles the agencies' reports before its own deadline).
// Working days are Monday to Friday; Vietnamese public holidays (Tết, 30/4, 1/5, 2/9, …) are not
// modelled, so a reminder may fall on one.
import { addDays, parsePeriodId, PERIOD_YEARS, type Period, type PeriodKind } from './periods.ts';
import type { AgencyProfile } from './profile.ts';

/** Working days before a deadline on which the provisional draft is rendered. */
const PROVISIONAL_LEAD_WORKING_DAYS = 3;

const isWorkingDay = (date: string): boolean => {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
};

/** The working day `n` working days before `date` (n ≥ 1). */
export function workingDaysBefore(date: string, n: number): string {
  return workingDaysFrom(date, n, -1);
}

function workingDaysFrom(date: string, n: number, step: 1 | -1): string {
  let day = date;
  for (let left = n; left > 0; ) {
    day = addDays(day, step);
    if (isWorkingDay(day)) left--;
  }
  return day;
}

/**
 * The province's report is due the 20th of the period's last month, Bộ Nội vụ's date (CONTRACT §8);
 * every period ends on a 14th, so that is 6 days after its last date.
 */
const PROVINCE_DEADLINE_DAY = 20;
const PERIOD_LAST_DAY = 14;
/** The latest deadline an agency may have, in days after the period's last date: the day before the province's. */
export const LATEST_AGENCY_DEADLINE_DAYS = PROVINCE_DEADLINE_DAY - PERIOD_LAST_DAY - 1;

/**
 * The local date the period's report is due: its last date plus the profile's days for its kind;
 * for the province (level `province`) the 20th of the period's last month, whatever the profile says.
 * A kind without an entry has no deadline of its own: its draft comes with the close, and nothing
 * is owed before it (no provisional draft, no reminder, never late).
 */
export function deadlineOf(profile: Pick<AgencyProfile, 'deadlines'> & Partial<Pick<AgencyProfile, 'level'>>, period: Period): string | undefined {
  if (profile.level === 'province') return `${period.to.slice(0, 8)}${PROVINCE_DEADLINE_DAY}`;
  const days = profile.deadlines[period.kind];
  return days === undefined ? undefined : addDays(period.to, days);
}

export interface DeadlineDuty {
  duty: 'provisional-draft' | 'reminder' | 'overdue';
  period: Period;
  deadline: string;
}

const PERIOD_INDICES: Record<PeriodKind, number[]> = { M: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], Q: [1, 2, 3, 4], H: [1, 2], '9M': [1], FY: [1] };
const periodIdOf = (kind: PeriodKind, year: number, index: number): string =>
  kind === 'M' ? `${year}-M${String(index).padStart(2, '0')}` : kind === '9M' || kind === 'FY' ? `${year}-${kind}` : `${year}-${kind}${index}`;

/** What the daily run owes on `date` for the agency, by period; deadlines lie at most 60 days from a period's end, so three report years hold them all. */
export function dutiesOn(profile: Pick<AgencyProfile, 'deadlines' | 'periodKinds'> & Partial<Pick<AgencyProfile, 'level'>>, date: string): DeadlineDuty[] {
  const year = Number(date.slice(0, 4));
  const duties: DeadlineDuty[] = [];
  for (const kind of profile.periodKinds) {
    for (const y of [year - 1, year, year + 1]) {
      if (y < PERIOD_YEARS.first || y > PERIOD_YEARS.last) continue;
      for (const index of PERIOD_INDICES[kind]) {
        const period = parsePeriodId(periodIdOf(kind, y, index));
        const deadline = deadlineOf(profile, period);
        if (deadline === undefined) continue;
        // Due before the period closes (the day after its last date): only a provisional draft can be on time.
        if (deadline <= period.to && workingDaysBefore(deadline, PROVISIONAL_LEAD_WORKING_DAYS) === date) duties.push({ duty: 'provisional-draft', period, deadline });
        if (workingDaysBefore(deadline, 1) === date) duties.push({ duty: 'reminder', period, deadline });
        if (workingDaysFrom(deadline, 1, 1) === date) duties.push({ duty: 'overdue', period, deadline });
      }
    }
  }
  return duties;
}
