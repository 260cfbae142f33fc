// The command line of the npm scripts that take arguments: `--help` prints the usage and exits 0;
// an unknown option, a missing value or a stray argument prints what was wrong and the usage, and
// exits 2. Never a stack trace for what the user typed.
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Exit code of a command used wrongly (as the shells' builtins use it). */
const USAGE_EXIT = 2;

/** Prints why and the usage's first line, then exits 2. */
export function usageError(usage: string, why: string): never {
  console.error(`${why}\n${usage.split('\n')[0]}${usage.includes('\n') ? '\n(--help says more)' : ''}`);
  process.exit(USAGE_EXIT);
}

/** parseArgs over this process's arguments, strict, with `--help`/`-h` answered first. */
export function commandLine<const T extends Omit<ParseArgsConfig, 'args' | 'strict'>>(usage: string, config: T) {
  const args = process.argv.slice(2);
  const end = args.indexOf('--');
  if ((end === -1 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h')) {
    console.log(usage);
    process.exit(0);
  }
  try {
    return parseArgs({ ...config, args, strict: true as const });
  } catch (error) {
    // node:util's parse errors (ERR_PARSE_ARGS_*) say what was wrong in plain words.
    return usageError(usage, error instanceof Error ? error.message : String(error));
  }
}
