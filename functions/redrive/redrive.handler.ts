// Invoked by an operator after a fix (aws lambda invoke, payload {} or {"agencyId": "…"}), and by
// `npm run redrive` locally: re-applies the parked events. The DLQ is cleared separately (docs/architecture.md).
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { loadConfig } from '#adapters/config.ts';
import { documentClient } from '#adapters/dynamodb.ts';
import { dynamoFiguresStore } from '#adapters/figures-store.ts';
import { log } from '#adapters/log.ts';
import { dynamoParkedEvents } from '#adapters/parked-events.ts';
import type { RedriveReport } from './redrive.ts';
import { redriveEdge } from './redrive-edge.ts';

const config = loadConfig(['tableName']);

export const handler = middy<unknown, RedriveReport>()
  .use(injectLambdaContext(log))
  .handler(
    redriveEdge({
      figures: dynamoFiguresStore(documentClient(), config.tableName),
      parked: dynamoParkedEvents(documentClient(), config.tableName),
      now: () => new Date(),
    }),
  );
