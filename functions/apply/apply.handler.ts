// SQS consumer: each message is one event accepted by POST /v1/events.
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { documentClient } from '#adapters/dynamodb.ts';
import { requiredEnv } from '#adapters/env.ts';
import { dynamoFiguresStore } from '#adapters/figures-store.ts';
import { applyBatch } from './apply-batch.ts';

const store = dynamoFiguresStore(documentClient(), requiredEnv('TABLE_NAME'));

export const handler = middy<SQSEvent, SQSBatchResponse>().handler((batch) => applyBatch(store, batch));
