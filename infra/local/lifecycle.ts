// Process plumbing shared by the embedded services: free ports and child processes that must
// not outlive the Node process that started them.
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A TCP port that was free a moment ago on `host` (the OS picks it). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}

const children = new Set<ChildProcess>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let hooked = false;

function killChildren(): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  children.clear();
}

/**
 * Kills `child` when this process exits. On SIGINT/SIGTERM/SIGHUP that nobody else handles, kills it
 * and raises the signal again so the default behaviour (exit) still happens.
 */
export function killWithParent(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
  if (hooked) return;
  hooked = true;
  process.once('exit', killChildren);
  for (const signal of SIGNALS) {
    process.once(signal, () => {
      // Another listener (e.g. dev.ts) is stopping things in order; the exit hook still covers it.
      if (process.listenerCount(signal) > 0) return;
      killChildren();
      process.kill(process.pid, signal);
    });
  }
}
