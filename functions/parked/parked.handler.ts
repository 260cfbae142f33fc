// The parked-events function in AWS and locally: its ports from the configuration.
import { loadConfig } from '#adapters/config.ts';
import { documentClient } from '#adapters/dynamodb.ts';
import { dynamoParkedEvents } from '#adapters/parked-events.ts';
import { parkedApi } from './parked-edge.ts';

const config = loadConfig(['tableName']);

export const handler = parkedApi({ parked: dynamoParkedEvents(documentClient(), config.tableName) });
