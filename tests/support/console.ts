// What the console's browser tests and `npm run screenshots` share besides the browser (./chromium.ts):
// the sample agency's data, the local sign-in and axe-core.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { replayFile } from '#local/replay-client.ts';
import type { AgencyProfileInput } from '#domain/profile.ts';
import { withSigningImages } from '#local/sample-agencies.ts';
import { StaffClient } from '#local/staff-client.ts';

const samples = (name: string) => new URL(`../../events/samples/${name}`, import.meta.url);

/** SKHCN's 2023 stream, its profile, and (unless `narrative` is false) the 2023-H1 narrative and the 2022-H2 text to carry forward. */
export async function seedSample(url: string, secret: string, adminToken: string, options: { narrative?: boolean } = {}): Promise<void> {
  await replayFile(new URL(samples('skhcn-2023.jsonl')).pathname, { url, secret });
  const staff = new StaffClient(url, adminToken);
  // the signing images are uploads the local S3 notifies the upload check of, as in npm run dev
  await staff.ok('PUT', '/v1/agencies/SKHCN', await withSigningImages(staff, JSON.parse(readFileSync(samples('skhcn-profile.json'), 'utf8')) as AgencyProfileInput));
  await staff.ok('PUT', '/v1/agencies/SKHCN/periods/2022-H2/sections/assessment', { paragraphs: ['Đánh giá chung của kỳ trước.'] });
  if (options.narrative === false) return;
  const sections = JSON.parse(readFileSync(samples('skhcn-2023-H1-sections.json'), 'utf8')) as Record<string, string[]>;
  for (const [key, paragraphs] of Object.entries(sections)) await staff.ok('PUT', `/v1/agencies/SKHCN/periods/2023-H1/sections/${key}`, { paragraphs });
}

/** Signs in with a fixed token of CONTRACT §5 through the console's own form (CONTRACT §7). */
export async function signIn(page: Page, url: string, token: string): Promise<void> {
  await page.goto(`${url}/`);
  await page.getByLabel('Mã truy cập').fill(token);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('combobox', { name: 'Kỳ báo cáo' }).waitFor();
}

export async function choose(page: Page, agencyId: string, periodId: string): Promise<void> {
  await page.getByRole('combobox', { name: 'Cơ quan' }).selectOption(agencyId);
  await page.getByRole('combobox', { name: 'Kỳ báo cáo' }).selectOption(periodId);
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The serious and critical axe-core violations of the page as it is now. */
export async function axeViolations(page: Page): Promise<Array<{ id: string; impact: string; nodes: string[] }>> {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern (an inline <script> would be refused).
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
    const { violations } = await axe.run();
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
}
