// Process plumbing shared by the embedded services: free ports, and child processes that must
// not outlive the Node process that started them, however it ends.
import { spawn, type ChildProcess } from 'node:child_process';
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

/**
 * Runs "$@" (the command) and ends it when this Node process is gone. The shell's stdin is a pipe
 * whose only writer is this process, which never writes to it: a background `read` (a builtin, so
 * no extra process) gets end-of-file when the kernel closes the write end, i.e. when this process
 * ends in whatever way (exit, crash, SIGKILL), and then kills the whole process group: the shell,
 * the command and itself. The watcher starts first, so the command never runs unwatched. The
 * command runs in the background so that the shell can pass it SIGTERM/INT/HUP and exit with its
 * status: `wait` returns early when a signal arrives, hence the loop; `stop` covers a signal that
 * comes before `pid` is known.
 */
const WATCHDOG = `
pid= stop=
exec 3<&0 0</dev/null
{ while read -r _; do :; done; kill -KILL 0; } <&3 &
watcher=$!
exec 3<&-
trap 'stop=1; [ -z "$pid" ] || kill -TERM "$pid" 2>/dev/null' TERM INT HUP
"$@" &
pid=$!
[ -z "$stop" ] || kill -TERM "$pid"
wait "$pid"; status=$?
while kill -0 "$pid" 2>/dev/null; do wait "$pid"; status=$?; done
kill "$watcher" 2>/dev/null
exit "$status"
`;

type Output = 'ignore' | 'pipe' | 'inherit';

export interface TiedOptions {
  cwd?: string;
  stdout?: Output;
  stderr?: Output;
}

/**
 * Spawns `command` so that it cannot outlive this process: exit hooks do not run on SIGKILL or a
 * crash, and an orphaned DynamoDB Local would keep its JVM, port and data directory. POSIX `sh`
 * and a pipe, rather than Linux's parent-death signal (`setpriv --pdeathsig`), because they need
 * nothing beyond the shell, work on macOS too, and do not tie the child to the *thread* that
 * spawned it. The returned process is the shell: `kill('SIGTERM')` reaches the command, and it
 * exits with the command's status. It leads its own process group (`detached`), so the watchdog
 * can kill exactly that group, and a terminal's Ctrl-C reaches only this process, which stops its
 * services in order.
 */
export function spawnTied(command: string, args: readonly string[], options: TiedOptions = {}): ChildProcess {
  return spawn('sh', ['-c', WATCHDOG, 'sh', command, ...args], {
    cwd: options.cwd,
    stdio: ['pipe', options.stdout ?? 'ignore', options.stderr ?? 'inherit'],
    detached: true,
  });
}
