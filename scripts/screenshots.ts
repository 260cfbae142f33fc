// `npm run screenshots`: every page of the staff console, desktop and 360 px wide, as PNGs in
// out/screenshots/, over a fresh local stack holding the three sample agencies' 2023 (SKHCN's
// report drafted and submitted, so the leader sees the issue form) and the province's page.
import '../infra/local/quiet-sdk.ts';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalApp } from '../infra/local/app.ts';
import { loadSampleAgencies } from '../infra/local/sample-agencies.ts';
import { StaffClient } from '../infra/local/staff-client.ts';
import { commandLine } from '../infra/local/cli.ts';
import { choose, launchChromium, seedSample, signIn } from '../tests/support/console.ts';

const OUT = 'out/screenshots';
const PAGES = [
  ['so-lieu', 'Số liệu'],
  ['thuyet-minh', 'Thuyết minh'],
  ['van-ban', 'Văn bản đính kèm'],
  ['bao-cao', 'Báo cáo'],
] as const;
const WIDTHS = { desktop: 1280, mobile: 360 } as const;

commandLine(
  `usage: npm run screenshots

Every page of the staff console, desktop and 360 px wide, as PNGs in ${OUT}/, over a fresh local
stack with the sample data. It takes no arguments.`,
  { options: {} },
);

const scratch = mkdtempSync(join(tmpdir(), 'cchc-screens-'));
process.env.LOG_LEVEL ??= 'error';
const app = await startLocalApp({ consoleDir: join(scratch, 'web'), mailDir: join(scratch, 'mail') });
const browser = await launchChromium();
try {
  const admin = app.stack.env.STAFF_DEV_TOKEN!;
  await seedSample(app.api.url, app.stack.env.EVENTS_HMAC_SECRET!, admin);
  const staff = new StaffClient(app.api.url, admin);
  await loadSampleAgencies(staff, { url: app.api.url, secret: app.stack.env.EVENTS_HMAC_SECRET! }, ['STP', 'XATINHKHE']);
  const { report } = await staff.ok<{ report: { version: number } }>('POST', '/v1/agencies/SKHCN/periods/2023-H1/reports');
  await staff.ok('POST', `/v1/agencies/SKHCN/periods/2023-H1/reports/${report.version}/submit`, {});
  mkdirSync(OUT, { recursive: true });
  const shots: string[] = [];
  for (const [size, width] of Object.entries(WIDTHS)) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const page = await context.newPage();
    await page.goto(`${app.api.url}/`);
    await page.screenshot({ path: join(OUT, `dang-nhap-${size}.png`), fullPage: true });
    await signIn(page, app.api.url, 'local-leader-token');
    await choose(page, 'SKHCN', '2023-H1');
    for (const [hash, title] of PAGES) {
      await page.getByRole('navigation', { name: 'Các trang' }).getByRole('link', { name: title }).click();
      await page.waitForLoadState('networkidle');
      await page.locator('.progress').first().waitFor({ state: 'detached' });
      if (hash === 'thuyet-minh') await page.locator('[data-section="direction"]').getByRole('button', { name: 'Xem trước' }).click();
      const file = join(OUT, `${hash}-${size}.png`);
      await page.screenshot({ path: file, fullPage: true });
      shots.push(file);
    }
    // The province's page, as Sở Nội vụ sees it.
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await signIn(page, app.api.url, 'local-province-token');
    await choose(page, 'SKHCN', '2023-H1');
    await page.getByRole('navigation', { name: 'Các trang' }).getByRole('link', { name: 'Toàn tỉnh' }).click();
    await page.waitForLoadState('networkidle');
    await page.locator('.progress').first().waitFor({ state: 'detached' });
    const province = join(OUT, `toan-tinh-${size}.png`);
    await page.screenshot({ path: province, fullPage: true });
    shots.push(province);
    await context.close();
  }
  console.log(`${shots.length + 2} screenshots in ${OUT}/`);
} finally {
  await browser.close();
  await app.stop();
  rmSync(scratch, { recursive: true, force: true });
}
