// Loaded into every test worker at its start (execArgv of the forks pool, before vitest's own
// code). A worker is a child process of vitest; when vitest is killed outright (SIGKILL), nothing
// tells the worker, which would go on with whatever it started (e.g. its own DynamoDB Local). Its
// IPC channel to vitest closes then: the worker ends, and what it started ends with it
// (infra/local/lifecycle.ts). SIGKILL, because vitest replaces process.exit inside its workers.
// Plain JavaScript: it runs before any TypeScript loader.
if (process.send) process.once('disconnect', () => process.kill(process.pid, 'SIGKILL'));
