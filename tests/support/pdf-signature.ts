// Reading a signed PDF in tests: poppler's pdfsig verdict, the second verifier beside
// verifyPdfSignatures (run where installed, required with CI=true), and the signature dictionary's
// fields as a reader decodes them (pdfsig 22 prints neither /Name nor /Reason).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * What `pdfsig` prints for the file (it exits non-zero on an invalid signature: the output is kept
 * either way), or undefined where poppler-utils is not installed — except with CI=true, where the
 * second verifier must run and its absence is an error.
 */
export function pdfsig(pdf: Uint8Array): string | undefined {
  if (spawnSync('pdfsig', ['-v']).error !== undefined) {
    if (process.env.CI === 'true') throw new Error('pdfsig is required when CI=true; install it with: apt-get install poppler-utils');
    return undefined;
  }
  const dir = mkdtempSync(join(tmpdir(), 'pdfsig-'));
  try {
    const file = join(dir, 'signed.pdf');
    writeFileSync(file, pdf);
    try {
      return execFileSync('pdfsig', [file], { encoding: 'utf8' });
    } catch (error) {
      return String((error as { stdout?: string }).stdout ?? error);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A PDF text string: `<FEFF…>` (UTF-16BE with its mark) or a literal `(…)` without escapes. */
function decodeText(value: string): string {
  if (value.startsWith('<')) {
    const bytes = Buffer.from(value.slice(1, -1), 'hex');
    if (bytes[0] !== 0xfe || bytes[1] !== 0xff) throw new Error(`not UTF-16BE: ${value}`);
    return bytes.subarray(2).swap16().toString('utf16le');
  }
  return value.slice(1, -1);
}

export interface SignatureDictionary {
  subFilter: string;
  byteRange: [number, number, number, number];
  /** The hex of /Contents, brackets included, where the byte range leaves its gap. */
  contentsAt: number;
  name: string;
  reason: string;
  location: string;
  m: string;
}

/** The one /Type /Sig dictionary of the file. */
export function signatureDictionary(pdf: Uint8Array): SignatureDictionary {
  const text = Buffer.from(pdf).toString('latin1');
  const start = text.indexOf('/Type /Sig\n');
  if (start < 0 || text.indexOf('/Type /Sig\n', start + 1) >= 0) throw new Error('expected exactly one signature dictionary');
  const dict = text.slice(start, text.indexOf('endobj', start));
  const field = (key: string) => {
    const match = new RegExp(`/${key} (<[0-9A-Fa-f]*>|\\([^)]*\\)|/\\S+|\\[[^\\]]*\\])`).exec(dict);
    if (!match) throw new Error(`no /${key}`);
    return match[1]!;
  };
  const byteRange = field('ByteRange').slice(1, -1).trim().split(/\s+/).map(Number) as SignatureDictionary['byteRange'];
  return {
    subFilter: field('SubFilter').slice(1),
    byteRange,
    contentsAt: start + dict.indexOf('/Contents <') + '/Contents '.length,
    name: decodeText(field('Name')),
    reason: decodeText(field('Reason')),
    location: decodeText(field('Location')),
    m: decodeText(field('M')),
  };
}
