// The profile function in AWS and locally: its ports from the configuration.
import { loadConfig } from '#adapters/config.ts';
import { documentClient } from '#adapters/dynamodb.ts';
import { dynamoReportStore } from '#adapters/report-store.ts';
import { profileApi } from './profile-edge.ts';

const config = loadConfig(['tableName']);

export const handler = profileApi({ profiles: dynamoReportStore(documentClient(), config.tableName), now: () => new Date() });
