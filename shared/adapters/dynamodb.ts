// One DynamoDB document client per process; the endpoint comes from the environment
// (AWS_ENDPOINT_URL_DYNAMODB points it at DynamoDB Local), never from a separate code path.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

let shared: DynamoDBDocumentClient | undefined;

export function documentClient(): DynamoDBDocumentClient {
  shared ??= DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return shared;
}
