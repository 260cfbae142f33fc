// The redrive function's composition root: re-applies the parked events. The DLQ is cleared separately (README).
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { required, type Config } from '#adapters/config.ts';
import { documentClient } from '#adapters/dynamodb.ts';
import { dynamoFiguresStore } from '#adapters/figures-store.ts';
import { log } from '#adapters/log.ts';
import { dynamoParkedEvents } from '#adapters/parked-events.ts';
import type { RedriveReport } from './redrive.ts';
import { redriveEdge } from './redrive-edge.ts';

export function buildRedrive(config: Config) {
  const { tableName } = required(config, ['tableName']);
  const client = documentClient(config.adapters.aws);
  return middy<unknown, RedriveReport>()
    .use(injectLambdaContext(log))
    .handler(redriveEdge({ figures: dynamoFiguresStore(client, tableName), parked: dynamoParkedEvents(client, tableName), now: () => new Date() }));
}
