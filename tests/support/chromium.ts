// The one browser of the console's end-to-end tests, `npm run screenshots` and the bench, driven by
// playwright-core: Debian's Chromium where it is installed (/usr/bin/chromium, or $CHROMIUM_PATH),
// else the headless Chromium that the npm package @sparticuz/chromium carries brotli-compressed in
// node_modules, so `npm ci` brings a browser and nothing is downloaded. That build links nothing but
// libc, libgcc and expat, and finds no system fonts on a bare machine: it is given the package's
// Open Sans (every Vietnamese glyph) as sans-serif and the report's Tinos as serif.
import { execFileSync } from 'node:child_process';
import { cpSync, createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Chromium, headless; `packaged` takes the npm package's build even where Debian's is installed. */
export async function launchChromium(options: { packaged?: boolean } = {}): Promise<Browser> {
  const { executablePath, env } = options.packaged ? await packagedChromium() : await chosenChromium();
  return chromium.launch({ executablePath, args: FLAGS, env: { ...process.env, ...env } });
}

interface Executable {
  executablePath: string;
  env: Record<string, string>;
}

async function chosenChromium(): Promise<Executable> {
  const wanted = process.env.CHROMIUM_PATH;
  if (wanted) {
    if (!existsSync(wanted)) throw new Error(`CHROMIUM_PATH=${wanted} does not exist; unset CHROMIUM_PATH to use the Chromium that npm ci installs (@sparticuz/chromium)`);
    return { executablePath: wanted, env: {} };
  }
  return existsSync(SYSTEM_CHROMIUM) ? { executablePath: SYSTEM_CHROMIUM, env: {} } : packagedChromium();
}

const require = createRequire(import.meta.url);

/**
 * The package's Chromium and fonts, unpacked once per package version into the temp dir. Each
 * process unpacks into a folder of its own and renames it into place whole, so a concurrent first
 * use never starts a half-written binary.
 */
async function packagedChromium(): Promise<Executable> {
  // The package's main module is build/cjs/index.cjs; its brotli files lie in bin/ beside build/.
  const root = join(dirname(require.resolve('@sparticuz/chromium')), '..', '..');
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const home = join(tmpdir(), `cchc-sparticuz-chromium-${version}`);
  const found = { executablePath: join(home, 'chromium'), env: { FONTCONFIG_FILE: join(home, 'fonts.conf') } };
  if (existsSync(home)) return found;

  const scratch = mkdtempSync(join(tmpdir(), `.cchc-sparticuz-chromium-${version}-`));
  try {
    await pipeline(createReadStream(join(root, 'bin', 'chromium.br')), createBrotliDecompress(), createWriteStream(join(scratch, 'chromium'), { mode: 0o700 }));
    mkdirSync(join(scratch, 'fonts'));
    await untar(join(root, 'bin', 'fonts.tar.br'), join(scratch, 'fonts'));
    const tinos = dirname(require.resolve('@expo-google-fonts/tinos/400Regular/Tinos_400Regular.ttf'));
    cpSync(dirname(tinos), join(scratch, 'fonts', 'Tinos'), { recursive: true, filter: (path) => statSync(path).isDirectory() || path.endsWith('.ttf') });
    writeFileSync(join(scratch, 'fonts.conf'), fontsConf(home));
    renameSync(scratch, home);
  } catch (error) {
    rmSync(scratch, { recursive: true, force: true });
    // Another process renamed its copy into place first: that one serves.
    if (!['EEXIST', 'ENOTEMPTY'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  }
  return found;
}

/** A brotli-compressed tar unpacked with tar (in Debian's essential set; the package's own tar reader is not ours to import). */
async function untar(file: string, into: string): Promise<void> {
  // Through a file, not a pipe: tar stops reading at the archive's end marker, before the padding after it.
  const tarFile = `${into}.tar`;
  await pipeline(createReadStream(file), createBrotliDecompress(), createWriteStream(tarFile));
  execFileSync('tar', ['-x', '-f', tarFile, '-C', into]);
  rmSync(tarFile);
}

/** Fontconfig reads only these fonts: Open Sans for sans-serif (and system-ui), Tinos for serif and Times New Roman. */
function fontsConf(home: string): string {
  const prefer = (family: string, font: string) => `  <alias binding="strong"><family>${family}</family><prefer><family>${font}</family></prefer></alias>`;
  return [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
    '<fontconfig>',
    `  <dir>${join(home, 'fonts')}</dir>`,
    `  <cachedir>${join(home, 'fontconfig-cache')}</cachedir>`,
    ...['sans-serif', 'system-ui', 'Arial'].map((family) => prefer(family, 'Open Sans')),
    ...['serif', 'Times New Roman'].map((family) => prefer(family, 'Tinos')),
    '</fontconfig>',
    '',
  ].join('\n');
}
