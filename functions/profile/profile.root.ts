// The profile function's composition root: its ports from the configuration.
import { required, type Config } from '#adapters/config.ts';
import { documentClient } from '#adapters/dynamodb.ts';
import { dynamoReportStore } from '#adapters/report-store.ts';
import { profileApi } from './profile-edge.ts';

export function buildProfile(config: Config) {
  const { tableName } = required(config, ['tableName']);
  return profileApi({ profiles: dynamoReportStore(documentClient(config.adapters.aws), tableName), now: () => new Date() });
}
