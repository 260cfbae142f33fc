// Upload records in the single table (keys in ./table-keys.ts; the storage table of docs/architecture.md).
//   upload        pk AGENCY#{agencyId}#UPLOAD#{uploadId}   sk UPLOAD
//                 gsi1pk AGENCY#{agencyId}#PERIOD#{periodId}#UPLOADS   gsi1sk {uploadId}
//                 expiresAt (TTL) only while pending, so abandoned requests go away
//   content hash  pk AGENCY#{agencyId}#SHA256#{sha256}   sk SHA256   uploadId = the first upload
//                 accepted with that content; written in the same transaction as the acceptance
import {
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { Upload, UploadRef } from '#domain/attachment.ts';
import type { Acceptance, Rejection, UploadRecords } from '#domain/attachment-ports.ts';
import { queryAll } from './dynamodb.ts';
import { readStored, STORED_RECORDS, UPLOAD_RECORD } from './stored-records.ts';
import { keys } from './table-keys.ts';

/** Pending records outlive the presigned upload by this long before the TTL removes them. */
const PENDING_GRACE_SECONDS = 7 * 24 * 3600;

const uploadKey = ({ agencyId, uploadId }: UploadRef) => keys.upload(agencyId, uploadId);
const { contentHash: hashKey, periodUploadsIndex: periodKey } = keys;

/** The upload kept in an item beside its keys, parsed by the schema of the version it was written in (the keys and the TTL dropped). */
const toUpload = (item: Record<string, unknown>): Upload => readStored(STORED_RECORDS.upload, item, (i) => i);

const isConditionFailure = (error: unknown) => error instanceof ConditionalCheckFailedException;

export function dynamoUploadRecords(client: DynamoDBDocumentClient, tableName: string): UploadRecords {
  async function markAccepted(upload: Upload, acceptance: Acceptance, duplicateOf?: string): Promise<boolean> {
    try {
      await client.send(new UpdateCommand(acceptUpdate(upload, acceptance, duplicateOf)));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  function acceptUpdate(upload: Upload, { sha256, size, at }: Acceptance, duplicateOf?: string) {
    return {
      TableName: tableName,
      Key: uploadKey(upload),
      UpdateExpression: `SET #state = :accepted, sha256 = :sha256, #size = :size, acceptedAt = :at${duplicateOf ? ', duplicateOf = :duplicateOf' : ''} REMOVE expiresAt`,
      ConditionExpression: '#state = :pending',
      ExpressionAttributeNames: { '#state': 'state', '#size': 'size' },
      ExpressionAttributeValues: {
        ':accepted': 'accepted',
        ':pending': 'pending',
        ':sha256': sha256,
        ':size': size,
        ':at': at,
        ...(duplicateOf ? { ':duplicateOf': duplicateOf } : {}),
      },
    };
  }

  return {
    async create(upload) {
      const expiresAt = Math.floor(Date.parse(upload.uploadExpiresAt) / 1000) + PENDING_GRACE_SECONDS;
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...uploadKey(upload),
            // A period lists the documents it may cite; a signing image belongs to no period.
            ...(upload.document ? { gsi1pk: periodKey(upload.agencyId, upload.document.periodId), gsi1sk: upload.uploadId } : {}),
            type: 'upload',
            ...upload,
            recordVersion: UPLOAD_RECORD,
            expiresAt,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },

    async get(ref) {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: uploadKey(ref), ConsistentRead: true }));
      return Item ? toUpload(Item) : undefined;
    },

    async listByPeriod(agencyId, periodId) {
      const items = await queryAll(client, {
        TableName: tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': periodKey(agencyId, periodId) },
      });
      return items.map(toUpload);
    },

    async accept(upload, acceptance) {
      const hash = hashKey(upload.agencyId, acceptance.sha256);
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName,
                  Item: {
                    ...hash,
                    type: 'upload-content',
                    agencyId: upload.agencyId,
                    sha256: acceptance.sha256,
                    uploadId: upload.uploadId,
                    ...(upload.document ? { periodId: upload.document.periodId } : {}),
                    acceptedAt: acceptance.at,
                  },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              { Update: acceptUpdate(upload, acceptance) },
            ],
          }),
        );
        return true;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const [content, record] = error.CancellationReasons ?? [];
        if (record?.Code === 'ConditionalCheckFailed') return false;
        if (content?.Code !== 'ConditionalCheckFailed') throw error;
      }
      // The agency already has this content: accept, pointing at the upload that has it.
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: hash, ConsistentRead: true }));
      return markAccepted(upload, acceptance, Item?.uploadId as string);
    },

    async reject(ref, { reasonCode, reason, at }: Rejection) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: uploadKey(ref),
            UpdateExpression: 'SET #state = :rejected, reasonCode = :code, reason = :reason, rejectedAt = :at REMOVE expiresAt',
            ConditionExpression: '#state = :pending',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':rejected': 'rejected', ':pending': 'pending', ':code': reasonCode, ':reason': reason, ':at': at },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
  };
}
