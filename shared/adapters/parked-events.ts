// Parked events: events accepted with a 202 that could not be applied after their retries on the
// queue. They also sit in the dead-letter queue; here staff see them (GET …/events/parked) and the
// redrive finds them, without reading SQS.
//
//   parked  pk AGENCY#<agency>#PARKED   sk EVENT#<eventId>
//           gsi1pk PARKED   gsi1sk <parkedAt>#<agency>#<eventId>   every agency's, oldest first
//           event (JSON), reason, parkedAt, firstFailedAt, lastFailedAt, attempts, messageId
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Event } from '#events/event.schema.ts';
import * as z from 'zod';
import { queryAll } from './dynamodb.ts';
import { keys } from './table-keys.ts';
import type { EventKey, ParkedEvent, ParkedEvents } from '#domain/event-ports.ts';


const parkedKey = ({ agencyId, id }: EventKey) => keys.parked(agencyId, id);

// The stored event is kept as it came (it may be why it was parked), so only its key fields are checked.
const parkedItem = z.object({
  event: z.string().transform((text) => z.looseObject({ id: z.string(), agencyId: z.string(), type: z.string() }).parse(JSON.parse(text)) as Event),
  reason: z.string(),
  parkedAt: z.string(),
  firstFailedAt: z.string(),
  lastFailedAt: z.string(),
  attempts: z.number(),
});

const toParked = (item: Record<string, unknown>): ParkedEvent => parkedItem.parse(item);

const oldestFirst = (a: ParkedEvent, b: ParkedEvent) =>
  a.parkedAt < b.parkedAt ? -1 : a.parkedAt > b.parkedAt ? 1 : a.event.id < b.event.id ? -1 : a.event.id > b.event.id ? 1 : 0;

export function dynamoParkedEvents(client: DynamoDBDocumentClient, tableName: string): ParkedEvents {
  return {
    async park({ event, reason, attempts, firstFailedAt, failedAt, messageId }) {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: parkedKey(event),
          // The first parking fixes parkedAt and the index position; a later one (the same event
          // sent again and failing again) updates the rest.
          UpdateExpression:
            'SET #event = :event, #reason = :reason, lastFailedAt = :failedAt, messageId = :messageId, gsi1pk = :gsi1pk, ' +
            'parkedAt = if_not_exists(parkedAt, :failedAt), firstFailedAt = if_not_exists(firstFailedAt, :first), gsi1sk = if_not_exists(gsi1sk, :gsi1sk) ' +
            'ADD attempts :attempts',
          ExpressionAttributeNames: { '#event': 'event', '#reason': 'reason' },
          ExpressionAttributeValues: {
            ':event': JSON.stringify(event),
            ':reason': reason,
            ':failedAt': failedAt,
            ':first': firstFailedAt,
            ':messageId': messageId,
            ':gsi1pk': keys.parkedIndex,
            ':gsi1sk': `${failedAt}#${event.agencyId}#${event.id}`,
            ':attempts': attempts,
          },
        }),
      );
    },

    async listAgency(agencyId) {
      const items = await queryAll(client, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': parkedKey({ agencyId, id: '' }).pk, ':prefix': 'EVENT#' },
        ConsistentRead: true,
      });
      // Sorted here rather than by key: the event id in the sort key makes parking idempotent,
      // and an agency's parked list is short (it should be empty).
      return items.map(toParked).sort(oldestFirst);
    },

    async listAll() {
      const items = await queryAll(client, {
        TableName: tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.parkedIndex },
      });
      return items.map(toParked);
    },

    async failedAgain(event, reason, failedAt) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: parkedKey(event),
            UpdateExpression: 'SET #reason = :reason, lastFailedAt = :failedAt ADD attempts :one',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#reason': 'reason' },
            ExpressionAttributeValues: { ':reason': reason, ':failedAt': failedAt, ':one': 1 },
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },

    async release(event) {
      await client.send(new DeleteCommand({ TableName: tableName, Key: parkedKey(event) }));
    },
  };
}
