// What starts the local stack leaves nothing behind when it is killed outright, with SIGKILL, so
// that no exit hook runs: the process of `npm run dev`, and vitest itself while its integration
// globalSetup's DynamoDB Local and a test worker run. Processes are followed through /proc.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { descendants, running, until, type Proc } from '../support/processes.ts';

const START_MS = 90_000;
const GONE_WITHIN_MS = 5_000;
const isJava = (p: Proc) => p.cmdline.startsWith('java ') && p.cmdline.includes('DynamoDBLocal.jar');
const isTestWorker = (p: Proc) => /^node \(vitest \d+\)/.test(p.cmdline);

function started(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return { child, output: () => output };
}

/** Waits for `ready` to give the processes to watch, failing early if the child exits. */
function whenReady(child: ChildProcess, output: () => string, ready: () => Proc[] | undefined): Promise<Proc[]> {
  return until(
    () => {
      if (child.exitCode !== null) throw new Error(`exited (${child.exitCode}) before it was up:\n${output()}`);
      return ready();
    },
    START_MS,
    () => `it to be up:\n${output()}`,
  );
}

/** SIGKILLs `child`; every process it had started must then be gone within a few seconds. */
async function killAndExpectNothingLeft(child: ChildProcess, below: Proc[]): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  const deadline = Date.now() + GONE_WITHIN_MS;
  while (below.some(running) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(below.filter(running).map((p) => `${p.pid} ${p.cmdline.slice(0, 160)}`)).toEqual([]);
}

/** Whatever a failed run left, so that a failing test does not leave it either. */
function cleanUp(child: ChildProcess | undefined, below: Proc[]): void {
  if (child?.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const p of below) if (running(p)) process.kill(p.pid, 'SIGKILL');
}

describe('killed with SIGKILL, the local stack leaves no process behind', () => {
  it('npm run dev: its DynamoDB Local (java and the shell watching it) ends with it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cchc-dev-killed-'));
    // How package.json runs it: one Node process (no tsx CLI in between).
    const { child, output } = started(['--import', 'tsx', 'infra/local/dev.ts'], { ...process.env, PORT: '0', LOCAL_DATA_DIR: dataDir });
    let below: Proc[] = [];
    try {
      await whenReady(child, output, () => (output().includes('local backend ready') ? [] : undefined));
      below = descendants(child.pid!);
      // ours: the JVM keeps its data under this run's own directory
      expect(below.filter(isJava).map((p) => p.cmdline)).toEqual([expect.stringContaining(dataDir)]);
      await killAndExpectNothingLeft(child, below);
    } finally {
      cleanUp(child, below);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it('vitest: the DynamoDB Local of its globalSetup and its test workers end with it', async () => {
    // A vitest run of its own, without the variables that tell this one's workers who they are.
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(VITEST|TINYPOOL)/.test(name)));
    const { child, output } = started(['node_modules/vitest/vitest.mjs', 'run', '--project', 'integration', 'tests/integration/local-dynamodb.test.ts'], env);
    let below: Proc[] = [];
    try {
      // Killed while a test worker runs beside the globalSetup's DynamoDB Local.
      below = await whenReady(child, output, () => {
        const now = descendants(child.pid!);
        return now.some(isJava) && now.some(isTestWorker) ? now : undefined;
      });
      await killAndExpectNothingLeft(child, below);
    } finally {
      cleanUp(child, below);
    }
  }, 120_000);
});
