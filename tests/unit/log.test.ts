// The Powertools logger keeps what the local scripts rely on: LOG_LEVEL in lower case, set after
// the logger was built (imports are hoisted), in force on warm invocations too.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { log } from '#adapters/log.ts';
import { lambdaContext } from '#local/lambda-context.ts';

/** The JSON lines written to stdout and stderr while `run` runs. */
async function logLines(run: () => Promise<void>): Promise<Array<Record<string, unknown>>> {
  const lines: string[] = [];
  const keep = (chunk: unknown) => (lines.push(String(chunk)), true);
  const spies = [vi.spyOn(process.stdout, 'write').mockImplementation(keep), vi.spyOn(process.stderr, 'write').mockImplementation(keep)];
  try {
    await run();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return lines.flatMap((chunk) => chunk.split('\n')).filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
}

const handler = middy<unknown, void>()
  .use(injectLambdaContext(log))
  .handler(async () => {
    log.info('info line');
    log.warn('warn line', { n: 1 });
  });

afterEach(() => void vi.unstubAllEnvs());

describe('log', () => {
  it('follows LOG_LEVEL set after it was built, in any case, on every invocation', async () => {
    vi.stubEnv('LOG_LEVEL', 'warn');
    const lines = await logLines(async () => {
      await handler({}, lambdaContext('apply'));
      await handler({}, lambdaContext('apply'));
    });
    expect(lines.map((l) => `${l.level} ${l.message}`)).toEqual(['WARN warn line', 'WARN warn line']);
    expect(lines[1]).toMatchObject({ service: 'cchc-report', function_name: 'apply', cold_start: false, n: 1 });

    vi.stubEnv('LOG_LEVEL', 'ERROR');
    expect(await logLines(() => handler({}, lambdaContext('apply')))).toEqual([]);
  });

  it('logs info and above when LOG_LEVEL is not set', async () => {
    vi.stubEnv('LOG_LEVEL', undefined);
    const lines = await logLines(() => handler({}, lambdaContext('apply')));
    expect(lines.map((l) => `${l.level} ${l.message}`)).toEqual(['INFO info line', 'WARN warn line']);
  });
});
