// The form-06 workbook function's composition root: its ports from the configuration.
import { required, type Config } from '#adapters/config.ts';
import { documentClient } from '#adapters/dynamodb.ts';
import { dynamoFiguresStore } from '#adapters/figures-store.ts';
import { dynamoReportStore } from '#adapters/report-store.ts';
import { form06Api } from './form06-edge.ts';

export function buildForm06(config: Config) {
  const { tableName } = required(config, ['tableName']);
  const client = documentClient(config.adapters.aws);
  return form06Api({ figures: dynamoFiguresStore(client, tableName), profiles: dynamoReportStore(client, tableName) });
}
