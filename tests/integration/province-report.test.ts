// The province's own report through the local HTTP API over DynamoDB Local and the local S3, with the
// three sample agencies loaded as `npm run dev` loads them (their generated streams) and the province
// (level "province") added: its rendered report says the roll-up's total, and its workbook's total
// formulas, evaluated from the cells they add, equal the roll-up's total (CONTRACT §8).
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { form06Figures } from '#domain/report/data-paragraphs.ts';
import type { ProvinceSummary } from '#domain/rollup.ts';
import { loadSampleAgencies } from '../../infra/local/sample-agencies.ts';
import { StaffClient } from '../../infra/local/staff-client.ts';
import { docxText } from '../support/report-text.ts';
import { startTestApi, type TestApi } from '../support/local-api.ts';
import { freshBucket } from '../setup/services.ts';
import { PROVINCE_PROFILE } from '../fixtures/province-report-input.ts';

const ADMIN = 'province-report-admin-token';
const SECRET = 'province-report-secret';
const PERIOD = '2023-H1';

let local: TestApi;
let admin: StaffClient;

beforeAll(async () => {
  const [reports, uploads] = [await freshBucket('province-reports'), await freshBucket('province-uploads')];
  local = await startTestApi('province-report', { staffToken: ADMIN, secret: SECRET, env: { REPORTS_BUCKET: reports, UPLOADS_BUCKET: uploads } });
  admin = new StaffClient(local.api.url, ADMIN);
  await loadSampleAgencies(admin, { url: local.api.url, secret: SECRET }, undefined, false);
  await admin.ok('PUT', '/v1/agencies/UBNDT', PROVINCE_PROFILE);
}, 120_000);

afterAll(() => local?.stop());

describe("the province's own report", () => {
  it("says the roll-up's total, and its workbook's total formulas add up to it", async () => {
    const rollup = await admin.ok<ProvinceSummary>('GET', `/v1/periods/${PERIOD}/summary`);
    expect(rollup.agencies.map((a) => a.agencyId)).toContain('UBNDT');
    const total = rollup.total.dossiers;
    expect(total.received.total).toBeGreaterThan(63);

    await admin.ok('POST', `/v1/agencies/UBNDT/periods/${PERIOD}/reports`, {});
    const { reports } = await admin.ok<{ reports: Array<{ downloads: { docx: string } }> }>('GET', `/v1/agencies/UBNDT/periods/${PERIOD}/reports`);
    const docx = new Uint8Array(await (await fetch(reports[0]!.downloads.docx)).arrayBuffer());
    const text = docxText(docx).paragraphs.join('\n');
    expect(text).toContain(`toàn tỉnh đã tiếp nhận ${total.received.total} hồ sơ`);
    expect(text).toContain(`trước hạn ${total.resolved.early} hồ sơ và đúng hạn ${total.resolved.onTime} hồ sơ, trễ hẹn ${total.resolved.late} hồ sơ`);

    const response = await fetch(`${local.api.url}/v1/agencies/UBNDT/periods/${PERIOD}/form06.xlsx`, { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(response.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ArrayBuffer);
    const ws = book.getWorksheet('Biểu 06')!;
    let totalRow = 10;
    while (ws.getCell(totalRow, 2).value !== 'Tổng cộng') totalRow++;
    // A formula's value: the sum of the cells it names (SUM(C11:C14) or C10+C15+…), themselves evaluated.
    const evaluate = (address: string): number => {
      const v = ws.getCell(address).value;
      if (typeof v === 'number') return v;
      const formula = String((v as { formula: string }).formula);
      return formula.split('+').reduce((n, term) => {
        const range = /^SUM\(([A-Z]+)(\d+):[A-Z]+(\d+)\)$/.exec(term);
        if (!range) return n + evaluate(term);
        let sum = 0;
        for (let r = Number(range[2]); r <= Number(range[3]); r++) sum += evaluate(`${range[1]}${r}`);
        return n + sum;
      }, 0);
    };
    expect('CDEFGHIJKLM'.split('').map((c) => evaluate(`${c}${totalRow}`))).toEqual(form06Figures(total));
    expect(ws.getCell(`C${totalRow}`).value).toMatchObject({ formula: expect.any(String) });
  });
});
