// Each function bundled as the CDK bundles it (esbuild, ESM, minified, node22, the AWS SDK v3
// left to the nodejs22.x runtime, the Brotli shim), its size, and its module init time in a fresh Node process.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { FONT_FILES } from '#render/fonts.ts';

const FUNCTIONS = ['ingest', 'apply', 'summary', 'profile', 'sections', 'reports', 'close-period', 'close-render', 'uploads', 'upload-check', 'upload-sweep', 'mail-events', 'rollup', 'form06'];

/** The functions that render, whose bundle ships the Tinos fonts beside it. */
const RENDERING = ['reports', 'close-render'];
const require = createRequire(import.meta.url);

const DUMMY_ENV = {
  TABLE_NAME: 'bench',
  QUEUE_URL: 'https://sqs.ap-southeast-1.amazonaws.com/000000000000/events',
  CLOSE_QUEUE_URL: 'https://sqs.ap-southeast-1.amazonaws.com/000000000000/close-tasks',
  ONE_STOP_SHOP_HMAC_KEYS_ARN: 'arn:aws:secretsmanager:ap-southeast-1:000000000000:secret:one-stop-shop',
  E_OFFICE_HMAC_KEYS_ARN: 'arn:aws:secretsmanager:ap-southeast-1:000000000000:secret:e-office',
  MAIL_CONFIGURATION_SET: 'cchc-report-bench',
  REPORTS_BUCKET: 'reports',
  UPLOADS_BUCKET: 'uploads',
  MAIL_FROM: 'bao-cao@example.gov.vn',
  AWS_REGION: 'ap-southeast-1',
};

export async function benchBundles(): Promise<Record<string, number | string>> {
  const out: Record<string, number | string> = {};
  // Inside the project, so the SDK left out of the bundle resolves from node_modules as the runtime's would.
  const dir = resolve('out/bench-bundles');
  mkdirSync(dir, { recursive: true });
  for (const name of FUNCTIONS) {
    const outfile = join(dir, `${name}.mjs`);
    try {
      await build({
        entryPoints: [`functions/${name}/${name}.handler.ts`],
        bundle: true,
        platform: 'node',
        target: 'node22',
        format: 'esm',
        minify: true,
        outfile,
        logLevel: 'silent',
        external: ['@aws-sdk/*'],
        alias: { brotli: resolve('shared/render/brotli') },
        banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
      });
    } catch (error) {
      out[`bundle: ${name}`] = `not built (${(error as Error).message.split('\n')[0]})`;
      continue;
    }
    out[`bundle: ${name}, KB`] = Number((statSync(outfile).size / 1024).toFixed(1));
    if (RENDERING.includes(name)) {
      const fonts = Object.values(FONT_FILES).reduce((sum, file) => sum + gzipSync(readFileSync(require.resolve(`@expo-google-fonts/tinos/${file}`)), { level: 9 }).length, 0);
      out[`bundle: ${name} with its gzipped fonts, KB (target ≤ 3 MB)`] = Number(((statSync(outfile).size + fonts) / 1024).toFixed(1));
    }
    const probe = join(dir, `${name}-init.mjs`);
    writeFileSync(probe, `const t = performance.now(); await import(${JSON.stringify(outfile)}); console.log(performance.now() - t);`);
    const runs = [0, 1, 2].map(() => Number(execFileSync(process.execPath, [probe], { env: { ...process.env, ...DUMMY_ENV } }).toString().trim()));
    out[`init: ${name}, ms (median of 3)`] = Number(runs.sort((a, b) => a - b)[1]!.toFixed(1));
  }
  return out;
}
