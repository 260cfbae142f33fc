// The sections function in AWS and locally: its ports from the configuration.
import { loadConfig } from '#adapters/config.ts';
import { documentClient } from '#adapters/dynamodb.ts';
import { dynamoReportStore } from '#adapters/report-store.ts';
import { sectionsApi } from './sections-edge.ts';

const config = loadConfig(['tableName']);

export const handler = sectionsApi({ sections: dynamoReportStore(documentClient(), config.tableName), now: () => new Date() });
