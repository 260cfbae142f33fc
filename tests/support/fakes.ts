// In-memory fakes of the domain's ports (shared/domain/*-ports.ts), so the use cases run in unit
// tests without Java, S3 or SMTP. Each keeps the semantics the use cases rely on — the conditions
// the DynamoDB adapters put on their writes, S3's ETags — and says in one line which; anything
// more is left out. Stored values are copied in and out, as a database or a bucket would.
import { createHash } from 'node:crypto';
import { entityKey, mergeDeltas } from '#domain/apply.ts';
import { numberYear } from '#domain/report-workflow.ts';
import { isTransient } from '#adapters/dynamodb.ts';
import type { Upload, UploadRef } from '#domain/attachment.ts';
import type { CloseRunStore, CloseTask, CloseTaskRecord } from '#domain/close-run.ts';
import type { UploadObjects, UploadRecords } from '#domain/attachment-ports.ts';
import { addInto, counterKey, splitCounterKey, type Counters, type DossierMeasure } from '#domain/counters.ts';
import type { EventKey, EventQueue, ParkedEvent, ParkedEvents } from '#domain/event-ports.ts';
import type { DocumentExchange, OutgoingEnvelope } from '#domain/document-exchange.ts';
import type { FiguresStore, PlannedChange, StoredEntity } from '#domain/figures-ports.ts';
import type { AgencyProfile } from '#domain/profile.ts';
import type { DeliveryLog, LeaderDirectory, MailMessage, Mailer, NoticeLog, ProfileStore, ReportFiles, ReportVersionStore, SectionStore } from '#domain/report-ports.ts';
import type { Delivery, DeliveryTask } from '#domain/delivery.ts';
import type { ReportVersion } from '#domain/report-version.ts';
import { canonicalJson } from '#domain/report-version.ts';
import type { SectionKey } from '#domain/sections.ts';

const copy = <T>(value: T): T => structuredClone(value);
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

// ---- time ---------------------------------------------------------------------------------------

/** A clock that moves only when told; `sleep` records what was asked and moves the clock by it. */
export function fakeClock(start: string) {
  let at = Date.parse(start);
  const slept: number[] = [];
  return {
    now: () => new Date(at),
    set: (instant: string) => void (at = Date.parse(instant)),
    advance: (ms: number) => void (at += ms),
    sleep: async (ms: number) => {
      slept.push(ms);
      at += ms;
    },
    slept,
  };
}

// ---- figures ------------------------------------------------------------------------------------

interface CounterItem {
  values: Counters;
  names: Set<string>;
}

/**
 * FiguresStore: commits in chunks of `chunkSize`, each all or nothing on the versions read (the
 * record Put's condition), adding the chunk's merged deltas to counter items that keep zeros, as
 * ADD does; reads the month and year items of the ranges like the table's two queries, and the
 * agencies' totals of the buckets named as the total items add them up.
 */
export function memoryFiguresStore(chunkSize = 4) {
  const records = new Map<string, StoredEntity>();
  /** agency → `MONTH#<month>` / `YEAR#<year>` → field ('' for documents) → item */
  const counters = new Map<string, Map<string, Map<string, CounterItem>>>();
  const calls = { load: 0, commit: 0, read: 0 };

  const addCounters = (agencyId: string, kind: 'MONTH' | 'YEAR', buckets: Map<string, Counters>, fieldNames: Map<string, string>) => {
    const agency = counters.get(agencyId) ?? new Map<string, Map<string, CounterItem>>();
    counters.set(agencyId, agency);
    for (const [bucket, values] of buckets) {
      const items = agency.get(`${kind}#${bucket}`) ?? new Map<string, CounterItem>();
      agency.set(`${kind}#${bucket}`, items);
      for (const [key, n] of Object.entries(values)) {
        const { measure, field } = splitCounterKey(key);
        const item = items.get(field) ?? { values: {}, names: new Set<string>() };
        items.set(field, item);
        item.values[measure] = (item.values[measure] ?? 0) + n;
        const name = fieldNames.get(field);
        if (field !== '' && name !== undefined) item.names.add(name);
      }
    }
  };

  const store: FiguresStore = {
    async loadEntities(refs) {
      calls.load++;
      return new Map(refs.flatMap((ref) => (records.has(entityKey(ref)) ? [[entityKey(ref), copy(records.get(entityKey(ref))!)] as const] : [])));
    },
    async commit(changes) {
      calls.commit++;
      const conflicted: PlannedChange[] = [];
      for (let i = 0; i < changes.length; i += chunkSize) {
        const chunk = changes.slice(i, i + chunkSize);
        if (chunk.some((p) => (records.get(entityKey(p.change.after))?.version ?? 0) !== p.version)) {
          conflicted.push(...chunk);
          continue;
        }
        for (const p of chunk) records.set(entityKey(p.change.after), { record: copy(p.change.after), version: p.version + 1 });
        for (const delta of mergeDeltas(chunk.map((p) => p.change.delta))) {
          addCounters(delta.agencyId, 'MONTH', delta.months, delta.fieldNames);
          addCounters(delta.agencyId, 'YEAR', delta.years, delta.fieldNames);
        }
      }
      return { conflicted };
    },
    async readFigureItems(agencyId, ranges) {
      calls.read++;
      const months = new Map<string, Counters>();
      const years = new Map<string, Counters>();
      const namesSeen = new Map<string, Set<string>>();
      for (const [sk, items] of counters.get(agencyId) ?? []) {
        const [kind, bucket] = sk.split('#') as ['MONTH' | 'YEAR', string];
        const range = kind === 'MONTH' ? ranges.months : ranges.years;
        if (bucket < range.from || bucket > range.to) continue;
        const target = kind === 'MONTH' ? months : years;
        const bucketCounters = target.get(bucket) ?? {};
        target.set(bucket, bucketCounters);
        for (const [field, item] of items) {
          for (const [measure, n] of Object.entries(item.values)) bucketCounters[field === '' ? measure : counterKey(measure as DossierMeasure, field)] = n;
          for (const name of item.names) namesSeen.set(field, (namesSeen.get(field) ?? new Set()).add(name));
        }
      }
      const fieldNames = new Map([...namesSeen].map(([field, names]) => [field, [...names].sort()[0]!] as const));
      return { months, years, fieldNames };
    },
    async readAgencyTotals(agencyIds, buckets) {
      calls.read++;
      /** A bucket's items added up over their fields, as the table's total items hold them. */
      const total = (agencyId: string, sk: string) => {
        const sum: Counters = {};
        for (const item of counters.get(agencyId)?.get(sk)?.values() ?? []) addInto(sum, item.values);
        return sum;
      };
      const present = (entries: Array<[string, Counters]>) => new Map(entries.filter(([, c]) => Object.keys(c).length > 0));
      return new Map(
        agencyIds.map((agencyId) => [
          agencyId,
          {
            months: present(buckets.months.map((month) => [month, total(agencyId, `MONTH#${month}`)])),
            years: present(buckets.years.map((year) => [year, total(agencyId, `YEAR#${year}`)])),
            fieldNames: new Map(),
          },
        ]),
      );
    },
    // The faults the tests inject are DynamoDB's, classified as the table's store does.
    isTransient,
  };
  const storedIds = () => [...records.values()].flatMap((s) => s.record.facts.map((f) => f.id)).sort();
  return { store, calls, storedIds };
}

// ---- the report's stores ------------------------------------------------------------------------

/** LeaderDirectory over a fixed map, as the local directory. */
export const fixedLeaders = (byAgency: Record<string, string[]>): LeaderDirectory => ({ leaderEmails: async (agencyId) => [...(byAgency[agencyId] ?? [])] });

/** Called inside addVersion before its condition is checked: where a test lets another writer in. */
type BeforeAddVersion = (version: ReportVersion) => Promise<void> | void;

/**
 * ProfileStore, SectionStore, ReportVersionStore and DeliveryLog over one "table", like
 * dynamoReportStore: profiles listed by agency id; addVersion only as the next number after the
 * latest (false, nothing written, otherwise); transition only from the state and history length
 * read, and an issued version's number once per agency and year; a delivery added once per
 * version, recipient and channel, updated only while it is as read, listed by version, channel and recipient; a notice claimed once until released.
 */
export function memoryReportStore() {
  const profiles = new Map<string, AgencyProfile>();
  const sections = new Map<string, Partial<Record<SectionKey, string[]>>>();
  const versions = new Map<string, ReportVersion[]>();
  const deliveries = new Map<string, Map<string, Delivery>>();
  const notices = new Set<string>();
  /** agency#year#number of every issued version */
  const numbers = new Set<string>();
  const hooks: { beforeAddVersion?: BeforeAddVersion } = {};
  const periodKey = (agencyId: string, periodId: string) => `${agencyId}#${periodId}`;
  const deliveryKey = (d: { version: number; channel: string; recipientNo: number }) => `${String(d.version).padStart(4, '0')}#${d.channel}#${String(d.recipientNo).padStart(2, '0')}`;
  const keyOf = (d: Delivery) => deliveryKey({ version: d.version, channel: d.channel, recipientNo: d.recipient.no });
  /** DocumentId#organ → the exchange delivery */
  const documents = new Map<string, DeliveryTask>();
  const logOf = (agencyId: string, periodId: string) => {
    const log = deliveries.get(periodKey(agencyId, periodId)) ?? new Map<string, Delivery>();
    deliveries.set(periodKey(agencyId, periodId), log);
    return log;
  };

  const store: ProfileStore & SectionStore & ReportVersionStore & DeliveryLog & NoticeLog = {
    async getProfile(agencyId) {
      return copy(profiles.get(agencyId));
    },
    async putProfile(profile) {
      profiles.set(profile.agencyId, copy(profile));
    },
    async listProfiles() {
      return [...profiles.keys()].sort(compare).map((id) => copy(profiles.get(id)!));
    },

    async putSection(agencyId, periodId, key, paragraphs) {
      const period = sections.get(periodKey(agencyId, periodId)) ?? {};
      period[key] = [...paragraphs];
      sections.set(periodKey(agencyId, periodId), period);
    },
    async listSections(agencyId, periodId) {
      return copy(sections.get(periodKey(agencyId, periodId)) ?? {});
    },

    async latestVersion(agencyId, periodId) {
      return copy(versions.get(periodKey(agencyId, periodId))?.at(-1));
    },
    async listVersions(agencyId, periodId) {
      return copy(versions.get(periodKey(agencyId, periodId)) ?? []);
    },
    async getVersion(agencyId, periodId, version) {
      return copy(versions.get(periodKey(agencyId, periodId))?.[version - 1]);
    },
    async transition(next, from) {
      const list = versions.get(periodKey(next.agencyId, next.periodId)) ?? [];
      const current = list[next.version - 1];
      if (!current || current.state !== from || current.history.length !== next.history.length - 1) return 'changed' as const;
      if (next.state === 'issued' && next.issued) {
        const numberKey = `${next.agencyId}#${numberYear(next.issued.issuedOn)}#${next.issued.number}`;
        if (numbers.has(numberKey)) return 'number_taken' as const;
        numbers.add(numberKey);
      }
      list[next.version - 1] = copy(next);
      return 'done' as const;
    },
    async numberTaken(agencyId, year, number) {
      return numbers.has(`${agencyId}#${year}#${number}`);
    },
    async listFailedDeliveries() {
      return [...deliveries]
        .sort(([a], [b]) => compare(a, b))
        .flatMap(([period, log]) => {
          const [agencyId, periodId] = period.split('#') as [string, string];
          return [...log.keys()]
            .sort(compare)
            .map((key) => log.get(key)!)
            .filter((d) => d.state === 'failed')
            .map((d): DeliveryTask => ({ agencyId, periodId, version: d.version, recipientNo: d.recipient.no, channel: d.channel }));
        });
    },
    async claimNotice(agencyId, periodId, noticeId, address) {
      const key = `${periodKey(agencyId, periodId)}#${noticeId}#${address}`;
      if (notices.has(key)) return false;
      notices.add(key);
      return true;
    },
    async releaseNotice(agencyId, periodId, noticeId, address) {
      notices.delete(`${periodKey(agencyId, periodId)}#${noticeId}#${address}`);
    },
    async addVersion(report) {
      await hooks.beforeAddVersion?.(copy(report));
      const list = versions.get(periodKey(report.agencyId, report.periodId)) ?? [];
      if (report.version !== list.length + 1) return false;
      versions.set(periodKey(report.agencyId, report.periodId), [...list, copy(report)]);
      return true;
    },

    async listDeliveries(agencyId, periodId, version) {
      const log = deliveries.get(periodKey(agencyId, periodId)) ?? new Map<string, Delivery>();
      return [...log.keys()]
        .sort(compare)
        .map((key) => copy(log.get(key)!))
        .filter((d) => version === undefined || d.version === version);
    },
    async getDelivery(agencyId, periodId, key) {
      return copy(logOf(agencyId, periodId).get(deliveryKey(key)));
    },
    async addDelivery(agencyId, periodId, delivery) {
      const log = logOf(agencyId, periodId);
      if (log.has(keyOf(delivery))) return false;
      log.set(keyOf(delivery), copy(delivery));
      if (delivery.channel === 'exchange' && delivery.messageId && delivery.recipient.organId) {
        documents.set(`${delivery.messageId}#${delivery.recipient.organId}`, { agencyId, periodId, version: delivery.version, recipientNo: delivery.recipient.no, channel: 'exchange' });
      }
      return true;
    },
    async updateDelivery(agencyId, periodId, next, previous) {
      const log = logOf(agencyId, periodId);
      const current = log.get(keyOf(next));
      if (!current || canonicalJson(current) !== canonicalJson(previous)) return false;
      log.set(keyOf(next), copy(next));
      return true;
    },
    async findByDocument(documentId, organId) {
      return copy(documents.get(`${documentId}#${organId}`));
    },
  };
  return { store, hooks };
}

/** ReportFiles: a bucket of objects with their content type and metadata; get of a missing key throws like S3's NoSuchKey. */
export function memoryReportFiles() {
  const objects = new Map<string, { body: Uint8Array; contentType: string; metadata: Record<string, string> }>();
  const calls = { put: 0, get: 0 };
  const files: ReportFiles = {
    async put(key, body, contentType, metadata) {
      calls.put++;
      objects.set(key, { body: body.slice(), contentType, metadata: { ...metadata } });
    },
    async get(key) {
      calls.get++;
      const object = objects.get(key);
      if (!object) throw Object.assign(new Error(`The specified key does not exist: ${key}`), { name: 'NoSuchKey' });
      return object.body.slice();
    },
    async downloadUrl(key, fileName, expiresInSeconds) {
      return `memory://reports/${key}?filename=${encodeURIComponent(fileName)}&expires=${expiresInSeconds}`;
    },
  };
  return { files, objects, calls };
}

/**
 * Mailer: records every message it takes, with a message id; `failNext(address, n)` refuses the
 * next n sends to that address (any address when omitted) with the error a provider gives.
 */
export function recordingMailer() {
  const sent: Array<MailMessage & { messageId: string }> = [];
  const tries: Array<{ to: string; ok: boolean }> = [];
  const failures = new Map<string | undefined, number>();
  const mailer: Mailer = {
    async send(original) {
      // A mail to several addresses of one recipient is recorded under them joined, as its To header shows them.
      const message = { ...original, to: [original.to].flat().join(', ') };
      for (const who of [message.to, undefined]) {
        const left = failures.get(who) ?? 0;
        if (left > 0) {
          failures.set(who, left - 1);
          tries.push({ to: message.to, ok: false });
          throw Object.assign(new Error(`451 4.3.0 Temporary failure for ${message.to}`), { responseCode: 451 });
        }
      }
      const messageId = `<${sent.length + 1}@memory.mailer>`;
      sent.push({ ...message, attachments: message.attachments.map((a) => ({ ...a, content: a.content.slice() })), messageId });
      tries.push({ to: message.to, ok: true });
      return messageId;
    },
  };
  return {
    mailer,
    sent,
    tries,
    failNext(n: number, address?: string) {
      failures.set(address?.toLowerCase(), n);
    },
  };
}

// ---- attachments --------------------------------------------------------------------------------

const etagOf = (bytes: Uint8Array) => `"${createHash('md5').update(bytes).digest('hex')}"`;
const preconditionFailed = (key: string) => Object.assign(new Error(`At least one of the pre-conditions you specified did not hold: ${key}`), { name: 'PreconditionFailed' });

/**
 * UploadObjects: a bucket where each object has S3's single-part ETag (quoted MD5); reads and
 * copies of a version (`etag`) that is not the current one fail as IfMatch does; delete is idempotent.
 */
export function memoryUploadObjects() {
  const objects = new Map<string, { bytes: Uint8Array; etag: string; modifiedAt: number }>();
  const calls = { read: 0, readBytes: 0, copy: 0 };
  const current = (key: string, etag: string) => {
    const object = objects.get(key);
    if (!object) throw Object.assign(new Error(`The specified key does not exist: ${key}`), { name: 'NoSuchKey' });
    if (object.etag !== etag) throw preconditionFailed(key);
    return object;
  };
  const uploads: UploadObjects = {
    async presignUpload({ key, contentType, size, expiresInSeconds }) {
      return { url: 'memory://uploads', fields: { key, 'Content-Type': contentType, 'content-length-range': `${size},${size}`, expires: String(expiresInSeconds) } };
    },
    async head(key) {
      const object = objects.get(key);
      return object && { size: object.bytes.length, etag: object.etag };
    },
    async read(key, etag, range) {
      const { bytes } = current(key, etag);
      const out = range ? bytes.slice(range.start, range.end) : bytes.slice();
      calls.read++;
      calls.readBytes += out.length;
      return out;
    },
    async sha256(key, etag) {
      return createHash('sha256').update(current(key, etag).bytes).digest('hex');
    },
    async copy(from, to, etag) {
      calls.copy++;
      const { bytes } = current(from, etag);
      objects.set(to, { bytes: bytes.slice(), etag: etagOf(bytes), modifiedAt: Date.now() });
    },
    async delete(key) {
      objects.delete(key);
    },
    async listIncoming(before) {
      return [...objects].filter(([key, o]) => key.startsWith('incoming/') && o.modifiedAt < before.getTime()).map(([key]) => key).sort(compare);
    },
  };
  return {
    objects: uploads,
    calls,
    /** What a browser's POST to the presigned form does: puts the bytes at the key (`at`: when, default now). */
    put(key: string, bytes: Uint8Array, at = new Date()) {
      objects.set(key, { bytes: bytes.slice(), etag: etagOf(bytes), modifiedAt: at.getTime() });
    },
    bytes: (key: string) => objects.get(key)?.bytes.slice(),
    keys: () => [...objects.keys()].sort(compare),
  };
}

/**
 * UploadRecords: create only when absent; accept and reject only move a pending upload (false
 * otherwise); the first acceptance of a content (per agency, by SHA-256) claims it and later
 * ones are accepted with `duplicateOf` it; a period's uploads listed by upload id.
 */
export function memoryUploadRecords() {
  const uploads = new Map<string, Upload>();
  const contents = new Map<string, string>();
  const keyOf = ({ agencyId, uploadId }: UploadRef) => `${agencyId}#${uploadId}`;
  const records: UploadRecords = {
    async create(upload) {
      if (uploads.has(keyOf(upload))) throw Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' });
      uploads.set(keyOf(upload), copy(upload));
    },
    async get(ref) {
      return copy(uploads.get(keyOf(ref)));
    },
    async listByPeriod(agencyId, periodId) {
      return [...uploads.values()]
        .filter((u) => u.agencyId === agencyId && u.document?.periodId === periodId)
        .sort((a, b) => compare(a.uploadId, b.uploadId))
        .map(copy);
    },
    async accept(upload, { sha256, size, at }) {
      const current = uploads.get(keyOf(upload));
      if (current?.state !== 'pending') return false;
      const hash = `${upload.agencyId}#${sha256}`;
      const first = contents.get(hash);
      if (first === undefined) contents.set(hash, upload.uploadId);
      uploads.set(keyOf(upload), { ...current, state: 'accepted', sha256, size, acceptedAt: at, ...(first === undefined ? {} : { duplicateOf: first }) });
      return true;
    },
    async reject(ref, { reasonCode, reason, at }) {
      const current = uploads.get(keyOf(ref));
      if (current?.state !== 'pending') return false;
      uploads.set(keyOf(ref), { ...current, state: 'rejected', reasonCode, reason, rejectedAt: at });
      return true;
    },
  };
  return { records, all: () => [...uploads.values()].map(copy) };
}

// ---- events -------------------------------------------------------------------------------------

/**
 * EventQueue: records each send as one batch of bodies; `failNext(n)` refuses the next n sends
 * whole, as the SQS adapter does once its retries are spent.
 */
export function recordingQueue() {
  const batches: string[][] = [];
  let failures = 0;
  const queue: EventQueue = {
    async send(bodies) {
      if (failures > 0) {
        failures--;
        throw new Error(`SQS refused ${bodies.length} message(s): ServiceUnavailable`);
      }
      batches.push([...bodies]);
    },
  };
  return {
    queue,
    batches,
    bodies: () => batches.flat(),
    failNext(n: number) {
      failures = n;
    },
  };
}

/**
 * DocumentExchange (the province's gateway has no local equivalent in unit tests): records every
 * envelope; answers 01, or 02 for the refusing organ code of the stand-in (CONTRACT §10);
 * `failNext(n)` makes the next n sends fail as a transport error.
 */
export function memoryExchange(now: () => Date) {
  const sent: OutgoingEnvelope[] = [];
  let failures = 0;
  const exchange: DocumentExchange = {
    async send(envelope) {
      if (failures > 0) {
        failures--;
        throw new Error('connect ECONNREFUSED (the exchange is unreachable)');
      }
      sent.push(envelope);
      const refused = envelope.to === REFUSING_ORGAN;
      return {
        documentId: envelope.documentId,
        organId: envelope.to,
        code: refused ? '02' : '01',
        at: now().toISOString(),
        ...(refused ? { description: 'Đơn vị nhận không tồn tại trên trục liên thông' } : {}),
      };
    },
  };
  return {
    exchange,
    sent,
    failNext(n: number) {
      failures = n;
    },
  };
}

/** The organ code the stand-in exchange refuses (CONTRACT §10). */
export const REFUSING_ORGAN = '000.00.00.X99';

/**
 * ParkedEvents: one item per (agency, event id); parking again keeps the first parkedAt and
 * firstFailedAt and sums the attempts; failedAgain changes nothing once released; lists oldest first.
 */
export function memoryParkedEvents() {
  const items = new Map<string, ParkedEvent & { messageId: string }>();
  const keyOf = ({ agencyId, id }: EventKey) => `${agencyId}#${id}`;
  const oldestFirst = (a: ParkedEvent, b: ParkedEvent) => compare(a.parkedAt, b.parkedAt) || compare(a.event.agencyId, b.event.agencyId) || compare(a.event.id, b.event.id);
  const out = ({ messageId: _, ...item }: ParkedEvent & { messageId: string }): ParkedEvent => copy(item);
  const parked: ParkedEvents = {
    async park({ event, reason, attempts, firstFailedAt, failedAt, messageId }) {
      const before = items.get(keyOf(event));
      items.set(keyOf(event), {
        event: copy(event),
        reason,
        parkedAt: before?.parkedAt ?? failedAt,
        firstFailedAt: before?.firstFailedAt ?? firstFailedAt,
        lastFailedAt: failedAt,
        attempts: (before?.attempts ?? 0) + attempts,
        messageId,
      });
    },
    async listAgency(agencyId) {
      return [...items.values()].filter((p) => p.event.agencyId === agencyId).sort(oldestFirst).map(out);
    },
    async listAll() {
      return [...items.values()].sort(oldestFirst).map(out);
    },
    async failedAgain(event, reason, failedAt) {
      const item = items.get(keyOf(event));
      if (item) items.set(keyOf(event), { ...item, reason, lastFailedAt: failedAt, attempts: item.attempts + 1 });
    },
    async release(event) {
      items.delete(keyOf(event));
    },
  };
  return { parked };
}

// ---- close runs ---------------------------------------------------------------------------------

/** CloseRunStore: one record per task, each change all at once; claim's conditions as the DynamoDB adapter's. */
export function memoryCloseRuns() {
  const tasks = new Map<string, CloseTaskRecord & { claimedAt?: string }>();
  const keyOf = (t: CloseTask) => `${t.runId}#${t.agencyId}#${t.periodId}`;
  const update = (task: CloseTask, change: Partial<CloseTaskRecord>, at: string) => {
    const current = tasks.get(keyOf(task)) ?? { ...task, state: 'queued' as const, attempts: 0, updatedAt: at };
    tasks.set(keyOf(task), { ...current, ...change, updatedAt: at });
  };
  const listRun = async (runId: string) =>
    [...tasks.values()].filter((t) => t.runId === runId).map(({ claimedAt: _claimedAt, ...record }) => copy(record));
  const store: CloseRunStore = {
    async openRun(runId, list, at) {
      for (const t of list) if (!tasks.has(keyOf({ runId, ...t }))) update({ runId, ...t }, {}, at);
      return listRun(runId);
    },
    async claim(task, at, staleMs) {
      const current = tasks.get(keyOf(task));
      if (current?.state === 'rendered') return 'done';
      if (current?.state === 'rendering' && Date.parse(current.claimedAt!) >= Date.parse(at) - staleMs) return 'busy';
      tasks.set(keyOf(task), { ...(current ?? { ...task, attempts: 0 }), state: 'rendering', attempts: (current?.attempts ?? 0) + 1, claimedAt: at, updatedAt: at });
      return 'claimed';
    },
    async rendered(task, outcome, at) {
      const { error: _error, ...rest } = tasks.get(keyOf(task))!;
      tasks.set(keyOf(task), { ...rest, state: 'rendered', outcome: copy(outcome), updatedAt: at });
    },
    async failed(task, error, parked, at) {
      update(task, { state: parked ? 'parked' : 'failed', error }, at);
    },
    listRun,
  };
  return { store, tasks };
}
