// SQS consumer: each message is one event accepted by POST /v1/events.
import { configFromEnv } from '#adapters/config.ts';
import { buildApply } from './apply.root.ts';

export const handler = buildApply(configFromEnv());
