// The integrator's guide's clients (docs/examples/) run as a vendor would run them, against the
// local HTTP API over a fresh table: the Java one compiled with javac, the Python one with the
// standard library, the curl+openssl script. Each sends docs/examples/events.jsonl (one event of
// every type) for an agency of its own; the summary then shows exactly those events, a second run
// changes nothing (the ids), a wrong secret is a 401 that stores nothing, and a batch over 1 MB
// is sent in halves (Java, Python) or stopped at its 413 (the script).
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaffClient } from '#local/staff-client.ts';
import { startTestApi, type TestApi } from '../support/local-api.ts';

const SECRET = 'docs-examples-secret';
const TOKEN = 'docs-examples-token';
const examples = (path: string) => new URL(`../../docs/examples/${path}`, import.meta.url).pathname;

/** The tools the examples need; a missing one fails the file with how to get it (never a skip). */
const TOOLS: Array<[string, string[], string]> = [
  ['javac', ['-version'], 'apt-get install openjdk-17-jdk-headless'],
  ['java', ['-version'], 'apt-get install openjdk-17-jre-headless'],
  ['python3', ['--version'], 'apt-get install python3'],
  ['curl', ['--version'], 'apt-get install curl'],
  ['openssl', ['version'], 'apt-get install openssl'],
];

/** What events.jsonl makes of 2024-H1 (15/12/2023 – 14/6/2024), figured by hand from its ten events. */
const EXPECTED = {
  dossiers: {
    received: { total: 4, carriedOver: 0, online: 2, direct: 1, postal: 1 },
    resolved: { total: 1, early: 1, onTime: 0, late: 0 },
    withdrawn: 1,
    returned: 1,
    pending: { total: 1, withinDeadline: 0, overdue: 1 },
  },
  documents: { issued: { total: 1, electronic: 1, electronicWithPaper: 0, paper: 0 } },
};
const NOTHING = {
  dossiers: {
    received: { total: 0, carriedOver: 0, online: 0, direct: 0, postal: 0 },
    resolved: { total: 0, early: 0, onTime: 0, late: 0 },
    withdrawn: 0,
    returned: 0,
    pending: { total: 0, withinDeadline: 0, overdue: 0 },
  },
  documents: { issued: { total: 0, electronic: 0, electronicWithPaper: 0, paper: 0 } },
};

const run = promisify(execFile);
let test: TestApi;
let staff: StaffClient;
let scratch: string;

/** events.jsonl with every event moved to `agencyId`, so each client's events stand apart. */
function eventsFor(agencyId: string): string {
  const lines = readFileSync(examples('events.jsonl'), 'utf8').trim().split('\n');
  const file = join(scratch, `${agencyId}.jsonl`);
  writeFileSync(file, lines.map((line) => JSON.stringify({ ...JSON.parse(line), agencyId })).join('\n') + '\n');
  return file;
}

/** Runs a client (asynchronously: the API answers from this same process) and answers its exit code and output. */
async function client(command: string, args: string[], secret: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(command, args, { env: { ...process.env, CCHC_API_URL: test.api.url, CCHC_EVENTS_SECRET: secret }, timeout: 60_000 });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, out: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

const figures = async (agencyId: string) => {
  const { dossiers, documents } = await staff.ok<typeof EXPECTED>('GET', `/v1/agencies/${agencyId}/periods/2024-H1/summary`);
  return { dossiers, documents };
};

/** Name, agency, command line, and whether the client halves a batch the API finds too large (413). */
const CLIENTS: Array<[string, string, (file: string) => [string, string[]], boolean]> = [
  ['Java (javac, java.net.http)', 'JAVA', (file) => ['java', ['-cp', join(scratch, 'classes'), 'SendEvents', file]], true],
  ['Python (standard library)', 'PYTHON', (file) => ['python3', [examples('python/send_events.py'), file]], true],
  ['curl and openssl', 'CURL', (file) => ['sh', [examples('curl/send-events.sh'), file]], false],
];

/** 500 documents with the longest summary the contract allows: one batch, over the 1 MB a request may carry. */
function oversizedBatch(agencyId: string): string {
  const file = join(scratch, `${agencyId}.jsonl`);
  const summary = 'Về việc triển khai nhiệm vụ cải cách hành chính '.repeat(60).slice(0, 2000);
  const events = Array.from({ length: 500 }, (_, i) => ({
    id: `vb-big-${i}`,
    type: 'document.issued',
    occurredAt: '2024-03-01T09:00:00+07:00',
    agencyId,
    data: { documentId: `VBDI.2024.${i}`, form: 'electronic', summary },
  }));
  writeFileSync(file, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  expect(Buffer.byteLength(`{"events":[${events.map((e) => JSON.stringify(e)).join(',')}]}`)).toBeGreaterThan(1024 * 1024);
  return file;
}

beforeAll(async () => {
  const missing = TOOLS.filter(([tool, args]) => spawnSync(tool, args).error !== undefined);
  if (missing.length > 0) throw new Error(`Missing ${missing.map(([tool, , install]) => `${tool} (${install})`).join(', ')}: the integrator's guide's examples need them.`);
  scratch = mkdtempSync(join(tmpdir(), 'cchc-docs-examples-'));
  test = await startTestApi('docs-examples', { staffToken: TOKEN, secret: SECRET, env: { LOG_LEVEL: 'error' } });
  staff = new StaffClient(test.api.url, TOKEN);
  await run('javac', ['-Xlint:all', '-Werror', '-d', join(scratch, 'classes'), examples('java/SendEvents.java')]);
}, 120_000);

afterAll(async () => {
  await test?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe.each(CLIENTS)('the %s example', (_name, agencyId, command, halves) => {
  it('posts signed events that then show in the summary; sent again, they change nothing', async () => {
    const file = eventsFor(agencyId);
    const [program, args] = command(file);
    const first = await client(program, args, SECRET);
    expect(first).toEqual({ code: 0, out: '202 accepted 10 events\n' });
    expect(await figures(agencyId)).toEqual(EXPECTED);
    expect(await client(program, args, SECRET)).toEqual({ code: 0, out: '202 accepted 10 events\n' });
    expect(await figures(agencyId)).toEqual(EXPECTED);
  });

  it('with a wrong secret, is refused with 401 and stores nothing', async () => {
    const wrong = `${agencyId}-WRONG`;
    const [program, args] = command(eventsFor(wrong));
    const answer = await client(program, args, 'not-the-secret');
    expect(answer.code).toBe(1);
    expect(answer.out).toContain('refused after 0 accepted events: HTTP 401');
    expect(answer.out).toContain('X-Signature does not match the body');
    expect(await figures(wrong)).toEqual(NOTHING);
  });

  it(halves ? 'sends a batch over 1 MB in halves after the 413' : 'stops at the 413 of a batch over 1 MB', async () => {
    const big = `${agencyId}-BIG`;
    const [program, args] = command(oversizedBatch(big));
    const answer = await client(program, args, SECRET);
    if (halves) {
      expect(answer).toEqual({ code: 0, out: '202 accepted 500 events\n' });
      expect((await figures(big)).documents.issued.total).toBe(500);
    } else {
      expect(answer.code).toBe(1);
      expect(answer.out).toContain('HTTP 413');
      expect(await figures(big)).toEqual(NOTHING);
    }
  });
});
