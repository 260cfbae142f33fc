// The second verifier's rule: pdfsig runs where poppler-utils is installed, and with CI=true its
// absence fails the signature tests with the command that installs it (never a silent skip there).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { pdfsig } from '../support/pdf-signature.ts';

const nowhere = mkdtempSync(join(tmpdir(), 'no-pdfsig-'));
afterEach(() => vi.unstubAllEnvs());
afterAll(() => rmSync(nowhere, { recursive: true, force: true }));

describe('the pdfsig helper of the signature tests', () => {
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
});
