// The summary function in AWS and locally: its ports from the configuration.
import { loadConfig } from '#adapters/config.ts';
import { documentClient } from '#adapters/dynamodb.ts';
import { dynamoFiguresStore } from '#adapters/figures-store.ts';
import { summaryApi } from './summary-edge.ts';

const config = loadConfig(['tableName']);

export const handler = summaryApi({ figures: dynamoFiguresStore(documentClient(), config.tableName) });
