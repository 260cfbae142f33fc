// Invoked by an operator after a fix (aws lambda invoke, payload {} or {"agencyId": "…"}), and by
// `npm run redrive` locally: re-applies the parked events. The DLQ is cleared separately (README).
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import * as z from 'zod';
import { agencyId } from '#events/event.schema.ts';
import { documentClient } from '#adapters/dynamodb.ts';
import { loadConfig } from '#adapters/config.ts';
import { dynamoFiguresStore } from '#adapters/figures-store.ts';
import { log } from '#adapters/log.ts';
import { dynamoParkedEvents } from '#adapters/parked-events.ts';
import { redriveParked, type RedrivePorts, type RedriveReport } from './redrive.ts';

const config = loadConfig(['tableName']);

const input = z.strictObject({ agencyId: agencyId.optional() });

const tableName = config.tableName;
const ports: RedrivePorts = {
  figures: dynamoFiguresStore(documentClient(), tableName),
  parked: dynamoParkedEvents(documentClient(), tableName),
  now: () => new Date(),
};

export const handler = middy<unknown, RedriveReport>().use(injectLambdaContext(log)).handler(async (event) => {
  const report = await redriveParked(ports, input.parse(event ?? {}));
  log.info('redrive', { applied: report.applied, duplicates: report.duplicates, failed: report.failed });
  return report;
});
