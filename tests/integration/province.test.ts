// The province's routes (CONTRACT §8) through the local HTTP API over DynamoDB Local, with the five
// sample agencies loaded as `npm run dev` loads them: the roll-up equals the per-agency summaries
// and their sum, the submissions board follows the stored report versions, the province reads but
// writes nothing, and the workbooks open with the summary's figures and the same bytes each time.
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '#adapters/dynamodb.ts';
import { dynamoReportStore } from '#adapters/report-store.ts';
import { sumFigures, type PeriodSummary } from '#domain/figures.ts';
import { form06Figures } from '#domain/report/data-paragraphs.ts';
import type { ReportState, ReportVersion } from '#domain/report-version.ts';
import type { ProvinceSummary, Submission } from '#domain/rollup.ts';
import { loadSampleAgencies, SAMPLE_AGENCY_IDS } from '../../infra/local/sample-agencies.ts';
import { StaffClient } from '../../infra/local/staff-client.ts';
import { startTestApi, type TestApi } from '../support/local-api.ts';

const ADMIN = 'province-admin-token';
const PROVINCE = 'local-province-token';
const SECRET = 'province-secret';
const PERIOD = '2023-H1';

let local: TestApi;
let api: TestApi['api'];

beforeAll(async () => {
  local = await startTestApi('province', { staffToken: ADMIN, secret: SECRET });
  api = local.api;
  await loadSampleAgencies(new StaffClient(api.url, ADMIN), { url: api.url, secret: SECRET }, undefined, false);
}, 120_000);

afterAll(() => local?.stop());

const get = (path: string, token = PROVINCE) => fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
async function getJson<T>(path: string, token = PROVINCE): Promise<T> {
  const response = await get(path, token);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as T;
}

describe('GET /v1/periods/{periodId}/summary', () => {
  it("lists every agency with a profile in agencyId order with its own summary's figures, and their sum", async () => {
    const rollup = await getJson<ProvinceSummary>(`/v1/periods/${PERIOD}/summary`);
    expect(rollup.period).toEqual({ id: PERIOD, from: '2022-12-15', to: '2023-06-14' });
    expect(rollup.agencies.map((a) => [a.agencyId, a.name, a.level])).toEqual([
      ['HSONTINH', 'UBND huyện Sơn Tịnh', 'district'],
      ['SKHCN', 'Sở Khoa học và Công nghệ', 'province-department'],
      ['STP', 'Sở Tư pháp', 'province-department'],
      ['UBNDT', 'Ủy ban nhân dân tỉnh Quảng Ngãi', 'province'],
      ['XATINHKHE', 'UBND xã Tịnh Khê', 'commune'],
    ]);
    const summaries = await Promise.all(SAMPLE_AGENCY_IDS.map((a) => getJson<PeriodSummary>(`/v1/agencies/${a}/periods/${PERIOD}/summary`)));
    summaries.forEach((s, i) => expect(rollup.agencies.find((a) => a.agencyId === SAMPLE_AGENCY_IDS[i])).toMatchObject({ dossiers: s.dossiers, documents: s.documents, rates: s.rates }));
    expect(summaries[0]!.dossiers.received.total).toBe(63);

    // The total, added up here number by number.
    const sum = (pick: (s: PeriodSummary) => number) => summaries.reduce((n, s) => n + pick(s), 0);
    const t = rollup.total;
    expect(t.dossiers.received.total).toBe(sum((s) => s.dossiers.received.total));
    expect(t.dossiers.pending.overdue).toBe(sum((s) => s.dossiers.pending.overdue));
    expect(t.documents.issued.total).toBe(sum((s) => s.documents.issued.total));
    expect(t.rates.onTime).toEqual({ numerator: sum((s) => s.dossiers.resolved.early + s.dossiers.resolved.onTime), denominator: sum((s) => s.dossiers.resolved.total) });
    expect(t.rates.online).toEqual({ numerator: sum((s) => s.dossiers.received.online), denominator: sum((s) => s.dossiers.received.online + s.dossiers.received.direct + s.dossiers.received.postal) });
    expect(t.rates.fullyOnline.numerator).toBe(sum((s) => s.rates.fullyOnline.numerator));
    expect(t.rates.fullyOnline.numerator).toBeGreaterThan(0);
    expect(t).toEqual(sumFigures(summaries));
    expect(t.dossiers.received.total).toBe(t.dossiers.resolved.total + t.dossiers.withdrawn + t.dossiers.returned + t.dossiers.pending.total);

    // One sample agency of each level, so Biểu số 06 by level has every group.
    expect(rollup.levels.map((l) => [l.level, l.agencyIds])).toEqual([
      ['province', ['UBNDT']],
      ['province-department', ['SKHCN', 'STP']],
      ['district', ['HSONTINH']],
      ['commune', ['XATINHKHE']],
    ]);
    expect(rollup.levels.find((l) => l.level === 'commune')).toMatchObject({ dossiers: summaries[2]!.dossiers, rates: summaries[2]!.rates });
  });
});

describe('GET /v1/periods/{periodId}/submissions', () => {
  it('gives each agency the state of its latest version, the issued number and time, its deadline and whether it is late', async () => {
    const store = dynamoReportStore(documentClient(local.config.adapters.aws), local.tableName);
    const add = (agencyId: string, version: number, states: Array<[ReportState, string]>, extra: Partial<ReportVersion> = {}) =>
      store.addVersion({
        agencyId, periodId: PERIOD, version, inputHash: `i${version}`, figuresHash: 'f', provisional: false, amendment: version > 1,
        issuedOn: '2023-06-15', title: 'Báo cáo', files: { docx: { key: 'k.docx', sha256: 's', size: 1 }, pdf: { key: 'k.pdf', sha256: 's', size: 1 } },
        createdAt: states[0]![1], trigger: 'staff', state: states.at(-1)![0], history: states.map(([state, at]) => ({ state, at, by: 'u' })), ...extra,
      });
    // SKHCN: issued on 03/6 (due 14/6), then an amendment drafted; STP: submitted (due 05/6); the commune: nothing.
    expect(await add('SKHCN', 1, [['draft', '2023-06-01T01:00:00Z'], ['submitted', '2023-06-02T01:00:00Z'], ['issued', '2023-06-03T01:00:00Z']], { issued: { number: '1015/BC-SKHCN', signerName: 'Nguyễn Văn A', issuedOn: '2023-06-03', files: { docx: { key: 'i.docx', sha256: 's', size: 1 }, pdf: { key: 'i.pdf', sha256: 's', size: 1 } } } })).toBe(true);
    expect(await add('SKHCN', 2, [['draft', '2023-06-20T01:00:00Z']])).toBe(true);
    expect(await add('STP', 1, [['draft', '2023-06-01T01:00:00Z'], ['submitted', '2023-06-02T01:00:00Z']])).toBe(true);

    const board = await getJson<Submission[]>(`/v1/periods/${PERIOD}/submissions`);
    // The province's own report is not among those it waits for.
    expect(board).toEqual([
      { agencyId: 'HSONTINH', name: 'UBND huyện Sơn Tịnh', state: 'missing', number: null, issuedAt: null, deadline: '2023-06-07', late: true },
      { agencyId: 'SKHCN', name: 'Sở Khoa học và Công nghệ', state: 'draft', number: '1015/BC-SKHCN', issuedAt: '2023-06-03T01:00:00Z', deadline: '2023-06-05', late: false },
      { agencyId: 'STP', name: 'Sở Tư pháp', state: 'submitted', number: null, issuedAt: null, deadline: '2023-06-05', late: true },
      { agencyId: 'XATINHKHE', name: 'UBND xã Tịnh Khê', state: 'missing', number: null, issuedAt: null, deadline: '2023-06-09', late: true },
    ]);
  });
});

describe('the province role', () => {
  const items = async () => (await local.dynamo.send(new ScanCommand({ TableName: local.tableName, Select: 'COUNT' }))).Count ?? 0;

  it("reads any agency's figures and workbook but writes nothing: 403 and nothing stored", async () => {
    expect((await get(`/v1/agencies/XATINHKHE/periods/${PERIOD}/summary`)).status).toBe(200);
    expect((await get(`/v1/agencies/STP/periods/${PERIOD}/form06.xlsx`)).status).toBe(200);
    const before = await items();
    const writes: Array<[string, string, unknown]> = [
      ['PUT', '/v1/agencies/STP', { agencyId: 'STP' }],
      ['PUT', `/v1/agencies/STP/periods/${PERIOD}/sections/direction`, { paragraphs: ['x'] }],
      ['POST', `/v1/agencies/STP/periods/${PERIOD}/reports`, {}],
      ['POST', '/v1/agencies/STP/uploads', {}],
    ];
    for (const [method, path, body] of writes) {
      const response = await fetch(`${api.url}${path}`, { method, headers: { authorization: `Bearer ${PROVINCE}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(response.status, `${method} ${path}`).toBe(403);
    }
    expect(await items()).toBe(before);
  });

  it('is needed for the roll-up: staff and leaders get 403', async () => {
    for (const token of ['local-staff-token', 'local-leader-token']) {
      for (const path of [`/v1/periods/${PERIOD}/summary`, `/v1/periods/${PERIOD}/submissions`, `/v1/periods/${PERIOD}/form06.xlsx`]) expect((await get(path, token)).status).toBe(403);
    }
  });
});

describe('Biểu số 06 workbooks', () => {
  async function workbook(path: string) {
    const response = await get(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="bieu-06-.*\.xlsx"$/);
    // An agency's figures: no browser or proxy keeps a copy.
    expect(response.headers.get('cache-control')).toBe('no-store');
    const bytes = Buffer.from(await response.arrayBuffer());
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    const ws = book.getWorksheet('Biểu 06')!;
    const rows: unknown[][] = [];
    // The table's rows (not the note under it), a formula's cached result for its value (exceljs reads a cached 0 back as none).
    const valueOf = (v: ExcelJS.CellValue) => (v !== null && typeof v === 'object' && 'formula' in v ? (v.result ?? 0) : v);
    ws.eachRow((row, r) => r >= 10 && typeof valueOf(row.getCell(3).value) === 'number' && rows.push(Array.from({ length: 15 }, (_, c) => valueOf(row.getCell(c + 1).value))));
    return { bytes, rows, ws };
  }
  const rate = ({ numerator, denominator }: { numerator: number; denominator: number }) => (denominator === 0 ? '—' : numerator / denominator);

  it("of the province: a group row per level, one row per agency with the roll-up's figures and rates, the total; the same bytes again", async () => {
    const rollup = await getJson<ProvinceSummary>(`/v1/periods/${PERIOD}/summary`);
    const { bytes, rows, ws } = await workbook(`/v1/periods/${PERIOD}/form06.xlsx`);
    const line = (number: string, name: string, f: ProvinceSummary['total']) => [number, name, ...form06Figures(f.dossiers), rate(f.rates.onTime), rate(f.rates.online)];
    const [province, departments, districts, communes] = rollup.levels;
    const [district, skhcn, stp, ubndt, commune] = rollup.agencies;
    expect(rows).toEqual([
      line('I', 'UBND cấp tỉnh', province!),
      line('1', 'Ủy ban nhân dân tỉnh Quảng Ngãi', ubndt!),
      line('II', 'Sở, ban, ngành cấp tỉnh', departments!),
      line('1', 'Sở Khoa học và Công nghệ', skhcn!),
      line('2', 'Sở Tư pháp', stp!),
      line('III', 'UBND cấp huyện', districts!),
      line('1', 'UBND huyện Sơn Tịnh', district!),
      line('IV', 'UBND cấp xã', communes!),
      line('1', 'UBND xã Tịnh Khê', commune!),
      line('', 'Tổng cộng', rollup.total),
    ]);
    expect(ws.getCell('A2').value).toBe('Ban hành kèm theo Thông tư số 01/2020/TT-VPCP ngày 21/10/2020');
    expect(ws.getCell('L1').value).toBe('Đơn vị báo cáo: UBND tỉnh Quảng Ngãi');
    expect((await workbook(`/v1/periods/${PERIOD}/form06.xlsx`)).bytes.equals(bytes)).toBe(true);
  });

  it("of an agency: a row per field, the total row equal to the summary's figures; the same bytes again; 409 without a profile", async () => {
    const summary = await getJson<PeriodSummary>(`/v1/agencies/SKHCN/periods/${PERIOD}/summary`);
    const { bytes, rows } = await workbook(`/v1/agencies/SKHCN/periods/${PERIOD}/form06.xlsx`);
    expect(rows.at(-1)).toEqual(['', 'Tổng cộng', ...form06Figures(summary.dossiers), rate(summary.rates.onTime), rate(summary.rates.online)]);
    expect(rows.slice(0, -1).reduce((n, row) => n + (row[2] as number), 0)).toBe(summary.dossiers.received.total);
    expect((await workbook(`/v1/agencies/SKHCN/periods/${PERIOD}/form06.xlsx`)).bytes.equals(bytes)).toBe(true);
    const unknown = await get(`/v1/agencies/NOPROFILE/periods/${PERIOD}/form06.xlsx`);
    expect(unknown.status).toBe(409);
    expect(await unknown.json()).toMatchObject({ error: { code: 'profile_missing' } });
  });
});
