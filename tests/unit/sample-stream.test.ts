// The SKHCN sample stream (events/samples/skhcn-2023.jsonl): valid against the contract, and
// its figures are those printed in Báo cáo số 1015/BC-SKHCN (2023-H1, documents of 2023-Q1).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { event, type Event } from '#events/event.schema.ts';
import { generateSampleStream, SAMPLE_FILE } from '#events/samples/generate.ts';
import { generateAgencyStream, SAMPLE_AGENCIES, sampleFile } from '#events/samples/generate-agencies.ts';
import { AgencyProfileSchema } from '#domain/profile.ts';
import { referenceFigures } from '../reference/figures.ts';

const text = readFileSync(SAMPLE_FILE, 'utf8');
const lines = text.split('\n').slice(0, -1);
const parsed = lines.map((line) => event.safeParse(JSON.parse(line)));
const events: Event[] = parsed.flatMap((result) => (result.success ? [result.data] : []));
const figures = (periodId: string, stream = events) => referenceFigures(stream, 'SKHCN', periodId);

describe('sample stream skhcn-2023.jsonl', () => {
  it('is one valid event per line, ending with a newline', () => {
    expect(text.endsWith('\n')).toBe(true);
    expect(lines.length).toBeGreaterThan(700);
    parsed.forEach((result, i) => expect(result.success, `line ${i + 1}: ${result.error?.message}`).toBe(true));
  });

  it('gives the 2023-H1 dossier figures of report 1015/BC-SKHCN', () => {
    const h1 = figures('2023-H1');
    expect(h1.period).toEqual({ id: '2023-H1', from: '2022-12-15', to: '2023-06-14' });
    expect(h1.dossiers).toEqual({
      received: { total: 63, carriedOver: 10, online: 52, direct: 1, postal: 0 },
      resolved: { total: 59, early: 59, onTime: 0, late: 0 },
      withdrawn: 0,
      returned: 0,
      pending: { total: 4, withinDeadline: 4, overdue: 0 },
    });
  });

  it('gives 516 documents in 2023-Q1 (417 electronic, 99 with paper), none in Q2, so 516 in H1', () => {
    const q1 = { total: 516, electronic: 417, electronicWithPaper: 99, paper: 0 };
    expect(figures('2023-Q1').documents.issued).toEqual(q1);
    expect(figures('2023-Q2').documents.issued).toEqual({ total: 0, electronic: 0, electronicWithPaper: 0, paper: 0 });
    expect(figures('2023-H1').documents.issued).toEqual(q1);
  });

  it('splits the H1 dossiers over the department’s fields', () => {
    const rows = figures('2023-H1').fields;
    expect(rows.map((r) => r.fieldCode)).toEqual(['CGCN', 'KHCN', 'NLNT', 'SHTT', 'TDC']);
    expect(rows.find((r) => r.fieldCode === 'NLNT')?.fieldName).toBe('Năng lượng nguyên tử, an toàn bức xạ và hạt nhân');
    expect(rows.reduce((n, r) => n + r.dossiers.received.total, 0)).toBe(63);
  });

  it('exercises the order-independence rules: re-deliveries, late arrivals, re-sent events', () => {
    const ids = new Set(events.map((e) => e.id));
    expect(lines.length - ids.size).toBeGreaterThanOrEqual(5); // the very same line twice
    const at = events.map((e) => Date.parse(e.occurredAt));
    expect(at.some((t, i) => i > 0 && t < at[i - 1]!)).toBe(true);
    const receivedLine = events.findIndex((e) => e.type === 'dossier.received' && e.occurredAt === '2022-12-14T16:45:03+07:00');
    const dossierId = (events[receivedLine] as Extract<Event, { type: 'dossier.received' }>).data.dossierId;
    expect(events.findIndex((e) => e.type === 'dossier.resolved' && e.data.dossierId === dossierId)).toBeLessThan(receivedLine);
    expect([...ids].filter((id) => /-(received|resolved|issued)-2$/.test(id)).length).toBeGreaterThanOrEqual(4);
  });

  it('has rescheduled dossiers whose dates decide the H1 figures', () => {
    const withoutRescheduling = figures('2023-H1', events.filter((e) => e.type !== 'dossier.rescheduled')).dossiers;
    expect(withoutRescheduling.resolved).toEqual({ total: 59, early: 54, onTime: 0, late: 5 });
    expect(withoutRescheduling.pending).toEqual({ total: 4, withinDeadline: 3, overdue: 1 });
  });

  it('has confidential Q1 documents, left out of the count', () => {
    const confidential = new Set(events.filter((e) => e.type === 'document.issued' && e.data.confidential).map((e) => e.id));
    expect(confidential.size).toBe(7);
    const asIfPublic = events.map((e) => (e.type === 'document.issued' && e.data.confidential ? { ...e, data: { ...e.data, confidential: false } } : e));
    expect(figures('2023-Q1', asIfPublic).documents.issued).toEqual({ total: 523, electronic: 417, electronicWithPaper: 99, paper: 7 });
  });

  it('has other periods around H1: 2022-Q4 history and 2023-Q3 with every outcome', () => {
    expect(figures('2022-Q4').dossiers.received).toEqual({ total: 24, carriedOver: 0, online: 22, direct: 1, postal: 1 });
    expect(figures('2023-Q3').dossiers).toEqual({
      received: { total: 19, carriedOver: 4, online: 11, direct: 2, postal: 2 },
      resolved: { total: 15, early: 13, onTime: 1, late: 1 },
      withdrawn: 1,
      returned: 1,
      pending: { total: 2, withinDeadline: 1, overdue: 1 },
    });
  });

  it('dates every event in office hours, Monday to Friday, local time', () => {
    for (const e of events) {
      const local = new Date(Date.parse(e.occurredAt) + 7 * 3600_000);
      const minutes = local.getUTCHours() * 60 + local.getUTCMinutes();
      expect([1, 2, 3, 4, 5], e.id).toContain(local.getUTCDay());
      expect((minutes >= 450 && minutes < 690) || (minutes >= 810 && minutes < 1020), e.id).toBe(true);
    }
  });

  it('is what the generator writes, byte for byte', () => {
    expect(generateSampleStream()).toBe(text);
  });
});

describe('the other sample agencies (Sở Tư pháp, UBND xã Tịnh Khê, UBND huyện Sơn Tịnh, UBND tỉnh)', () => {
  it.each(SAMPLE_AGENCIES.map((a) => [a.agencyId, a] as const))('%s: valid events with the 766 indicators, as the generator writes them, and a profile', (_, agency) => {
    const own = readFileSync(sampleFile(agency), 'utf8');
    expect(generateAgencyStream(agency)).toBe(own);
    const stream = own.trim().split('\n').map((line) => event.parse(JSON.parse(line)));
    expect(stream.every((e) => e.agencyId === agency.agencyId)).toBe(true);
    const h1 = referenceFigures(stream, agency.agencyId, '2023-H1');
    expect(h1.dossiers.received.total).toBeGreaterThan(100);
    for (const rate of Object.values(h1.rates)) expect(rate.numerator).toBeGreaterThan(0);
    const profile = AgencyProfileSchema.parse(JSON.parse(readFileSync(sampleFile(agency).replace(/-2023\.jsonl$/, '-profile.json'), 'utf8')));
    expect(profile.agencyId).toBe(agency.agencyId);
  });
});
