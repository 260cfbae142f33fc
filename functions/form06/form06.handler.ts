// The form-06 workbook function in AWS and locally: its ports from the configuration.
import { loadConfig } from '#adapters/config.ts';
import { documentClient } from '#adapters/dynamodb.ts';
import { dynamoFiguresStore } from '#adapters/figures-store.ts';
import { dynamoReportStore } from '#adapters/report-store.ts';
import { form06Api } from './form06-edge.ts';

const config = loadConfig(['tableName']);
const client = documentClient();

export const handler = form06Api({ figures: dynamoFiguresStore(client, config.tableName), profiles: dynamoReportStore(client, config.tableName) });
