// Every `npm run` script that takes arguments answers `--help` with its usage (exit 0) and an
// unknown option with what was wrong and the usage (exit 2), never with a stack trace.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const { scripts } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
const TAKE_ARGUMENTS = ['import', 'replay', 'redrive', 'preview', 'cert-request', 'bench', 'screenshots'];

/** The script's file, from its package.json command (`node --import tsx FILE`). */
const fileOf = (name: string) => /^node --import tsx (\S+)$/.exec(scripts[name]!)![1]!;

// Each run loads the script's modules through tsx (the bench's are many): seconds on a busy machine.
const SPAWN_TIMEOUT = 90_000;

const run = (file: string, ...args: string[]) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', file, ...args], { env: { ...process.env, LOG_LEVEL: 'error' } }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );

describe('npm scripts on the command line', () => {
  it('lists every script whose command is a node file', () => {
    for (const name of TAKE_ARGUMENTS) expect(scripts[name], name).toMatch(/^node --import tsx \S+$/);
  });

  it.each(TAKE_ARGUMENTS)('npm run %s -- --help prints the usage and exits 0', async (name) => {
    const answer = await run(fileOf(name), '--help');
    expect(answer.code, answer.stderr).toBe(0);
    expect(answer.stdout).toMatch(new RegExp(`^usage: npm run ${name}\\b`));
    expect(answer.stderr).toBe('');
  }, SPAWN_TIMEOUT);

  it.each(TAKE_ARGUMENTS)('npm run %s -- --no-such-option exits 2 with the usage, no stack trace', async (name) => {
    const answer = await run(fileOf(name), '--no-such-option');
    expect(answer.code).toBe(2);
    expect(answer.stderr).toContain("Unknown option '--no-such-option'");
    expect(answer.stderr).toContain(`usage: npm run ${name}`);
    expect(answer.stderr).not.toMatch(/\n\s+at /);
    expect(answer.stdout).toBe('');
  }, SPAWN_TIMEOUT);
});
