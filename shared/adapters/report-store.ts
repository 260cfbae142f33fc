// Agency profiles, section narratives, report versions and delivery logs in the single table.
//
//   profile   pk AGENCY#<agency>                   sk PROFILE         gsi1pk PROFILES  gsi1sk <agency>
//   section   pk AGENCY#<agency>#PERIOD#<period>   sk SECTION#<key>   paragraphs
//   latest    pk AGENCY#<agency>#PERIOD#<period>   sk REPORT#LATEST   version, inputHash
//   version   pk AGENCY#<agency>#PERIOD#<period>   sk REPORT#V#<0001> the ReportVersion
//   delivery  pk AGENCY#<agency>#PERIOD#<period>   sk DELIVERY#V#<0001>#<channel>#<nn>   rev; gsi1pk DELIVERIES#FAILED while failed
//   exchange  pk EXCHANGE#<DocumentId>             sk ORGAN#<organId>   agencyId, periodId, version, recipientNo
//   notice    pk AGENCY#<agency>#PERIOD#<period>   sk NOTICE#<noticeId>#<address>   claimedAt
//   number    pk AGENCY#<agency>#NUMBERS           sk <year>#NUMBER#<number>   periodId, version (written with the issue)
import { TransactionCanceledException, ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryAll as queryPages } from './dynamodb.ts';
import { DELIVERY_RECORD, readStored, REPORT_VERSION_RECORD, STORED_RECORDS } from './stored-records.ts';
import type { Delivery } from '#domain/delivery.ts';
import { canonicalJson } from '#domain/report-version.ts';
import { sha256Hex } from './hash.ts';
import { keys } from './table-keys.ts';
import * as z from 'zod';
import { AgencyProfileSchema } from '#domain/profile.ts';
import { numberYear } from '#domain/report-workflow.ts';
import type { DeliveryLog, NoticeLog, ProfileStore, ReportVersionStore, SectionStore } from '#domain/report-ports.ts';

const { periodPk, versionSk, deliverySk } = keys;

/** Stored paragraphs were validated on the way in; read back, they are still a list of strings. */
const storedParagraphs = z.array(z.string());

const readReport = (item: Record<string, unknown>) => readStored(STORED_RECORDS.reportVersion, item, (i) => i.report);
const readDelivery = (item: Record<string, unknown>) => readStored(STORED_RECORDS.delivery, item, (i) => i.delivery);

/** What an update is conditioned on: the delivery exactly as it was read. */
const revisionOf = (delivery: Delivery) => sha256Hex(canonicalJson(delivery));

function deliveryItem(agencyId: string, periodId: string, delivery: Delivery): Record<string, unknown> {
  const sk = deliverySk(delivery.version, delivery.channel, delivery.recipient.no);
  // Only a failed delivery is on the index, so the daily run's query reads nothing else.
  const failed = delivery.state === 'failed' ? { gsi1pk: keys.failedDeliveriesIndex, gsi1sk: `${agencyId}#${periodId}#${sk}` } : {};
  return { pk: periodPk(agencyId, periodId), sk, agencyId, periodId, delivery, rev: revisionOf(delivery), recordVersion: DELIVERY_RECORD, ...failed };
}

export function dynamoReportStore(client: DynamoDBDocumentClient, tableName: string): ProfileStore & SectionStore & ReportVersionStore & DeliveryLog & NoticeLog {
  /** A conditional write: false when its condition failed (another writer came first), nothing written. */
  const conditional = async (write: () => Promise<unknown>): Promise<boolean> => {
    try {
      await write();
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  };

  const queryAll = (pk: string, prefix: string, index?: string): Promise<Record<string, unknown>[]> =>
    queryPages(client, {
      TableName: tableName,
      ...(index
        ? { IndexName: index, KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': pk } }
        : { KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)', ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix }, ConsistentRead: true }),
    });

  return {
    async getProfile(agencyId) {
      const out = await client.send(new GetCommand({ TableName: tableName, Key: keys.profile(agencyId), ConsistentRead: true }));
      return out.Item && AgencyProfileSchema.parse(out.Item.profile);
    },
    async putProfile(profile, updatedAt) {
      await client.send(
        new PutCommand({ TableName: tableName, Item: { ...keys.profile(profile.agencyId), gsi1pk: keys.profilesIndex, gsi1sk: profile.agencyId, profile, updatedAt } }),
      );
    },
    async listProfiles() {
      return (await queryAll(keys.profilesIndex, '', 'gsi1')).map((item) => AgencyProfileSchema.parse(item.profile));
    },

    async putSection(agencyId, periodId, key, paragraphs, updatedAt) {
      await client.send(new PutCommand({ TableName: tableName, Item: { pk: periodPk(agencyId, periodId), sk: keys.sectionSk(key), paragraphs, updatedAt } }));
    },
    async listSections(agencyId, periodId) {
      const items = await queryAll(periodPk(agencyId, periodId), keys.sectionPrefix);
      return Object.fromEntries(items.map((item) => [String(item.sk).slice(keys.sectionPrefix.length), storedParagraphs.parse(item.paragraphs)]));
    },

    async latestVersion(agencyId, periodId) {
      const pk = periodPk(agencyId, periodId);
      const latest = await client.send(new GetCommand({ TableName: tableName, Key: { pk, sk: keys.latestReportSk }, ConsistentRead: true }));
      if (!latest.Item) return undefined;
      const out = await client.send(new GetCommand({ TableName: tableName, Key: { pk, sk: versionSk(latest.Item.version as number) }, ConsistentRead: true }));
      return out.Item && readReport(out.Item);
    },
    async getVersion(agencyId, periodId, version) {
      const out = await client.send(new GetCommand({ TableName: tableName, Key: { pk: periodPk(agencyId, periodId), sk: versionSk(version) }, ConsistentRead: true }));
      return out.Item && readReport(out.Item);
    },
    async transition(next, from) {
      // The history's length pins the version as it was read: of two clerks issuing at once, one writes.
      const update = {
        TableName: tableName,
        Key: { pk: periodPk(next.agencyId, next.periodId), sk: versionSk(next.version) },
        UpdateExpression: 'SET report = :next, recordVersion = :record',
        ConditionExpression: 'report.#state = :from AND size(report.history) = :length',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':next': next, ':record': REPORT_VERSION_RECORD, ':from': from, ':length': next.history.length - 1 },
      };
      const issued = next.state === 'issued' ? next.issued : undefined;
      if (!issued) return (await conditional(() => client.send(new UpdateCommand(update)))) ? 'done' : 'changed';
      const number = {
        ...keys.reportNumber(next.agencyId, numberYear(issued.issuedOn), issued.number),
        number: issued.number,
        periodId: next.periodId,
        version: next.version,
        issuedOn: issued.issuedOn,
      };
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [{ Update: update }, { Put: { TableName: tableName, Item: number, ConditionExpression: 'attribute_not_exists(pk)' } }],
          }),
        );
        return 'done';
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        // The version's own condition first: a concurrent issue of the same version is a state change, not a taken number.
        const [versionCheck, numberCheck] = error.CancellationReasons ?? [];
        if (versionCheck?.Code === 'ConditionalCheckFailed') return 'changed';
        if (numberCheck?.Code === 'ConditionalCheckFailed') return 'number_taken';
        throw error;
      }
    },
    async numberTaken(agencyId, year, number) {
      const out = await client.send(new GetCommand({ TableName: tableName, Key: keys.reportNumber(agencyId, year, number), ConsistentRead: true }));
      return out.Item !== undefined;
    },
    async listVersions(agencyId, periodId) {
      return (await queryAll(periodPk(agencyId, periodId), keys.versionPrefix)).map(readReport);
    },
    async addVersion(report) {
      const pk = periodPk(report.agencyId, report.periodId);
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: tableName, Item: { pk, sk: versionSk(report.version), report, recordVersion: REPORT_VERSION_RECORD }, ConditionExpression: 'attribute_not_exists(pk)' } },
              {
                Put: {
                  TableName: tableName,
                  Item: { pk, sk: keys.latestReportSk, version: report.version, inputHash: report.inputHash },
                  ConditionExpression: report.version === 1 ? 'attribute_not_exists(pk)' : 'version = :previous',
                  ...(report.version === 1 ? {} : { ExpressionAttributeValues: { ':previous': report.version - 1 } }),
                },
              },
            ],
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof TransactionCanceledException) return false;
        throw error;
      }
    },

    async listDeliveries(agencyId, periodId, version) {
      return (await queryAll(periodPk(agencyId, periodId), keys.deliveryPrefix(version))).map(readDelivery);
    },
    async getDelivery(agencyId, periodId, { version, recipientNo, channel }) {
      const out = await client.send(new GetCommand({ TableName: tableName, Key: { pk: periodPk(agencyId, periodId), sk: deliverySk(version, channel, recipientNo) }, ConsistentRead: true }));
      return out.Item && readDelivery(out.Item);
    },
    async addDelivery(agencyId, periodId, delivery) {
      const item = deliveryItem(agencyId, periodId, delivery);
      const { organId } = delivery.recipient;
      const documentId = delivery.channel === 'exchange' ? delivery.messageId : undefined;
      // The DocumentId and organ a status message names lead back here (written with the delivery, once).
      const lookup =
        documentId && organId
          ? [{ Put: { TableName: tableName, Item: { ...keys.exchangeDocument(documentId, organId), agencyId, periodId, version: delivery.version, recipientNo: delivery.recipient.no } } }]
          : [];
      try {
        await client.send(new TransactWriteCommand({ TransactItems: [{ Put: { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } }, ...lookup] }));
        return true;
      } catch (error) {
        if (error instanceof TransactionCanceledException) return false;
        throw error;
      }
    },
    async updateDelivery(agencyId, periodId, next, previous) {
      return conditional(() =>
        client.send(
          new PutCommand({
            TableName: tableName,
            Item: deliveryItem(agencyId, periodId, next),
            ConditionExpression: '#rev = :rev',
            ExpressionAttributeNames: { '#rev': 'rev' },
            ExpressionAttributeValues: { ':rev': revisionOf(previous) },
          }),
        ),
      );
    },
    async findByDocument(documentId, organId) {
      const out = await client.send(new GetCommand({ TableName: tableName, Key: keys.exchangeDocument(documentId, organId), ConsistentRead: true }));
      if (!out.Item) return undefined;
      const { agencyId, periodId, version, recipientNo } = out.Item;
      return { agencyId: String(agencyId), periodId: String(periodId), version: Number(version), recipientNo: Number(recipientNo), channel: 'exchange' };
    },
    async listFailedDeliveries() {
      return (await queryAll(keys.failedDeliveriesIndex, '', 'gsi1')).map((item) => {
        const delivery = readDelivery(item);
        return { agencyId: String(item.agencyId), periodId: String(item.periodId), version: delivery.version, recipientNo: delivery.recipient.no, channel: delivery.channel };
      });
    },

    async claimNotice(agencyId, periodId, noticeId, address, now) {
      return conditional(() =>
        client.send(
          new PutCommand({
            TableName: tableName,
            Item: { pk: periodPk(agencyId, periodId), sk: keys.noticeSk(noticeId, address), claimedAt: now },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
    },
    async releaseNotice(agencyId, periodId, noticeId, address) {
      await client.send(new DeleteCommand({ TableName: tableName, Key: { pk: periodPk(agencyId, periodId), sk: keys.noticeSk(noticeId, address) } }));
    },
  };
}
