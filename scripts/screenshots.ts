// `npm run screenshots`: every page of the staff console, desktop and 360 px wide, as PNGs in
// out/screenshots/, over a fresh local stack holding the three sample agencies' 2023 (SKHCN's
// narrative, three cited documents and one refused file, a draft, then the draft submitted so the
// leader sees the issue form), the province's page, and the province's own report with the excerpt
// picker (desktop and 360 px, both in the guide). The desktop shots the user guide shows
// (docs/huong-dan-su-dung.md) are also written to docs/images/ under stable names, so the guide
// always shows the console as it is.
import '../infra/local/quiet-sdk.ts';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { makeAttachmentPdf } from '../events/samples/attachments/make-pdf.ts';
import { startLocalApp } from '../infra/local/app.ts';
import { loadSampleAgencies, SAMPLE_PROVINCE_ID } from '../infra/local/sample-agencies.ts';
import { StaffClient } from '../infra/local/staff-client.ts';
import { commandLine } from '../infra/local/cli.ts';
import { launchChromium } from '../tests/support/chromium.ts';
import { choose, seedSample, signIn } from '../tests/support/console.ts';

const OUT = 'out/screenshots';
const GUIDE = 'docs/images';
const PAGES = [
  ['so-lieu', 'Số liệu'],
  ['thuyet-minh', 'Thuyết minh'],
  ['van-ban', 'Văn bản đính kèm'],
  ['bao-cao', 'Báo cáo'],
] as const;
const WIDTHS = { desktop: 1280, mobile: 360 } as const;
/** The guide's images stop here: a page's head and first cards, not its whole length (a few hundred KB each at most). */
const GUIDE_HEIGHT = 1400;

type Attachment = { fileName: string; contentType: string; document: Parameters<typeof makeAttachmentPdf>[0] };

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
  const url = app.api.url;
  await seedSample(url, app.stack.env.EVENTS_HMAC_SECRET!, admin);
  const staff = new StaffClient(url, admin);
  await loadSampleAgencies(staff, { url, secret: app.stack.env.EVENTS_HMAC_SECRET! }, ['STP', 'XATINHKHE', 'HSONTINH', SAMPLE_PROVINCE_ID]);
  const { attachments } = JSON.parse(readFileSync('events/samples/attachments/skhcn-2023-H1.json', 'utf8')) as { attachments: Attachment[] };
  // Every document the narrative cites, so the report can be submitted (a missing citation is refused).
  for (const { fileName, contentType, document } of attachments) {
    await staff.decided('SKHCN', await staff.upload('SKHCN', { fileName, contentType, document }, await makeAttachmentPdf(document)));
  }
  // A file whose content is not what it says: the row shows `Bị từ chối` and why (the guide's troubleshooting).
  const { contentType, document } = attachments[3]!;
  await staff.decided('SKHCN', await staff.upload('SKHCN', { fileName: 'bao-cao-scan.pdf', contentType, document }, new TextEncoder().encode('MZ\u0090 not a PDF at all')));
  const { report } = await staff.ok<{ report: { version: number } }>('POST', '/v1/agencies/SKHCN/periods/2023-H1/reports');

  mkdirSync(OUT, { recursive: true });
  mkdirSync(GUIDE, { recursive: true });
  let count = 0;
  for (const [size, width] of Object.entries(WIDTHS)) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const page = await context.newPage();
    /** One PNG in out/screenshots/; the desktop one also in docs/images/ when the guide shows it. */
    const shoot = async (name: string, inGuide: boolean) => {
      await page.screenshot({ path: join(OUT, `${name}-${size}.png`), fullPage: true });
      if (inGuide && size === 'desktop') await page.screenshot({ path: join(GUIDE, `${name}.png`), fullPage: true, clip: { x: 0, y: 0, width, height: GUIDE_HEIGHT } });
      count++;
    };
    const open = async (title: string) => {
      await page.getByRole('navigation', { name: 'Các trang' }).getByRole('link', { name: title }).click();
      await settled(page);
    };

    await page.goto(`${url}/`);
    await shoot('dang-nhap', true);
    if (size === 'desktop') {
      // The staff member's view of the draft: `Trình ký`, before the version is submitted.
      await signIn(page, url, 'local-staff-token');
      await choose(page, 'SKHCN', '2023-H1');
      await open('Báo cáo');
      await shoot('bao-cao-can-bo', true);
      await page.getByRole('button', { name: 'Đăng xuất' }).click();
      await staff.ok('POST', `/v1/agencies/SKHCN/periods/2023-H1/reports/${report.version}/submit`, {});
    }
    await signIn(page, url, 'local-leader-token');
    await choose(page, 'SKHCN', '2023-H1');
    for (const [hash, title] of PAGES) {
      await open(title);
      if (hash === 'thuyet-minh') await page.locator('[data-section="direction"]').getByRole('button', { name: 'Xem trước' }).click();
      await shoot(hash === 'bao-cao' ? 'bao-cao-lanh-dao' : hash, true);
    }
    if (size === 'desktop') {
      // The clerk's view once the leader has signed: `Cấp số và phát hành`, with number and date.
      await new StaffClient(url, 'local-leader-token').ok('POST', `/v1/agencies/SKHCN/periods/2023-H1/reports/${report.version}/sign`, {});
      await page.getByRole('button', { name: 'Đăng xuất' }).click();
      await signIn(page, url, 'local-clerk-token');
      await choose(page, 'SKHCN', '2023-H1');
      await open('Báo cáo');
      await shoot('bao-cao-van-thu', true);
    }
    // The province's page, as Sở Nội vụ sees it.
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await signIn(page, url, 'local-province-token');
    await choose(page, 'SKHCN', '2023-H1');
    await open('Toàn tỉnh');
    await shoot('toan-tinh', true);
    await context.close();
  }

  // The province's own report (CONTRACT §8): SKHCN's report issued, Sở Nội vụ's officer opens the
  // excerpt picker of UBND tỉnh's section I.1; both widths go to the guide.
  await new StaffClient(url, 'local-clerk-token').ok('POST', `/v1/agencies/SKHCN/periods/2023-H1/reports/${report.version}/issue`, { number: '1015/BC-SKHCN', issuedOn: '2023-06-15' });
  for (const [size, width] of Object.entries(WIDTHS)) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const page = await context.newPage();
    await signIn(page, url, 'local-province-staff-token');
    await choose(page, SAMPLE_PROVINCE_ID, '2023-H1');
    await page.getByRole('navigation', { name: 'Các trang' }).getByRole('link', { name: 'Thuyết minh' }).click();
    await settled(page);
    await page.locator('[data-section="direction"]').getByRole('button', { name: 'Chèn trích dẫn' }).click();
    await page.locator('.excerpt-list li').first().waitFor();
    const name = size === 'desktop' ? 'trich-dan-tinh' : 'trich-dan-tinh-360';
    await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
    await page.screenshot({ path: join(GUIDE, `${name}.png`), fullPage: true, clip: { x: 0, y: 0, width, height: GUIDE_HEIGHT } });
    count++;
    await context.close();
  }
  console.log(`${count} screenshots in ${OUT}/, the user guide's in ${GUIDE}/`);
} finally {
  await browser.close();
  await app.stop();
  rmSync(scratch, { recursive: true, force: true });
}

/** The page has loaded what it shows: no request in flight, no progress bar left. */
async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.locator('.progress').first().waitFor({ state: 'detached' });
}
