// The parked-events function's composition root: its ports from the configuration.
import { required, type Config } from '#adapters/config.ts';
import { documentClient } from '#adapters/dynamodb.ts';
import { dynamoParkedEvents } from '#adapters/parked-events.ts';
import { parkedApi } from './parked-edge.ts';

export function buildParked(config: Config) {
  const { tableName } = required(config, ['tableName']);
  return parkedApi({ parked: dynamoParkedEvents(documentClient(config.adapters.aws), tableName) });
}
