// The staff console: its first load's size (gzipped, as CloudFront serves it; target ≤ 150 KB of
// JS+CSS) and the time from navigation to an interactive sign-in form, in Chromium (Debian's, else
// the npm package's: tests/support/chromium.ts), over the local server (median of several cold
// loads, each in a fresh browser context).
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startHttpApi } from '../../infra/local/http.ts';
import { localConsole } from '../../infra/local/app.ts';
import { buildConsole } from '../../web/build.ts';
import { launchChromium } from '../support/chromium.ts';

const LOADS = 7;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export async function benchConsole(): Promise<Record<string, number | string>> {
  const dir = resolve('out/bench-console');
  const { firstLoad } = await buildConsole(dir);
  const out: Record<string, number | string> = {};
  let scripts = 0;
  for (const file of firstLoad) {
    const bytes = readFileSync(join(dir, file));
    const gz = gzipSync(bytes, { level: 9 }).length;
    out[`${file} (raw → gzip)`] = `${kb(statSync(join(dir, file)).size)} → ${kb(gz)}`;
    if (!file.endsWith('.html')) scripts += gz;
  }
  out['first load JS+CSS, gzip (target ≤ 150 KB)'] = kb(scripts);

  const site = await localConsole(dir, 'http://127.0.0.1:1');
  const api = await startHttpApi({ routes: [], console: site });
  const browser = await launchChromium();
  try {
    const times: number[] = [];
    for (let i = 0; i < LOADS; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const started = performance.now();
      await page.goto(`${api.url}/`);
      await page.getByLabel('Mã truy cập').waitFor();
      times.push(performance.now() - started);
      await context.close();
    }
    times.sort((a, b) => a - b);
    out['navigation → sign-in form interactive, median'] = `${times[Math.floor(LOADS / 2)]!.toFixed(0)} ms (of ${LOADS} cold loads)`;
  } finally {
    await browser.close();
    await api.stop();
  }
  return out;
}
