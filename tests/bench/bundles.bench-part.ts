// Each function bundled as the CDK bundles it (esbuild, ESM, minified, node22, the AWS SDK v3
// left to the nodejs22.x runtime, the Brotli shim), its size, and its module init time in a fresh Node process.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { configEnv, type ConfigKey } from '#adapters/config.ts';
import { FONT_FILES } from '#render/fonts.ts';

/** Every function of the stack: each folder of functions/ with a handler root. */
const FUNCTIONS = readdirSync('functions')
  .filter((name) => existsSync(join('functions', name, `${name}.handler.ts`)))
  .sort();

/** The functions that render, whose bundle ships the Tinos fonts beside it. */
const RENDERING = ['reports', 'close-render'];
const require = createRequire(import.meta.url);

/** A stand-in for every setting (a new one fails the type check here), so each handler root passes its loadConfig. */
const DUMMY_CONFIG = {
  tableName: 'bench',
  eventsQueueUrl: 'https://sqs.ap-southeast-1.amazonaws.com/000000000000/events',
  closeQueueUrl: 'https://sqs.ap-southeast-1.amazonaws.com/000000000000/close-tasks',
  oneStopShopKeysArn: 'arn:aws:secretsmanager:ap-southeast-1:000000000000:secret:one-stop-shop',
  eOfficeKeysArn: 'arn:aws:secretsmanager:ap-southeast-1:000000000000:secret:e-office',
  mailConfigurationSet: 'cchc-report-bench',
  reportsBucket: 'reports',
  uploadsBucket: 'uploads',
  mailFrom: 'bao-cao@example.gov.vn',
  leaderDirectory: '{}',
  userPoolId: 'ap-southeast-1_bench',
  exchangeUrl: 'https://lgsp.example.gov.vn/vxp',
  exchangeCredentialsArn: 'arn:aws:secretsmanager:ap-southeast-1:000000000000:secret:exchange',
  deliveryQueueUrl: 'https://sqs.ap-southeast-1.amazonaws.com/000000000000/deliveries',
  exchangeStatusKeysArn: 'arn:aws:secretsmanager:ap-southeast-1:000000000000:secret:exchange-status',
} satisfies Record<ConfigKey, string>;
const DUMMY_ENV = { ...configEnv(DUMMY_CONFIG), AWS_REGION: 'ap-southeast-1' };

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
