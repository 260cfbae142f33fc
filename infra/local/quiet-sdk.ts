// Imported first by every local entry point (npm start, dev, replay, bench, the vitest config).
// The AWS SDK warns, once in each process that builds a client, that its releases after January
// 2027 will need Node 22: one notice per command, test worker and child process, thirty in one
// bench. Its own switch turns just that notice off (process.emitWarning has no code to filter it
// by); set in process.env, child processes inherit it. Set the variable to anything but "true"
// to see the notice again.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
