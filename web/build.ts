// Bundles the staff console (web/src) with esbuild into one directory: index.html, app.js, app.css
// and the chunks loaded on demand (the Cognito sign-in). Used by `npm run build:web`, the local
// server (`npm run dev`), the CDK deployment and the tests; config.json is written by whoever serves it.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const webDir = fileURLToPath(new URL('.', import.meta.url));

export interface ConsoleBuild {
  /** every file written, relative to the output directory */
  files: string[];
  /** what the first page load fetches: the page, the entry script with the chunks it imports, the stylesheet */
  firstLoad: string[];
}

/** Builds the console into `outdir` (emptied first). */
export async function buildConsole(outdir: string): Promise<ConsoleBuild> {
  const dir = resolve(outdir);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const result = await build({
    entryPoints: { app: join(webDir, 'src/main.tsx') },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome109', 'firefox115', 'safari15'],
    minify: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    outdir: dir,
    chunkNames: 'chunks/[name]-[hash]',
    metafile: true,
    logLevel: 'silent',
    // Same bytes for the same sources: no timestamps, no absolute paths.
    legalComments: 'none',
  });
  copyFileSync(join(webDir, 'index.html'), join(dir, 'index.html'));
  const outputs = result.metafile.outputs;
  const name = (file: string) => relative(dir, resolve(file));
  const entry = Object.keys(outputs).find((file) => name(file) === 'app.js')!;
  // The on-demand chunks (the Cognito sign-in) are dynamic imports: not part of the first load.
  const staticImports = outputs[entry]!.imports.filter((i) => i.kind === 'import-statement').map((i) => name(i.path));
  return {
    files: ['index.html', ...Object.keys(outputs).map(name)].sort(),
    firstLoad: ['index.html', 'app.js', 'app.css', ...staticImports],
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outdir = process.argv[2] ?? 'out/web';
  const { files } = await buildConsole(outdir);
  console.log(`staff console built in ${outdir}: ${files.join(', ')}`);
}
