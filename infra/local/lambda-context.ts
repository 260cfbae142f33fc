// The Lambda `context` the local stack passes to handlers, with a real deadline so middy's
// early-timeout behaves as in AWS.
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { LOCAL_REGION } from './dynamodb-local.ts';

export function lambdaContext(functionName: string, timeoutMs = 30_000, region = process.env.AWS_REGION ?? LOCAL_REGION): Context {
  const deadline = Date.now() + timeoutMs;
  const fail = (): never => {
    throw new Error('Deprecated Lambda callback API; return a promise');
  };
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: fail,
    fail,
    succeed: fail,
  };
}
