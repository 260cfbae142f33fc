// The Tinos TTFs (metric-compatible with Times New Roman, every Vietnamese glyph) for the PDF.
// Read from REPORT_FONT_DIR (the Lambda bundle's fonts/ folder: the files side by side, gzipped to
// keep the bundle small) or else from node_modules/@expo-google-fonts/tinos; read once per process.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { reportFontDir } from '#adapters/config.ts';

export type FontStyle = 'regular' | 'bold' | 'italic' | 'boldItalic';

export const FONT_FILES: Record<FontStyle, string> = {
  regular: '400Regular/Tinos_400Regular.ttf',
  bold: '700Bold/Tinos_700Bold.ttf',
  italic: '400Regular_Italic/Tinos_400Regular_Italic.ttf',
  boldItalic: '700Bold_Italic/Tinos_700Bold_Italic.ttf',
};

let cached: Record<FontStyle, Buffer> | undefined;

function readFont(file: string): Buffer {
  const dir = reportFontDir();
  if (dir) return gunzipSync(readFileSync(join(dir, `${file.slice(file.indexOf('/') + 1)}.gz`)));
  return readFileSync(createRequire(import.meta.url).resolve(`@expo-google-fonts/tinos/${file}`));
}

export function reportFonts(): Record<FontStyle, Buffer> {
  if (!cached) {
    const load = (style: FontStyle) => {
      try {
        return readFont(FONT_FILES[style]);
      } catch (err) {
        throw new Error(`report font ${FONT_FILES[style]} cannot be read (REPORT_FONT_DIR must hold the gzipped Tinos TTFs)`, { cause: err });
      }
    };
    cached = { regular: load('regular'), bold: load('bold'), italic: load('italic'), boldItalic: load('boldItalic') };
  }
  return cached;
}
