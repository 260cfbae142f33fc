// The staff console in a real browser (Chromium through playwright-core: tests/support/chromium.ts)
// against the local API over DynamoDB Local, s3rver and the SMTP sink: nothing mocked. One browser
// for the file; axe-core on every page; the page's CSP must refuse nothing the console itself does.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citedExcerpt } from '#domain/excerpts.ts';
import { API_ROUTES } from '#functions/api-routes.ts';
import { localConsole } from '#local/app.ts';
import { startHttpApi, type HttpApi } from '#local/http.ts';
import type { LocalQueue } from '#local/queue.ts';
import { allowBrowserUploads, startS3Local, type S3Local } from '#local/s3-local.ts';
import { startSmtpSink, type SmtpSink } from '#local/smtp-sink.ts';
import { StaffClient } from '#local/staff-client.ts';
import { freshTable, localEndpoints, localSetup } from '../setup/services.ts';
import { launchChromium } from '../support/chromium.ts';
import { axeViolations, choose, seedSample, signIn } from '../support/console.ts';

const SECRET = 'console-test-secret';
const ADMIN = 'console-test-admin';
/** The review routes of CONTRACT §6 (branch wf): the steps that need them run once they are in the route table. */
const hasReviewRoutes = API_ROUTES.some((r) => r.path.endsWith('/submit'));

let api: HttpApi;
let s3: S3Local;
let smtp: SmtpSink;
let queue: LocalQueue;
let browser: Browser;
let restoreEnv: () => void;
let dropTable: () => Promise<void>;
const scratch = mkdtempSync(join(tmpdir(), 'console-test-'));
const refused: string[] = [];

beforeAll(async () => {
  // S3 of our own: the browser POSTs to it and its notification must reach this file's upload check.
  const [table, s3Local, sink, chromium] = await Promise.all([freshTable('console'), startS3Local(), startSmtpSink({ dir: join(scratch, 'mail') }), launchChromium()]);
  [s3, smtp, browser, dropTable] = [s3Local, sink, chromium, table.drop];
  await s3.ensureBuckets(['reports', 'uploads']);
  await allowBrowserUploads(s3.endpoint, 'uploads');
  const setup = localSetup(
    { TABLE_NAME: table.tableName, REPORTS_BUCKET: 'reports', UPLOADS_BUCKET: 'uploads', MAIL_FROM: 'bao-cao-cchc@localhost', LOG_LEVEL: 'error' },
    {
      // the agency's software signing key of the issue, as the local stack sets it
      signer: { kind: 'local', dir: join(scratch, 'signing') },
      mailer: { kind: 'smtp', host: smtp.host, port: smtp.port },
    },
    { ...localEndpoints(), s3: s3.endpoint },
  );
  restoreEnv = setup.restore;
  const { localRoutes } = await import('#local/app.ts');
  const local = localRoutes(setup.config, SECRET);
  queue = local.queue;
  s3.onObjectCreated({ bucket: 'uploads', prefix: 'incoming/' }, local.uploadCheck);
  api = await startHttpApi({ routes: local.routes, staffToken: ADMIN, console: await localConsole(join(scratch, 'web'), s3.endpoint) });
  await seedSample(api.url, SECRET, ADMIN, { narrative: false });
});

afterAll(async () => {
  await browser?.close();
  await api?.stop();
  queue?.stop();
  await Promise.allSettled([s3?.stop(), smtp?.stop()]);
  restoreEnv?.();
  await dropTable?.();
  rmSync(scratch, { recursive: true, force: true });
});

async function open(token: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  const page = await context.newPage();
  page.on('console', (m) => /Content Security Policy|Refused to/.test(m.text()) && refused.push(m.text()));
  page.on('pageerror', (e) => refused.push(`page error: ${e.message}`));
  await signIn(page, api.url, token);
  await choose(page, 'SKHCN', '2023-H1');
  return { context, page };
}

const tab = (page: Page, name: string) => page.getByRole('navigation', { name: 'Các trang' }).getByRole('link', { name }).click();

async function expectAccessible(page: Page, what: string) {
  expect(await axeViolations(page), what).toEqual([]);
}

describe('the staff console', () => {
  let staff: { context: BrowserContext; page: Page };

  it('signs staff in; the figures are the summary API’s, each with its data-figure', async () => {
    staff = await open('local-staff-token');
    const { page } = staff;
    await expectAccessible(page, 'signed in');
    await page.locator('[data-figure="dossiers.received.total"]').waitFor();
    const summary = (await new StaffClient(api.url, 'local-staff-token').ok('GET', '/v1/agencies/SKHCN/periods/2023-H1/summary')) as Record<string, any>;
    const shown = await page.locator('[data-figure]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-figure')!, e.textContent!] as const));
    expect(shown.length).toBe(18);
    for (const [path, text] of shown) expect(text, path).toBe(String(path.split('.').reduce<any>((v: any, k: string) => v[k], summary)));
    expect(Object.fromEntries(shown)['dossiers.received.total']).toBe('63');
    await expect(page.getByRole('table', { name: /06/ }).or(page.getByRole('region', { name: 'Biểu số 06 theo lĩnh vực' })).count()).resolves.toBeGreaterThan(0);
    await expectAccessible(page, 'figures');
  });

  it('loads the figures page of one agency and period in at most 3 API requests (issue #21), not one per month', async () => {
    const { page } = staff;
    const period = page.getByRole('combobox', { name: 'Kỳ báo cáo' });
    const figure = page.locator('[data-figure="dossiers.received.total"]');
    // away and back: the page is remounted for SKHCN 2023-H1 (six months) and every request it makes is counted
    await period.selectOption('2022-H2');
    await expect.poll(() => figure.textContent(), { timeout: 30_000 }).not.toBe('63');
    const requests: string[] = [];
    const count = (request: { url(): string }) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith('/v1/')) requests.push(`${url.pathname}${url.search}`);
    };
    page.on('request', count);
    await period.selectOption('2023-H1');
    // the page shows figures only once all its requests are answered (one per month, before #21)
    await expect.poll(() => figure.textContent(), { timeout: 30_000 }).toBe('63');
    await page.waitForTimeout(500); // a straggler would still be counted
    page.off('request', count);
    const seen = requests.join('\n');
    expect(requests.length, seen).toBeGreaterThan(0);
    expect(requests.length, seen).toBeLessThanOrEqual(3);
    expect(requests.every((r) => r.startsWith('/v1/agencies/SKHCN/')), seen).toBe(true);
  });

  it('saves a section, which is there after a reload; carries the previous period forward', async () => {
    const { page } = staff;
    await tab(page, 'Thuyết minh');
    const editor = page.locator('[data-section="direction"]');
    await editor.getByRole('textbox').fill('### Chỉ đạo\nSở đã ban hành Kế hoạch {{cite:2170/KH-SKHCN}}.\n- Một việc');
    await editor.getByRole('button', { name: 'Lưu' }).click();
    await editor.getByText('Đã lưu').waitFor();
    await page.reload();
    await choose(page, 'SKHCN', '2023-H1');
    await tab(page, 'Thuyết minh');
    await expect(page.locator('[data-section="direction"] textarea').inputValue()).resolves.toBe('### Chỉ đạo\nSở đã ban hành Kế hoạch {{cite:2170/KH-SKHCN}}.\n- Một việc');
    await page.getByRole('button', { name: /Chép nội dung kỳ trước/ }).click();
    // the earlier period's text arrives asynchronously: poll until the editor shows it
    await expect.poll(() => page.locator('[data-section="assessment"] textarea').inputValue()).toBe('Đánh giá chung của kỳ trước.');
    await page.locator('[data-section="direction"]').getByRole('button', { name: 'Xem trước' }).click();
    await expect(page.locator('[data-section="direction"] .preview h3').textContent()).resolves.toBe('Chỉ đạo');
    await expectAccessible(page, 'narrative');
    await page.locator('[data-section="assessment"]').getByRole('button', { name: 'Lưu' }).click();
    await page.locator('[data-section="assessment"]').getByText('Đã lưu').waitFor();
  });

  it('uploads a PDF (accepted) and an executable named .pdf (rejected with the reason), without a reload', async () => {
    const { page } = staff;
    await tab(page, 'Văn bản đính kèm');
    const { makeAttachmentPdf } = await import('#events/samples/attachments/make-pdf.ts');
    const document = { kind: 'KH', number: '2170/KH-SKHCN', issuedOn: '2022-12-30', issuer: 'Giám đốc Sở Khoa học và Công nghệ', subject: 'Kế hoạch cải cách hành chính năm 2023', reformArea: 'direction', periodId: '2023-H1' } as const;
    const upload = async (fields: Omit<typeof document, 'number'> & { number: string }, file: { name: string; buffer: Buffer }) => {
      await page.getByLabel('Loại văn bản').selectOption(fields.kind);
      await page.getByLabel('Số, ký hiệu').fill(fields.number);
      await page.getByLabel('Ngày ban hành').fill(fields.issuedOn);
      await page.getByLabel('Người ban hành').fill(fields.issuer);
      await page.getByLabel('Trích yếu').fill(fields.subject);
      await page.getByLabel('Lĩnh vực').selectOption(fields.reformArea);
      await page.getByLabel('Tệp đính kèm').setInputFiles({ name: file.name, mimeType: 'application/pdf', buffer: file.buffer });
      await page.getByRole('button', { name: 'Tải lên' }).click();
    };
    await upload(document, { name: 'ke-hoach-2170.pdf', buffer: await makeAttachmentPdf(document) });
    await page.getByRole('row', { name: /2170\/KH-SKHCN/ }).getByText('Đã chấp nhận').waitFor();
    await expect(page.getByRole('row', { name: /2170\/KH-SKHCN/ }).textContent()).resolves.toContain('Kế hoạch số 2170/KH-SKHCN ngày 30/12/2022 của Giám đốc Sở Khoa học và Công nghệ.');
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00', 'latin1'), Buffer.alloc(2048, 0x41)]);
    await upload({ ...document, number: '99/KH-SKHCN' }, { name: 'ke-hoach-99.pdf', buffer: exe });
    const rejected = page.getByRole('row', { name: /99\/KH-SKHCN/ });
    await rejected.getByText('Bị từ chối').waitFor();
    await expect(rejected.locator('.reason').textContent()).resolves.toMatch(/\S/);
    await expectAccessible(page, 'uploads');
  });

  it('shows the server’s message next to the field it names', async () => {
    const { page } = staff;
    await page.getByLabel('Số, ký hiệu').fill('1/KH');
    await page.getByLabel('Ngày ban hành').fill('2099-01-01');
    await page.getByLabel('Người ban hành').fill('Giám đốc');
    await page.getByLabel('Trích yếu').fill('Kế hoạch');
    await page.getByLabel('Tệp đính kèm').setInputFiles({ name: 'a.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n') });
    await page.getByRole('button', { name: 'Tải lên' }).click();
    await page.locator('#doc-issuedOn-error').waitFor();
    await expect(page.getByLabel('Ngày ban hành').getAttribute('aria-invalid')).resolves.toBe('true');
  });

  it('renders a draft with progress; the draft PDF link opens in the browser', async () => {
    const { page } = staff;
    await tab(page, 'Báo cáo');
    await page.getByRole('button', { name: 'Lập báo cáo' }).click();
    await page.getByRole('heading', { name: 'Phiên bản 1' }).waitFor({ timeout: 60_000 });
    const pdf = page.getByRole('link', { name: 'Xem PDF' }).first();
    await expect(pdf.getAttribute('target')).resolves.toBe('_blank');
    const response = await fetch((await pdf.getAttribute('href'))!);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toMatch(/^inline/);
    await expect(page.getByRole('link', { name: 'Tải DOCX' }).count()).resolves.toBeGreaterThan(0);
    await expectAccessible(page, 'reports');
  });

  it.runIf(hasReviewRoutes)('submits the draft; the leader signs it (Ký số) under their own name; the clerk numbers and issues it; the issued links appear', async () => {
    const { page } = staff;
    await page.getByRole('button', { name: 'Trình ký' }).first().click();
    await page.getByText('Đã trình ký').first().waitFor();
    const leader = await open('local-leader-token');
    await tab(leader.page, 'Báo cáo');
    // the name is the leader's own, shown and never typed; the profile names a clerk, so no issue button for the leader
    await leader.page.getByText('Người ký: Trần Quốc Bảo (KT. GIÁM ĐỐC – PHÓ GIÁM ĐỐC)').first().waitFor();
    await expect(leader.page.getByLabel('Người ký').count()).resolves.toBe(0);
    await leader.page.getByRole('button', { name: 'Ký số' }).first().click();
    await leader.page.getByText('Đã ký số').first().waitFor({ timeout: 60_000 });
    await expect(leader.page.getByRole('button', { name: 'Cấp số và phát hành' }).count()).resolves.toBe(0);
    await expectAccessible(leader.page, 'signed');
    await leader.context.close();

    const clerk = await open('local-clerk-token');
    await tab(clerk.page, 'Báo cáo');
    await clerk.page.getByLabel('Số văn bản').first().fill('1015/BC-SKHCN');
    await clerk.page.getByLabel('Ngày ban hành').first().fill('2023-06-15');
    await expect(clerk.page.getByRole('button', { name: 'Ký số' }).count()).resolves.toBe(0);
    await expect(clerk.page.getByRole('button', { name: 'Lập báo cáo' }).count()).resolves.toBe(0);
    await clerk.page.getByRole('button', { name: 'Cấp số và phát hành' }).first().click();
    await clerk.page.getByText('Đã phát hành').first().waitFor({ timeout: 60_000 });
    await expect(clerk.page.getByRole('link', { name: /Bản phát hành/ }).count()).resolves.toBeGreaterThan(0);
    await expect(clerk.page.getByRole('link', { name: /Bản đã ký/ }).count()).resolves.toBeGreaterThan(0);
    await expectAccessible(clerk.page, 'issued');
    await clerk.context.close();
  }, 180_000); // rendering and signing twice, on a loaded 2-core machine

  it('keeps staff to their own agency: another agency is neither offered nor reachable', async () => {
    const { page } = staff;
    await expect(page.getByRole('combobox', { name: 'Cơ quan' }).locator('option').allTextContents()).resolves.toEqual(['SKHCN']);
    const status = await page.evaluate(async () => {
      const token = (globalThis as unknown as { sessionStorage: { getItem(key: string): string | null } }).sessionStorage.getItem('cchc.localToken');
      return (await fetch('/v1/agencies/SNV/periods/2023-H1/summary', { headers: { authorization: `Bearer ${token}` } })).status;
    });
    expect(status).toBe(403);
    await staff.context.close();
  });

  it('gives the province no edit, render, submit or issue button', async () => {
    const { page, context } = await open('local-province-token');
    await tab(page, 'Thuyết minh');
    await page.locator('[data-section="direction"]').waitFor();
    await expect(page.getByRole('button', { name: 'Lưu' }).count()).resolves.toBe(0);
    await expect(page.locator('[data-section="direction"] textarea').getAttribute('readonly')).resolves.not.toBeNull();
    await tab(page, 'Văn bản đính kèm');
    await page.getByText('Văn bản đính kèm của kỳ').waitFor();
    await expect(page.getByRole('button', { name: 'Tải lên' }).count()).resolves.toBe(0);
    await tab(page, 'Báo cáo');
    await page.getByRole('heading', { name: 'Phiên bản 1' }).waitFor();
    for (const name of ['Lập báo cáo', 'Trình ký', 'Trả lại', 'Ký số', 'Cấp số và phát hành']) await expect(page.getByRole('button', { name }).count(), name).resolves.toBe(0);
    await expectAccessible(page, 'province reports');
    await context.close();
  });

  it("shows the province the roll-up (the API's totals and rates) and who has submitted, sortable", async () => {
    const { page, context } = await open('local-province-token');
    await tab(page, 'Toàn tỉnh');
    await page.locator('table.rollup tfoot').waitFor();
    const province = (await new StaffClient(api.url, 'local-province-token').ok('GET', '/v1/periods/2023-H1/summary')) as Record<string, any>;
    const total = await page.locator('table.rollup tfoot td').allTextContents();
    // received, resolved, late, pending, overdue, documents, then the five rates as Vietnamese percentages
    const { dossiers: d, documents } = province.total;
    expect(total.slice(0, 6)).toEqual([d.received.total, d.resolved.total, d.resolved.late, d.pending.total, d.pending.overdue, documents.issued.total].map(String));
    expect(total.slice(0, 6)).toEqual(['63', '59', '0', '4', '0', '516']);
    expect(total.slice(6, 8)).toEqual(['100%', '98,11%']);
    // the board: SKHCN's report issued in the review test above, with its number
    const board = page.locator('table').filter({ hasText: 'Hạn nộp' });
    await expect(board.locator('tbody tr').first().textContent()).resolves.toMatch(/Sở Khoa học và Công nghệ.*Đã phát hành.*1015\/BC-SKHCN/);
    // sorting by a rate column marks the column sorted
    await page.getByRole('button', { name: /Hồ sơ trực tuyến/ }).click();
    await expect(page.locator('th[aria-sort="ascending"]').textContent()).resolves.toMatch(/Hồ sơ trực tuyến/);
    await expectAccessible(page, 'province');
    await context.close();
  });

  it("gives Sở Nội vụ's officer, under UBND tỉnh, an excerpt picker: an issued report's paragraph is offered, a draft's is not; it goes in with its citation and Lưu stores it", async () => {
    const admin = new StaffClient(api.url, ADMIN);
    const profile = (name: string) => JSON.parse(readFileSync(new URL(`../../events/samples/${name}-profile.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
    await admin.ok('PUT', '/v1/agencies/STP', profile('stp'));
    await admin.ok('PUT', '/v1/agencies/STP/periods/2023-H1/sections/direction', { paragraphs: ['Đoạn dự thảo của Sở Tư pháp, chưa phát hành.'] });
    await admin.ok('POST', '/v1/agencies/STP/periods/2023-H1/reports', {});
    await admin.ok('PUT', '/v1/agencies/UBNDT', profile('ubndt'));
    const offered = await new StaffClient(api.url, 'local-province-staff-token').ok<Array<{ text: string; number: string }>>('GET', '/v1/periods/2023-H1/excerpts?section=direction');
    expect(offered.length).toBeGreaterThan(0);

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const page = await context.newPage();
    page.on('pageerror', (e) => refused.push(`page error: ${e.message}`));
    await signIn(page, api.url, 'local-province-staff-token');
    await choose(page, 'UBNDT', '2023-H1');
    await tab(page, 'Thuyết minh');
    const editor = page.locator('[data-section="direction"]');
    await editor.getByRole('button', { name: 'Chèn trích dẫn' }).click();
    const picker = editor.getByRole('region', { name: /Trích dẫn từ báo cáo đã phát hành/ });
    await picker.getByRole('listitem').first().waitFor();
    const items = await picker.getByRole('listitem').allTextContents();
    expect(items).toHaveLength(offered.length);
    expect(items[0]).toContain('Sở Khoa học và Công nghệ — Báo cáo số 1015/BC-SKHCN');
    expect(items[0]).toContain(offered[0]!.text);
    expect(items.join('\n')).not.toContain('Đoạn dự thảo của Sở Tư pháp');
    await expectAccessible(page, 'excerpt picker');
    await picker.getByRole('button', { name: 'Chèn đoạn 1 của Sở Khoa học và Công nghệ (báo cáo số 1015/BC-SKHCN)' }).click();
    const inserted = citedExcerpt(offered[0]!);
    await expect(editor.getByRole('textbox').inputValue()).resolves.toBe(inserted);
    await editor.getByRole('button', { name: 'Lưu' }).click();
    await editor.getByText('Đã lưu').waitFor();
    const stored = await admin.ok<{ sections: Record<string, string[]> }>('GET', '/v1/agencies/UBNDT/periods/2023-H1/sections');
    expect(stored.sections.direction).toEqual([inserted]);
    await context.close();
  }, 60_000);

  it('met no Content-Security-Policy refusal and no script error on the way', () => {
    expect(refused).toEqual([]);
  });
});
