// Reading a signed PDF in tests: the second verifier beside verifyPdfSignatures — poppler's tools
// (pdfsig's verdict, optionally against an NSS directory that trusts a test CA; pdfimages, pdfinfo,
// pdftoppm) and NSS's certutil — run where installed, required with CI=true; and the signature
// dictionaries' fields as a reader decodes them (pdfsig 22 prints neither /Name nor /Reason).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Whether a tool of the second verifier is installed: false where it is not, except with CI=true,
 * where the second verifier must run and its absence is an error naming the Debian package.
 */
function secondVerifierInstalled(tool: string, debianPackage: string): boolean {
  if (spawnSync(tool, ['-h'], { stdio: 'ignore' }).error === undefined) return true;
  if (process.env.CI === 'true') throw new Error(`${tool} is required when CI=true; install it with: apt-get install ${debianPackage}`);
  return false;
}

type PopplerTool = 'pdfsig' | 'pdfimages' | 'pdfinfo' | 'pdftoppm';

/**
 * What a poppler tool writes to stdout for the PDF (given as a file after args; kept whatever the
 * exit status, since pdfsig exits non-zero on an invalid signature), or undefined where
 * poppler-utils is not installed outside CI (an error with CI=true).
 */
export function poppler(tool: PopplerTool, args: string[], pdf: Uint8Array): Buffer | undefined {
  if (!secondVerifierInstalled(tool, 'poppler-utils')) return undefined;
  const dir = mkdtempSync(join(tmpdir(), `${tool}-`));
  try {
    const file = join(dir, 'in.pdf');
    writeFileSync(file, pdf);
    const run = spawnSync(tool, [...args, file], { maxBuffer: 1 << 28 });
    if (run.error) throw run.error;
    return run.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What `pdfsig` prints for the file (see poppler()); with nssDir, the certificates are checked against it. */
export function pdfsig(pdf: Uint8Array, nssDir?: string): string | undefined {
  return poppler('pdfsig', nssDir ? ['-nssdir', `sql:${nssDir}`] : [], pdf)?.toString('utf8');
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
  contactInfo: string;
  m: string;
}

/** The one /Type /Sig dictionary of the file. */
export function signatureDictionary(pdf: Uint8Array): SignatureDictionary {
  const all = signatureDictionaries(pdf);
  if (all.length !== 1) throw new Error(`expected exactly one signature dictionary, found ${all.length}`);
  return all[0]!;
}

/** The /Type /Sig dictionaries of the file, in file order (so in signing order). */
export function signatureDictionaries(pdf: Uint8Array): SignatureDictionary[] {
  const text = Buffer.from(pdf).toString('latin1');
  return [...text.matchAll(/\/Type \/Sig\n/g)].map(({ index: start }) => {
    const dict = text.slice(start, text.indexOf('endobj', start));
    const value = (key: string) => {
      const at = dict.indexOf(`/${key} `);
      if (at < 0) return '';
      const match = /^(<[0-9A-Fa-f]*>|\([^)]*\)|\/\S+|\[[^\]]*\])/.exec(dict.slice(at + key.length + 2));
      if (!match) throw new Error(`unreadable /${key}`);
      return match[1]!;
    };
    const byteRange = value('ByteRange').slice(1, -1).trim().split(/\s+/).map(Number) as SignatureDictionary['byteRange'];
    const optional = (key: string) => (value(key) ? decodeText(value(key)) : '');
    return {
      subFilter: value('SubFilter').slice(1),
      byteRange,
      contentsAt: start + dict.indexOf('/Contents <') + '/Contents '.length,
      name: optional('Name'),
      reason: optional('Reason'),
      location: optional('Location'),
      contactInfo: optional('ContactInfo'),
      m: optional('M'),
    };
  });
}

/**
 * An NSS directory (for `pdfsig -nssdir`) that trusts the CA certificate in caPem to issue signing
 * certificates, made with certutil (libnss3-tools); undefined where certutil is not installed outside
 * CI (an error with CI=true).
 */
export function nssTrusting(caPem: string, dir: string): string | undefined {
  if (!secondVerifierInstalled('certutil', 'libnss3-tools')) return undefined;
  const certutil = (args: string[]) => {
    const run = spawnSync('certutil', args, { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`certutil ${args.join(' ')}: ${run.error ?? run.stderr}`);
  };
  certutil(['-N', '-d', `sql:${dir}`, '--empty-password']);
  certutil(['-A', '-d', `sql:${dir}`, '-n', 'CA thử nghiệm', '-t', 'C,C,C', '-i', caPem]);
  return dir;
}
