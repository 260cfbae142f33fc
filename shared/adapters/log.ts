// JSON-lines logs through Powertools Logger: the shape CloudWatch and Lambda's log-level filter read
// ("level": "INFO", "service", "timestamp"), with the Lambda context when a handler root adds
// injectLambdaContext. Filtered by LOG_LEVEL so the local main job stays readable.
import { Logger, LogLevelThreshold } from '@aws-lambda-powertools/logger';
import type { LogItemExtraInput, LogItemMessage } from '@aws-lambda-powertools/logger/types';
import { logSettings } from './config.ts';

/** The `service` of every log line and metric: the functions are one service. */
export const SERVICE_NAME = logSettings().service;

type Level = keyof typeof LogLevelThreshold;

/** POWERTOOLS_LOG_LEVEL or LOG_LEVEL in any case (Powertools itself takes only upper case: `warn` would be ignored). */
function envLevel(): Level | undefined {
  const value = logSettings().level;
  return value in LogLevelThreshold ? (value as Level) : undefined;
}

/**
 * Powertools reads the level once, when the logger is built, and puts that level back at each warm
 * invocation; but the local entry points and the tests set LOG_LEVEL after their (hoisted) imports
 * have built it. So the level follows the variable at each line. Lambda's advanced logging controls
 * (AWS_LAMBDA_LOG_LEVEL) win when set, as in Powertools; its debug sampling is not used here.
 */
class EnvLevelLogger extends Logger {
  protected override processLogItem(logLevel: number, input: LogItemMessage, extraInput: LogItemExtraInput): void {
    if (!logSettings().lambdaControlsLevel) {
      const level = envLevel() ?? 'INFO';
      if (this.level !== LogLevelThreshold[level]) this.setLogLevel(level);
    }
    super.processLogItem(logLevel, input, extraInput);
  }
}

export const log: Logger = new EnvLevelLogger({ serviceName: SERVICE_NAME, logLevel: envLevel() });
