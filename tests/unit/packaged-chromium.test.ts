// The Chromium that `npm ci` brings (@sparticuz/chromium), launched even where Debian's is installed
// so that every run, CI's included, proves the browser a bare machine gets: it starts headless, and
// draws the console's Vietnamese text in its own font stacks (web/src/app.css) from real fonts, every
// glyph from one font that has it, none from a fallback.
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { launchChromium } from '../support/chromium.ts';

const css = readFileSync(new URL('../../web/src/app.css', import.meta.url), 'utf8');
/** The font-family of the rule whose selector starts the line. */
const fontStack = (selector: string) => {
  const rule = css.slice(css.indexOf(`${selector} {`));
  return /font-family:\s*([^;]+);/.exec(rule.slice(0, rule.indexOf('}')))![1]!;
};
const TEXT = 'Kỳ báo cáo 6 tháng đầu năm — Ủy ban nhân dân tỉnh Quảng Ngãi: hồ sơ được giải quyết đúng hạn, Đăng nhập';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium({ packaged: true });
});
afterAll(() => browser?.close());

/** The platform fonts Chromium drew the paragraph with, and how many glyphs from each. */
async function fontsOf(family: string): Promise<Array<{ familyName: string; glyphCount: number }>> {
  const page = await browser.newPage();
  try {
    await page.setContent(`<p id="text"></p>`);
    await page.locator('#text').evaluate((p, [text, font]) => Object.assign(p, { textContent: text }).style.setProperty('font-family', font!), [TEXT, family]);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument');
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: '#text' });
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    return fonts.map(({ familyName, glyphCount }) => ({ familyName, glyphCount }));
  } finally {
    await page.close();
  }
}

describe("the Chromium of the npm package @sparticuz/chromium", () => {
  it('runs headless', () => {
    expect(browser.version()).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });

  it("draws the console's Vietnamese text in Open Sans, every glyph, from its sans-serif stack", async () => {
    expect(fontStack(':root')).toContain('sans-serif');
    expect(await fontsOf(fontStack(':root'))).toEqual([{ familyName: 'Open Sans', glyphCount: [...TEXT].length }]);
  });

  it("draws the report preview's Vietnamese text in Tinos (Times New Roman's metrics), every glyph", async () => {
    expect(await fontsOf(fontStack('.preview'))).toEqual([{ familyName: 'Tinos', glyphCount: [...TEXT].length }]);
  });
});

describe('launchChromium', () => {
  it('names CHROMIUM_PATH when it points at nothing, and how to fall back', async () => {
    vi.stubEnv('CHROMIUM_PATH', '/nonexistent/chromium');
    try {
      await expect(launchChromium()).rejects.toThrow('CHROMIUM_PATH=/nonexistent/chromium does not exist; unset CHROMIUM_PATH to use the Chromium that npm ci installs (@sparticuz/chromium)');
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
