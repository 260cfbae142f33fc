// The sections function's composition root: its ports from the configuration.
import { required, type Config } from '#adapters/config.ts';
import { documentClient } from '#adapters/dynamodb.ts';
import { dynamoReportStore } from '#adapters/report-store.ts';
import { sectionsApi } from './sections-edge.ts';

export function buildSections(config: Config) {
  const { tableName } = required(config, ['tableName']);
  return sectionsApi({ sections: dynamoReportStore(documentClient(config.adapters.aws), tableName), now: () => new Date() });
}
