// The second verifier's rule: poppler's tools (pdfsig and the others) and certutil run where
// installed, and with CI=true their absence fails the signature tests with the command that installs
// them (never a silent skip there).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { nssTrusting, pdfsig, poppler } from '../support/pdf-signature.ts';

const nowhere = mkdtempSync(join(tmpdir(), 'no-pdfsig-'));
afterEach(() => vi.unstubAllEnvs());
afterAll(() => rmSync(nowhere, { recursive: true, force: true }));

describe('the second verifier’s helpers of the signature tests', () => {
  it('fails with CI=true when pdfsig is not on the PATH, naming the install command', () => {
    vi.stubEnv('PATH', nowhere);
    vi.stubEnv('CI', 'true');
    expect(() => pdfsig(new Uint8Array())).toThrow(/^pdfsig is required when CI=true; install it with: apt-get install poppler-utils$/);
  });

  it('answers nothing outside CI when pdfsig is not on the PATH (the JavaScript verifier alone then)', () => {
    vi.stubEnv('PATH', nowhere);
    vi.stubEnv('CI', '');
    expect(pdfsig(new Uint8Array())).toBeUndefined();
  });

  it('fails likewise with CI=true for the other poppler tools and for certutil, naming their packages', () => {
    vi.stubEnv('PATH', nowhere);
    vi.stubEnv('CI', 'true');
    expect(() => poppler('pdftoppm', [], new Uint8Array())).toThrow(/^pdftoppm is required when CI=true; install it with: apt-get install poppler-utils$/);
    expect(() => nssTrusting('ca.pem', nowhere)).toThrow(/^certutil is required when CI=true; install it with: apt-get install libnss3-tools$/);
    vi.stubEnv('CI', '');
    expect(poppler('pdfimages', ['-list'], new Uint8Array())).toBeUndefined();
    expect(nssTrusting('ca.pem', nowhere)).toBeUndefined();
  });
});
