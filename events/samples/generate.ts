// Writes events/samples/skhcn-2023.jsonl: the event stream of the Quảng Ngãi Department of
// Science and Technology (SKHCN) from October 2022 to September 2023, built so that its
// 2023-H1 figures are those of Báo cáo số 1015/BC-SKHCN ngày 15/6/2023.
// Deterministic: a seeded PRNG, no clock. Run: npx tsx events/samples/generate.ts
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Channel, DocumentForm, Event } from '#events/event.schema.ts';
import { addDays, startOfLocalDate } from '#domain/periods.ts';

export const SAMPLE_FILE = fileURLToPath(new URL('./skhcn-2023.jsonl', import.meta.url));
const AGENCY = 'SKHCN';
/** The one-stop-shop's code of the department, the prefix of its dossier ids. */
const AGENCY_CODE = '000.00.18.H48';

/** mulberry32: small, seedable, the same on every platform. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)]!;
  /** k distinct items, in their original order */
  const sample = <T>(items: readonly T[], k: number): T[] => {
    const indices = items.map((_, i) => i);
    for (let i = indices.length - 1; i > 0; i--) {
      const j = int(0, i);
      [indices[i], indices[j]] = [indices[j]!, indices[i]!];
    }
    return indices.slice(0, k).sort((x, y) => x - y).map((i) => items[i]!);
  };
  return { next, int, pick, sample };
}
type Prng = ReturnType<typeof prng>;

// ---- Working calendar (local dates) ----------------------------------------------------

/** Public holidays of 2022-10 … 2023-09 that fall on weekdays (Tết Quý Mão 20–26/01/2023, 30/4–1/5, 2/9). */
const HOLIDAYS = new Set([
  '2023-01-02',
  ...['20', '23', '24', '25', '26'].map((d) => `2023-01-${d}`),
  '2023-05-01', '2023-05-02', '2023-05-03',
  '2023-09-01', '2023-09-04',
]);

const weekday = (date: string) => new Date(startOfLocalDate(date) + 7 * 3600_000).getUTCDay();
const isWorkingDay = (date: string) => weekday(date) !== 0 && weekday(date) !== 6 && !HOLIDAYS.has(date);

export function addWorkingDays(date: string, n: number): string {
  let d = date;
  for (let left = n; left > 0; ) {
    d = addDays(d, 1);
    if (isWorkingDay(d)) left--;
  }
  return d;
}

export function workingDays(from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) if (isWorkingDay(d)) days.push(d);
  return days;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A time of day within office hours (07:30–11:30, 13:30–17:00). */
export function officeTime(rng: Prng): string {
  const slot = rng.int(0, 449); // 240 morning minutes, then 210 afternoon minutes
  const minutes = slot < 240 ? 450 + slot : 810 + slot - 240;
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}:${pad(rng.int(0, 59))}`;
}

const local = (date: string, time: string) => `${date}T${time}+07:00`;
/** The e-office system sends UTC timestamps. */
const utc = (date: string, time: string) => new Date(Date.parse(local(date, time))).toISOString().replace('.000Z', 'Z');

// ---- Administrative procedures of the department ----------------------------------------

interface Field { code: string; name: string }
const FIELDS = {
  NLNT: { code: 'NLNT', name: 'Năng lượng nguyên tử, an toàn bức xạ và hạt nhân' },
  TDC: { code: 'TDC', name: 'Tiêu chuẩn đo lường chất lượng' },
  KHCN: { code: 'KHCN', name: 'Hoạt động khoa học và công nghệ' },
  CGCN: { code: 'CGCN', name: 'Chuyển giao công nghệ' },
  SHTT: { code: 'SHTT', name: 'Sở hữu trí tuệ' },
} satisfies Record<string, Field>;

interface Procedure { code: string; name: string; field: Field; days: number; weight: number }
// Codes follow the national procedure database's format; names are the published ones.
const PROCEDURES: Procedure[] = [
  { code: '2.002131', name: 'Thủ tục khai báo thiết bị X-quang chẩn đoán trong y tế', field: FIELDS.NLNT, days: 5, weight: 10 },
  { code: '1.003202', name: 'Thủ tục cấp giấy phép tiến hành công việc bức xạ (sử dụng thiết bị X-quang chẩn đoán trong y tế)', field: FIELDS.NLNT, days: 10, weight: 12 },
  { code: '1.003221', name: 'Thủ tục gia hạn giấy phép tiến hành công việc bức xạ (sử dụng thiết bị X-quang chẩn đoán trong y tế)', field: FIELDS.NLNT, days: 10, weight: 10 },
  { code: '1.003240', name: 'Thủ tục cấp và cấp lại chứng chỉ nhân viên bức xạ (người phụ trách an toàn cơ sở X-quang chẩn đoán trong y tế)', field: FIELDS.NLNT, days: 10, weight: 6 },
  { code: '1.004503', name: 'Thủ tục đăng ký công bố hợp chuẩn dựa trên kết quả tự đánh giá của tổ chức, cá nhân sản xuất, kinh doanh', field: FIELDS.TDC, days: 5, weight: 14 },
  { code: '1.004546', name: 'Thủ tục đăng ký công bố hợp quy đối với các sản phẩm, hàng hóa sản xuất trong nước, dịch vụ, quá trình, môi trường được quản lý bởi các quy chuẩn kỹ thuật quốc gia do Bộ Khoa học và Công nghệ ban hành', field: FIELDS.TDC, days: 5, weight: 14 },
  { code: '1.000968', name: 'Thủ tục cấp Giấy xác nhận đăng ký lĩnh vực hoạt động xét tặng giải thưởng chất lượng sản phẩm, hàng hóa của tổ chức, cá nhân', field: FIELDS.TDC, days: 7, weight: 3 },
  { code: '1.003618', name: 'Thủ tục cấp Giấy chứng nhận đăng ký hoạt động lần đầu cho tổ chức khoa học và công nghệ', field: FIELDS.KHCN, days: 10, weight: 4 },
  { code: '1.003637', name: 'Thủ tục thay đổi, bổ sung nội dung Giấy chứng nhận đăng ký hoạt động của tổ chức khoa học và công nghệ', field: FIELDS.KHCN, days: 10, weight: 4 },
  { code: '1.003713', name: 'Thủ tục đăng ký kết quả thực hiện nhiệm vụ khoa học và công nghệ không sử dụng ngân sách nhà nước', field: FIELDS.KHCN, days: 10, weight: 4 },
  { code: '1.004136', name: 'Thủ tục cấp Giấy chứng nhận đăng ký chuyển giao công nghệ (trừ những trường hợp thuộc thẩm quyền của Bộ Khoa học và Công nghệ)', field: FIELDS.CGCN, days: 7, weight: 6 },
  { code: '1.004152', name: 'Thủ tục cấp Giấy chứng nhận đăng ký gia hạn, sửa đổi, bổ sung nội dung chuyển giao công nghệ (trừ những trường hợp thuộc thẩm quyền của Bộ Khoa học và Công nghệ)', field: FIELDS.CGCN, days: 7, weight: 3 },
  { code: '1.005062', name: 'Thủ tục cấp Giấy chứng nhận tổ chức đủ điều kiện hoạt động giám định sở hữu công nghiệp', field: FIELDS.SHTT, days: 10, weight: 4 },
];

function pickProcedure(rng: Prng, fits: (p: Procedure) => boolean = () => true): Procedure {
  const candidates = PROCEDURES.filter(fits);
  if (candidates.length === 0) throw new Error('no procedure fits');
  let ticket = rng.next() * candidates.reduce((n, p) => n + p.weight, 0);
  for (const p of candidates) if ((ticket -= p.weight) < 0) return p;
  return candidates[candidates.length - 1]!;
}

const procedureByCode = (code: string) => PROCEDURES.find((p) => p.code === code)!;

// ---- Dossiers -----------------------------------------------------------------------------

const SUPPLEMENT = 'Yêu cầu bổ sung, hoàn thiện hồ sơ theo Phiếu yêu cầu bổ sung; thời hạn giải quyết tính lại từ ngày nhận đủ hồ sơ';
const EXTENSION = 'Gia hạn thời gian giải quyết để thẩm định thực tế tại cơ sở';

interface Step { on: string; time: string }
interface DossierPlan {
  received: Step;
  channel: Channel;
  procedure: Procedure;
  rescheduled: (Step & { dueOn: string; reason: string })[];
  closing?: Step & { type: 'dossier.resolved' | 'dossier.withdrawn' | 'dossier.returned'; reason?: string };
  /** the one-stop-shop sent this event a second time under a new id, this much later */
  resentReceipt?: Step;
  resentClosing?: Step;
}

const dueOf = (plan: DossierPlan) => addWorkingDays(plan.received.on, plan.procedure.days);

/** A working day strictly after `after` and strictly before `before`, within [notBefore, notAfter]. */
function dayBetween(rng: Prng, after: string, before: string, notBefore = '0000-01-01', notAfter = '9999-12-31'): string {
  const lo = addDays(after, 1) > notBefore ? addDays(after, 1) : notBefore;
  const hi = addDays(before, -1) < notAfter ? addDays(before, -1) : notAfter;
  const days = workingDays(lo, hi);
  if (days.length === 0) throw new Error(`no working day after ${after} (>= ${notBefore}) and before ${before} (<= ${notAfter})`);
  return rng.pick(days);
}

function planDossiers(rng: Prng): DossierPlan[] {
  const plans: DossierPlan[] = [];
  const at = (on: string, time = officeTime(rng)): Step => ({ on, time });
  const plan = (received: Step, channel: Channel, procedure: Procedure): DossierPlan => {
    const p: DossierPlan = { received, channel, procedure, rescheduled: [] };
    plans.push(p);
    return p;
  };
  /** resolved before its due date, within [notBefore, notAfter] */
  const resolveEarly = (p: DossierPlan, notBefore: string, notAfter: string) => {
    const due = p.rescheduled.at(-1)?.dueOn ?? dueOf(p);
    p.closing = { type: 'dossier.resolved', ...at(dayBetween(rng, p.received.on, due, notBefore, notAfter)) };
  };

  // 2022-Q4 history, closed before 15/12/2022: not part of 2023-H1 at all.
  const autumn = workingDays('2022-10-03', '2022-12-02');
  rng.sample(autumn, 13).forEach((day, i) => {
    const p = plan(at(day), i === 4 ? 'direct' : i === 9 ? 'postal' : 'online', pickProcedure(rng));
    if (i === 7) p.closing = { type: 'dossier.returned', reason: 'Hồ sơ không đủ điều kiện cấp giấy phép theo quy định', ...at(dayBetween(rng, day, dueOf(p), day, '2022-12-14')) };
    else resolveEarly(p, day, '2022-12-14');
  });
  // resolved on the last afternoon before the period: still not carried over
  const lastDay = plan(at('2022-12-07', '09:20:41'), 'online', procedureByCode('1.003202'));
  lastDay.closing = { type: 'dossier.resolved', on: '2022-12-14', time: '16:40:12' };

  // Carried over into 2023-H1: received before 15/12/2022, resolved after it.
  const lateAutumn = workingDays('2022-12-05', '2022-12-13');
  const carriedDays = Array.from({ length: 9 }, () => rng.pick(lateAutumn)).sort();
  for (const day of carriedDays) {
    const p = plan(at(day), 'online', pickProcedure(rng, (proc) => addWorkingDays(day, proc.days) > '2022-12-15'));
    resolveEarly(p, '2022-12-15', '2023-06-14');
  }
  const lastMinute = plan(at('2022-12-14', '16:45:03'), 'online', procedureByCode('1.003221'));
  lastMinute.rescheduled.push({ on: '2022-12-20', time: '10:05:37', dueOn: addWorkingDays(dueOf(lastMinute), 10), reason: SUPPLEMENT });
  lastMinute.closing = { type: 'dossier.resolved', on: '2023-01-04', time: '15:12:09' }; // after the first due date, before the new one

  // Received in 2023-H1 and resolved in it, ahead of time.
  const first = plan(at('2022-12-15', '07:42:18'), 'online', procedureByCode('2.002131'));
  resolveEarly(first, '2022-12-15', '2023-06-14');
  const h1Days = workingDays('2022-12-15', '2023-06-01');
  const h1 = rng.sample(h1Days, 48).map((day, i) => plan(at(day), i === 21 ? 'direct' : 'online', pickProcedure(rng)));
  // supplement requests and extensions: four of them resolved after the first due date
  for (const [i, reason, lateAfterFirstDue] of [[3, SUPPLEMENT, true], [12, EXTENSION, false], [26, SUPPLEMENT, true], [33, SUPPLEMENT, false], [40, EXTENSION, true]] as const) {
    const p = h1[i]!;
    const firstDue = dueOf(p);
    p.rescheduled.push({ ...at(dayBetween(rng, p.received.on, firstDue)), dueOn: addWorkingDays(firstDue, 7), reason });
    if (lateAfterFirstDue) p.closing = { type: 'dossier.resolved', ...at(dayBetween(rng, firstDue, addWorkingDays(firstDue, 7), firstDue, '2023-06-14')) };
  }
  for (const p of h1) if (!p.closing) resolveEarly(p, p.received.on, '2023-06-14');
  // the one-stop-shop re-sent one receipt (same instant) and one resolution (next day) under new ids
  h1[17]!.resentReceipt = h1[17]!.received;
  h1[30]!.resentClosing = { on: addWorkingDays(h1[30]!.closing!.on, 1), time: '08:02:44' };

  // Pending at 14/6/2023, none overdue; resolved in 2023-Q3.
  const p1 = plan(at('2023-06-06', '09:15:22'), 'online', procedureByCode('1.004546')); // due 13/6 at first
  p1.rescheduled.push({ on: '2023-06-12', time: '10:20:05', dueOn: '2023-06-26', reason: SUPPLEMENT });
  p1.closing = { type: 'dossier.resolved', on: '2023-06-22', time: '14:31:50' };
  const p2 = plan(at('2023-06-08', '14:05:37'), 'online', procedureByCode('1.003202'));
  p2.closing = { type: 'dossier.resolved', on: '2023-06-20', time: '10:48:16' };
  const p3 = plan(at('2023-06-13', '08:50:09'), 'online', procedureByCode('1.003637'));
  p3.closing = { type: 'dossier.resolved', on: '2023-06-26', time: '16:02:33' };
  const p4 = plan(at('2023-06-14', '16:50:41'), 'online', procedureByCode('1.003221'));
  p4.closing = { type: 'dossier.resolved', on: '2023-06-23', time: '09:37:58' };

  // 2023-Q3: every kind of outcome once.
  const summer = rng.sample(workingDays('2023-06-15', '2023-08-18'), 13);
  summer.forEach((day, i) => {
    const p = plan(at(day), i === 2 || i === 8 ? 'direct' : i === 5 || i === 11 ? 'postal' : 'online', pickProcedure(rng));
    if (i === 3) p.closing = { type: 'dossier.resolved', ...at(dueOf(p)) }; // on time
    else if (i === 6) p.closing = { type: 'dossier.resolved', ...at(addWorkingDays(dueOf(p), 2)) }; // late
    else if (i === 9) p.closing = { type: 'dossier.withdrawn', ...at(dayBetween(rng, day, dueOf(p))) };
    else if (i === 12) p.closing = { type: 'dossier.returned', reason: 'Sản phẩm không thuộc danh mục phải công bố hợp quy', ...at(dayBetween(rng, day, dueOf(p))) };
    else resolveEarly(p, day, '2023-09-14');
  });
  plan(at('2023-08-28', '10:12:30'), 'online', procedureByCode('1.004503')); // due 6/9: overdue at 14/9
  plan(at('2023-09-08', '14:44:12'), 'online', procedureByCode('1.003202')); // due 22/9
  return plans;
}

function dossierEvents(plans: DossierPlan[]): Event[] {
  const events: Event[] = [];
  const sorted = [...plans].sort((a, b) => Date.parse(local(a.received.on, a.received.time)) - Date.parse(local(b.received.on, b.received.time)));
  const perYear = new Map<string, number>();
  const perDay = new Map<string, number>();
  for (const p of sorted) {
    const year = p.received.on.slice(0, 4);
    const yearSeq = (perYear.get(year) ?? 0) + 1;
    const daySeq = (perDay.get(p.received.on) ?? 0) + 1;
    perYear.set(year, yearSeq);
    perDay.set(p.received.on, daySeq);
    const dossierId = `${AGENCY_CODE}-${p.received.on.slice(2).replaceAll('-', '')}-${pad(daySeq, 4)}`;
    const key = `mc-${year}-${pad(yearSeq, 6)}`;
    const base = { agencyId: AGENCY };
    const receivedData = {
      dossierId,
      procedureCode: p.procedure.code,
      procedureName: p.procedure.name,
      fieldCode: p.procedure.field.code,
      fieldName: p.procedure.field.name,
      channel: p.channel,
      dueAt: local(dueOf(p), '17:00:00'),
    };
    const receipt = (id: string, s: Step): Event => ({ id, type: 'dossier.received', occurredAt: local(s.on, s.time), ...base, data: receivedData });
    events.push(receipt(`${key}-received`, p.received));
    if (p.resentReceipt) events.push(receipt(`${key}-received-2`, p.resentReceipt));
    p.rescheduled.forEach((r, i) =>
      events.push({
        id: `${key}-rescheduled${i ? `-${i + 1}` : ''}`,
        type: 'dossier.rescheduled',
        occurredAt: local(r.on, r.time),
        ...base,
        data: { dossierId, dueAt: local(r.dueOn, '17:00:00'), reason: r.reason },
      }),
    );
    if (p.closing) {
      const { type, reason } = p.closing;
      const closing = (id: string, s: Step) =>
        ({ id, type, occurredAt: local(s.on, s.time), ...base, data: { dossierId, ...(reason ? { reason } : {}) } }) as Event;
      const name = type.slice('dossier.'.length);
      events.push(closing(`${key}-${name}`, p.closing));
      if (p.resentClosing) events.push(closing(`${key}-${name}-2`, p.resentClosing));
    }
  }
  return events;
}

// ---- Outgoing documents (văn bản đi) ----------------------------------------------------

const SUMMARIES: Record<string, string[]> = {
  CV: [
    'V/v đề nghị cung cấp thông tin phục vụ công tác quản lý nhà nước về khoa học và công nghệ',
    'V/v góp ý dự thảo văn bản quy phạm pháp luật của tỉnh',
    'V/v báo cáo tình hình thực hiện nhiệm vụ khoa học và công nghệ cấp tỉnh',
    'V/v kiểm tra chất lượng hàng hóa lưu thông trên thị trường',
    'V/v kiểm định phương tiện đo nhóm 2 trên địa bàn tỉnh',
    'V/v phối hợp kiểm tra an toàn bức xạ tại các cơ sở X-quang y tế',
    'V/v đôn đốc nộp hồ sơ đăng ký kết quả thực hiện nhiệm vụ khoa học và công nghệ',
    'V/v tham gia ý kiến đối với hồ sơ đề xuất đặt hàng nhiệm vụ khoa học và công nghệ',
    'V/v triển khai Giải thưởng Chất lượng quốc gia',
    'V/v hướng dẫn xác lập quyền sở hữu công nghiệp đối với sản phẩm OCOP',
    'V/v thẩm định công nghệ dự án đầu tư',
    'V/v cử cán bộ tham gia Hội đồng tư vấn tuyển chọn nhiệm vụ khoa học và công nghệ',
    'V/v thực hiện chế độ báo cáo thống kê ngành khoa học và công nghệ',
    'V/v kiểm tra việc thực hiện quy định về đo lường trong kinh doanh xăng dầu',
    'V/v tăng cường kỷ luật, kỷ cương hành chính',
  ],
  KH: [
    'Kế hoạch kiểm tra nhà nước về đo lường, chất lượng năm 2023',
    'Kế hoạch triển khai các nhiệm vụ khoa học và công nghệ năm 2023',
    'Kế hoạch thực hiện công tác chuyển đổi số năm 2023',
    'Kế hoạch kiểm tra an toàn bức xạ trong y tế năm 2023',
  ],
  BC: [
    'Báo cáo tình hình thực hiện nhiệm vụ tháng',
    'Báo cáo kết quả công tác kiểm soát thủ tục hành chính',
    'Báo cáo công tác phòng, chống tham nhũng',
    'Báo cáo kết quả thực hiện chương trình hỗ trợ doanh nghiệp nâng cao năng suất chất lượng',
  ],
  TB: ['Thông báo kết luận của Giám đốc Sở tại cuộc họp giao ban', 'Thông báo lịch công tác tuần của Lãnh đạo Sở'],
  GM: ['Giấy mời họp Hội đồng khoa học và công nghệ đánh giá nghiệm thu đề tài', 'Giấy mời dự hội nghị triển khai nhiệm vụ năm 2023'],
  TTr: ['Tờ trình đề nghị phê duyệt danh mục nhiệm vụ khoa học và công nghệ cấp tỉnh', 'Tờ trình đề nghị phê duyệt kinh phí thực hiện nhiệm vụ khoa học và công nghệ'],
  QĐ: [
    'Quyết định thành lập Hội đồng tư vấn đánh giá nghiệm thu nhiệm vụ khoa học và công nghệ',
    'Quyết định phê duyệt kinh phí thực hiện nhiệm vụ khoa học và công nghệ',
    'Quyết định công nhận kết quả thực hiện nhiệm vụ khoa học và công nghệ',
    'Quyết định cử công chức đi công tác',
  ],
};
const UNITS = ['VP', 'QLKH', 'QLCN', 'TĐC'];

interface Anchor { number: number; date: string; kind: string; summary: string }
/** Documents quoted in the report (footnotes), with their real numbers and dates. */
const ANCHORS: Anchor[] = [
  { number: 2170, date: '2022-12-30', kind: 'KH', summary: 'Kế hoạch cải cách hành chính năm 2023' },
  { number: 117, date: '2023-02-03', kind: 'KH', summary: 'Kế hoạch công tác theo dõi tình hình thi hành pháp luật năm 2023' },
  { number: 161, date: '2023-02-10', kind: 'KH', summary: 'Kế hoạch triển khai công tác phổ biến, giáo dục pháp luật năm 2023' },
  { number: 219, date: '2023-02-20', kind: 'KL', summary: 'Kết luận Hội thảo chuyên đề về xây dựng và triển khai các giải pháp duy trì, nâng cao chỉ số cải cách hành chính năm 2023' },
  { number: 267, date: '2023-02-28', kind: 'KH', summary: 'Kế hoạch kiểm tra, xử lý và rà soát, hệ thống hóa văn bản quy phạm pháp luật năm 2023' },
  { number: 268, date: '2023-02-28', kind: 'KH', summary: 'Kế hoạch rà soát, đánh giá thủ tục hành chính năm 2023' },
  { number: 294, date: '2023-03-03', kind: 'KH', summary: 'Kế hoạch hoạt động kiểm soát thủ tục hành chính năm 2023' },
];
const DECISION_ANCHORS: Anchor[] = [
  { number: 9, date: '2023-01-12', kind: 'QĐ', summary: 'Quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Trung tâm Ứng dụng và Dịch vụ khoa học công nghệ tỉnh Quảng Ngãi' },
];

interface Document { register: 'general' | 'decision'; number: number; kind: string; summary: string; date: string; time: string; form: DocumentForm; confidential: boolean }

/**
 * Numbers `first`..`last` of one register spread over the working days `from`..`to`, in order,
 * each anchor on its own date.
 */
function register(rng: Prng, kind: 'general' | 'decision', first: number, last: number, from: string, to: string, anchors: Anchor[]): Document[] {
  const fixed = [{ number: first - 1, date: from }, ...anchors, { number: last + 1, date: to }].sort((a, b) => a.number - b.number);
  const docs: Document[] = [];
  for (let i = 0; i + 1 < fixed.length; i++) {
    const [lo, hi] = [fixed[i]!, fixed[i + 1]!];
    const days = workingDays(lo.date, hi.date);
    const dates = Array.from({ length: hi.number - lo.number - 1 }, () => rng.pick(days)).sort();
    dates.forEach((date, j) => docs.push(newDocument(rng, kind, lo.number + 1 + j, date)));
    const anchor = anchors.find((a) => a.number === hi.number);
    if (anchor) docs.push({ ...newDocument(rng, kind, anchor.number, anchor.date), kind: anchor.kind, summary: anchor.summary });
  }
  // times in number order within a day
  const byDay = new Map<string, Document[]>();
  for (const d of docs) byDay.set(d.date, [...(byDay.get(d.date) ?? []), d]);
  for (const group of byDay.values()) {
    const times = group.map(() => officeTime(rng)).sort();
    group.forEach((d, i) => (d.time = times[i]!));
  }
  return docs;
}

function newDocument(rng: Prng, registerKind: 'general' | 'decision', number: number, date: string): Document {
  const kind = registerKind === 'decision' ? 'QĐ' : rng.pick(['CV', 'CV', 'CV', 'CV', 'CV', 'CV', 'BC', 'BC', 'TB', 'GM', 'GM', 'TTr', 'KH']);
  return { register: registerKind, number, kind, summary: rng.pick(SUMMARIES[kind]!), date, time: '', form: 'electronic', confidential: false };
}

const documentNumber = (d: Document) =>
  d.kind === 'CV' ? `${d.number}/SKHCN-${UNITS[d.number % UNITS.length]}` : `${pad(d.number)}/${d.kind}-SKHCN`;

function documentEvents(rng: Prng): Event[] {
  const before = register(rng, 'general', 2055, 2060, '2022-12-14', '2022-12-14', []);
  const q1 = [
    ...register(rng, 'general', 2061, 2175, '2022-12-15', '2022-12-30', ANCHORS.filter((a) => a.date < '2023')),
    ...register(rng, 'decision', 241, 258, '2022-12-15', '2022-12-30', []),
    ...register(rng, 'general', 1, 360, '2023-01-03', '2023-03-14', ANCHORS.filter((a) => a.date >= '2023')),
    ...register(rng, 'decision', 1, 30, '2023-01-03', '2023-03-14', DECISION_ANCHORS),
  ];
  // Secret documents travel on paper only and are left out of the report's count.
  const ordinary = q1.filter((d) => d.register === 'general' && !ANCHORS.some((a) => a.number === d.number && a.date === d.date));
  for (const d of rng.sample(ordinary, 7)) Object.assign(d, { confidential: true, form: 'paper', kind: 'BC', summary: '' });
  // Decisions go out signed on paper as well; some letters too: 99 in all.
  const decisions = q1.filter((d) => d.register === 'decision');
  const letters = q1.filter((d) => d.register === 'general' && !d.confidential);
  for (const d of [...decisions, ...rng.sample(letters, 99 - decisions.length)]) d.form = 'electronic_with_paper';

  const all = [...before, ...q1].sort((a, b) => Date.parse(local(a.date, a.time)) - Date.parse(local(b.date, b.time)));
  const perYear = new Map<string, number>();
  const events: Event[] = [];
  const issued: { doc: Document; key: string; documentId: string }[] = [];
  for (const doc of all) {
    const year = doc.date.slice(0, 4);
    const seq = (perYear.get(year) ?? 0) + 1;
    perYear.set(year, seq);
    const key = `vb-${year}-${pad(seq, 6)}`;
    issued.push({ doc, key, documentId: `${AGENCY_CODE}.VBDI.${year}.${pad(seq, 6)}` });
  }
  const issue = (id: string, documentId: string, doc: Document, date: string, time: string): Event => ({
    id,
    type: 'document.issued',
    occurredAt: utc(date, time),
    agencyId: AGENCY,
    data: {
      documentId,
      form: doc.form,
      confidential: doc.confidential,
      number: documentNumber(doc),
      ...(doc.confidential ? {} : { summary: doc.summary }),
    },
  });
  for (const { doc, key, documentId } of issued) events.push(issue(`${key}-issued`, documentId, doc, doc.date, doc.time));
  // The e-office system re-sent four documents under new event ids after correcting their
  // metadata; two of the re-sends are dated in Q2, which still has no documents.
  const resent = rng.sample(issued.filter(({ doc }) => !doc.confidential && doc.date >= '2023-02-01'), 4);
  resent.forEach(({ doc, key, documentId }, i) => {
    const date = i < 2 ? addWorkingDays(doc.date, 1) : rng.pick(workingDays('2023-03-20', '2023-04-28'));
    events.push(issue(`${key}-issued-2`, documentId, doc, date, officeTime(rng)));
  });
  return events;
}

// ---- The stream ---------------------------------------------------------------------------

/** Events in the order a consumer receives them: mostly by time, some late, a few twice. */
function deliveryOrder(rng: Prng, events: Event[]): Event[] {
  const lines = [...events].sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt) || (a.id < b.id ? -1 : 1));
  // late arrivals: moved further down the stream
  for (let n = 0; n < 30; n++) {
    const from = rng.int(0, lines.length - 2);
    const [moved] = lines.splice(from, 1);
    lines.splice(Math.min(lines.length, from + rng.int(5, 80)), 0, moved!);
  }
  // a dossier whose receipt arrives after everything else about it (rescheduled, resolved)
  const lateReceipt = lines.findIndex((e) => e.type === 'dossier.received' && e.occurredAt === '2022-12-14T16:45:03+07:00');
  lines.push(...lines.splice(lateReceipt, 1));
  // re-deliveries: the very same line again, later
  for (const i of rng.sample(lines.map((_, i) => i), 9)) {
    const at = Math.min(lines.length, i + rng.int(1, 200));
    lines.splice(at, 0, lines[i]!);
  }
  return lines;
}

export function generateSampleStream(): string {
  const rng = prng(1015_2023);
  const events = [...dossierEvents(planDossiers(rng)), ...documentEvents(rng)];
  return deliveryOrder(rng, events)
    .map((e) => JSON.stringify(e) + '\n')
    .join('');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = generateSampleStream();
  writeFileSync(SAMPLE_FILE, text);
  console.log(`wrote ${SAMPLE_FILE}: ${text.split('\n').length - 1} lines`);
}
