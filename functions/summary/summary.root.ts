// The summary function's composition root: its ports from the configuration.
import { required, type Config } from '#adapters/config.ts';
import { documentClient } from '#adapters/dynamodb.ts';
import { dynamoFiguresStore } from '#adapters/figures-store.ts';
import { summaryApi } from './summary-edge.ts';

export function buildSummary(config: Config) {
  const { tableName } = required(config, ['tableName']);
  return summaryApi({ figures: dynamoFiguresStore(documentClient(config.adapters.aws), tableName) });
}
