// The roll-up function's composition root: its ports from the configuration.
import { required, type Config } from '#adapters/config.ts';
import { documentClient } from '#adapters/dynamodb.ts';
import { dynamoFiguresStore } from '#adapters/figures-store.ts';
import { dynamoReportStore } from '#adapters/report-store.ts';
import { rollupApi } from './rollup-edge.ts';

export function buildRollup(config: Config) {
  const { tableName } = required(config, ['tableName']);
  const client = documentClient(config.adapters.aws);
  const store = dynamoReportStore(client, tableName);
  return rollupApi({ figures: dynamoFiguresStore(client, tableName), profiles: store, versions: store, now: () => new Date() });
}
