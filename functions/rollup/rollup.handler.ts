// The roll-up function in AWS and locally: its ports from the configuration.
import { loadConfig } from '#adapters/config.ts';
import { documentClient } from '#adapters/dynamodb.ts';
import { dynamoFiguresStore } from '#adapters/figures-store.ts';
import { dynamoReportStore } from '#adapters/report-store.ts';
import { rollupApi } from './rollup-edge.ts';

const config = loadConfig(['tableName']);
const client = documentClient();
const store = dynamoReportStore(client, config.tableName);

export const handler = rollupApi({ figures: dynamoFiguresStore(client, config.tableName), profiles: store, versions: store, now: () => new Date() });
