// setupFiles of every project. A test worker of the forks pool is a child process of vitest;
// when vitest is killed outright (SIGKILL), nothing tells the worker, which would wait for it
// forever with whatever it started (e.g. its own DynamoDB Local). The worker's IPC channel to
// vitest closes then: exit, so what it started ends with it (infra/local/lifecycle.ts).
const registered = Symbol.for('cchc.exit-with-vitest');
const worker = globalThis as { [registered]?: true };

if (process.connected && !worker[registered]) {
  worker[registered] = true;
  process.once('disconnect', () => process.exit(1));
}
