// The upload check over in-memory fakes of the bucket and the records (tests/support/fakes.ts)
// with the real content inspection: what ends up in attachments/ and quarantine/, the state and
// reason of each upload, and that a second delivery of the same S3 event changes nothing.
import { createHash } from 'node:crypto';
import type { S3Event } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { PDF, uploadIdFrom, type AttachmentContentType } from '#domain/attachment.ts';
import { detectType, summarizeZip } from '#adapters/uploads-content.ts';
import { checkUpload, type UploadCheckPorts } from '#app/upload-check.ts';
import { uploadCheckEdge } from '#functions/upload-check/upload-check-edge.ts';
import { requestUpload } from '#functions/uploads/uploads.ts';
import { fakeClock, memoryUploadObjects, memoryUploadRecords } from '../support/fakes.ts';
import { exeBytes, pdfBytes, sampleDocument } from './attachment-fixtures.ts';

const AGENCY = 'SKHCN';
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
let pdf: Uint8Array;
beforeAll(async () => {
  pdf = await pdfBytes();
});

function world() {
  const bucket = memoryUploadObjects();
  const { records, all } = memoryUploadRecords();
  const clock = fakeClock('2023-06-10T03:00:00.000Z');
  const logged: Array<Record<string, unknown>> = [];
  let serial = 0;
  const ports: UploadCheckPorts = { objects: bucket.objects, records, content: { detectType, summarizeZip }, now: clock.now, log: (entry) => logged.push(entry) };
  /** Asks for an upload as staff do, then puts `bytes` where the presigned POST would. */
  async function upload(bytes: Uint8Array, request: { fileName?: string; contentType?: AttachmentContentType; size?: number } = {}) {
    const ticket = await requestUpload(
      { objects: bucket.objects, records, now: clock.now, newUploadId: (now) => uploadIdFrom(now.getTime(), new Uint8Array(10).fill(++serial)) },
      AGENCY,
      { fileName: request.fileName ?? 'ke-hoach-cchc-2023.pdf', contentType: request.contentType ?? PDF, size: request.size ?? bytes.length, document: sampleDocument },
    );
    const key = `incoming/${AGENCY}/${ticket.uploadId}`;
    bucket.put(key, bytes);
    return { uploadId: ticket.uploadId, key };
  }
  const record = async (uploadId: string) => (await records.get({ agencyId: AGENCY, uploadId }))!;
  /** Everything stored, to compare before and after a run that must change nothing. */
  const snapshot = () => ({ keys: bucket.keys(), bytes: bucket.keys().map((k) => sha256(bucket.bytes(k)!)), records: all() });
  return { ports, bucket, records, record, upload, snapshot, logged, clock };
}

describe('checkUpload', () => {
  it('accepts a PDF that is what it says: filed under attachments/ with its SHA-256, incoming/ emptied', async () => {
    const w = world();
    const bytes = pdf;
    const { uploadId, key } = await w.upload(bytes);
    expect(await w.record(uploadId)).toMatchObject({ state: 'pending' });

    expect(await checkUpload(w.ports, key)).toBe('accepted');
    expect(await w.record(uploadId)).toMatchObject({ state: 'accepted', sha256: sha256(bytes), size: bytes.length, acceptedAt: '2023-06-10T03:00:00.000Z' });
    expect((await w.record(uploadId)).duplicateOf).toBeUndefined();
    const filed = `attachments/${AGENCY}/${uploadId}/ke-hoach-cchc-2023.pdf`;
    expect(w.bucket.keys()).toEqual([filed]);
    expect(sha256(w.bucket.bytes(filed)!)).toBe(sha256(bytes));
    // a PDF's type shows in its first bytes: only those were read
    expect(w.bucket.calls.readBytes).toBeLessThanOrEqual(4100);
  });

  it('rejects an executable named .pdf, says why, and keeps it in quarantine/ only', async () => {
    const w = world();
    const bytes = exeBytes();
    const { uploadId, key } = await w.upload(bytes, { fileName: 'ke-hoach.pdf' });

    expect(await checkUpload(w.ports, key)).toBe('rejected');
    const rejected = await w.record(uploadId);
    expect(rejected).toMatchObject({ state: 'rejected', reasonCode: 'unsupported_type', rejectedAt: '2023-06-10T03:00:00.000Z' });
    expect(rejected.reason).toBe('Nội dung tệp không phải PDF, DOCX, ODT, JPEG hay PNG (nhận ra: application/x-msdownload). Hãy tải lên văn bản ở một trong các định dạng này.');
    expect(rejected.sha256).toBeUndefined();
    expect(w.bucket.keys()).toEqual([`quarantine/${AGENCY}/${uploadId}`]);
    expect(w.bucket.bytes(`quarantine/${AGENCY}/${uploadId}`)).toEqual(bytes);
  });

  it('rejects an object of another size than declared without reading it', async () => {
    const w = world();
    const bytes = pdf;
    const { uploadId, key } = await w.upload(bytes, { size: bytes.length + 1 });

    expect(await checkUpload(w.ports, key)).toBe('rejected');
    expect(await w.record(uploadId)).toMatchObject({ state: 'rejected', reasonCode: 'size_mismatch' });
    expect((await w.record(uploadId)).reason).toContain(`khác với ${new Intl.NumberFormat('vi-VN').format(bytes.length + 1)} byte đã khai báo`);
    expect(w.bucket.calls.read).toBe(0);
    expect(w.bucket.keys()).toEqual([`quarantine/${AGENCY}/${uploadId}`]);
  });

  it('quarantines an object no upload was asked for, and records nothing', async () => {
    const w = world();
    const stray = `incoming/${AGENCY}/${uploadIdFrom(Date.parse('2023-06-10T03:00:00Z'), new Uint8Array(10).fill(200))}`;
    const bytes = pdf;
    w.bucket.put(stray, bytes);

    expect(await checkUpload(w.ports, stray)).toBe('unknown');
    expect(w.bucket.keys()).toEqual([stray.replace('incoming/', 'quarantine/')]);
    expect(w.bucket.bytes(stray.replace('incoming/', 'quarantine/'))).toEqual(bytes);
    expect(w.snapshot().records).toEqual([]);
  });

  it('removes a second object posted to a decided upload and keeps the decision and the filed attachment', async () => {
    const w = world();
    const bytes = pdf;
    const { uploadId, key } = await w.upload(bytes);
    await checkUpload(w.ports, key);
    const decided = await w.record(uploadId);
    // the form is posted again with other content (the presigned POST is still valid)
    w.bucket.put(key, exeBytes());

    expect(await checkUpload(w.ports, key)).toBe('already-decided');
    expect(await w.record(uploadId)).toEqual(decided);
    expect(w.bucket.keys()).toEqual([`attachments/${AGENCY}/${uploadId}/ke-hoach-cchc-2023.pdf`]);
    expect(sha256(w.bucket.bytes(w.bucket.keys()[0]!)!)).toBe(sha256(bytes));
  });

  it('does nothing when the same event comes again', async () => {
    const w = world();
    const accepted = await w.upload(pdf);
    const rejected = await w.upload(exeBytes(), { fileName: 'virus.pdf' });
    await checkUpload(w.ports, accepted.key);
    await checkUpload(w.ports, rejected.key);
    const before = w.snapshot();

    expect(await checkUpload(w.ports, accepted.key)).toBe('gone');
    expect(await checkUpload(w.ports, rejected.key)).toBe('gone');
    expect(w.snapshot()).toEqual(before);
  });

  it('flags the second upload of the same content as a duplicate of the first', async () => {
    const w = world();
    const bytes = pdf;
    const first = await w.upload(bytes);
    const second = await w.upload(bytes, { fileName: 'ban-sao.pdf' });
    expect(await checkUpload(w.ports, first.key)).toBe('accepted');
    expect(await checkUpload(w.ports, second.key)).toBe('accepted');
    expect(await w.record(second.uploadId)).toMatchObject({ state: 'accepted', sha256: sha256(bytes), duplicateOf: first.uploadId });
    expect((await w.record(first.uploadId)).duplicateOf).toBeUndefined();
  });

  it('removes its copy from attachments/ when another delivery decided the upload otherwise meanwhile', async () => {
    const w = world();
    const { uploadId, key } = await w.upload(pdf);
    // another delivery of the event rejects the upload between this run's copy and its acceptance
    const racing = { ...w.records, accept: async (...args: Parameters<typeof w.records.accept>) => {
      await w.records.reject({ agencyId: AGENCY, uploadId }, { reasonCode: 'type_mismatch', reason: 'decided elsewhere', at: '2023-06-10T03:00:00.000Z' });
      return w.records.accept(...args);
    } };
    expect(await checkUpload({ ...w.ports, records: racing }, key)).toBe('already-decided');
    expect(await w.record(uploadId)).toMatchObject({ state: 'rejected', reason: 'decided elsewhere' });
    expect(w.bucket.keys()).toEqual([]);
  });

  it('keeps the attachment when another delivery accepted the same content meanwhile', async () => {
    const w = world();
    const { uploadId, key } = await w.upload(pdf);
    const racing = { ...w.records, accept: async (...args: Parameters<typeof w.records.accept>) => (await w.records.accept(...args)) && false };
    expect(await checkUpload({ ...w.ports, records: racing }, key)).toBe('already-decided');
    expect(await w.record(uploadId)).toMatchObject({ state: 'accepted', sha256: sha256(pdf) });
    expect(w.bucket.keys()).toEqual([`attachments/${AGENCY}/${uploadId}/ke-hoach-cchc-2023.pdf`]);
  });

  it('fails, deciding nothing, when the object is replaced while it is checked; the retry checks what is there then', async () => {
    const w = world();
    const { uploadId, key } = await w.upload(pdf);
    const exe = exeBytes();
    // a second POST of the form lands between the check's HEAD and its read: the read names the old ETag
    const replacing = { ...w.bucket.objects, read: async (...args: Parameters<typeof w.bucket.objects.read>) => (w.bucket.put(key, exe), w.bucket.objects.read(...args)) };
    await expect(checkUpload({ ...w.ports, objects: replacing }, key)).rejects.toMatchObject({ name: 'PreconditionFailed' });
    expect(await w.record(uploadId)).toMatchObject({ state: 'pending' });
    expect(w.bucket.keys()).toEqual([key]);

    expect(await checkUpload(w.ports, key)).toBe('rejected');
    expect(await w.record(uploadId)).toMatchObject({ state: 'rejected', reasonCode: 'size_mismatch' });
  });

  it('leaves any other key alone', async () => {
    const w = world();
    w.bucket.put('attachments/SKHCN/x/ke-hoach.pdf', exeBytes());
    expect(await checkUpload(w.ports, 'attachments/SKHCN/x/ke-hoach.pdf')).toBe('ignored');
    expect(await checkUpload(w.ports, 'incoming/SKHCN/not-an-upload-id')).toBe('ignored');
    expect(w.bucket.keys()).toEqual(['attachments/SKHCN/x/ke-hoach.pdf']);
  });
});

describe('uploadCheckEdge', () => {
  const notification = (eventName: string, key: string): S3Event =>
    ({ Records: [{ eventName, s3: { bucket: { name: 'uploads' }, object: { key: encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+') } } }] }) as unknown as S3Event;

  it('checks each ObjectCreated record, with the key decoded, and skips other events', async () => {
    const w = world();
    const { uploadId, key } = await w.upload(pdf);
    await uploadCheckEdge(w.ports)(notification('ObjectRemoved:Delete', key));
    expect((await w.record(uploadId)).state).toBe('pending');
    await uploadCheckEdge(w.ports)(notification('ObjectCreated:Post', key));
    expect((await w.record(uploadId)).state).toBe('accepted');
  });

  it('throws when a step fails, so S3 invokes it again, and the retry finishes the job', async () => {
    const w = world();
    const { uploadId, key } = await w.upload(pdf);
    const failing = { ...w.ports, records: { ...w.records, accept: async () => Promise.reject(new Error('ProvisionedThroughputExceededException')) } };
    await expect(uploadCheckEdge(failing)(notification('ObjectCreated:Post', key))).rejects.toThrow('ProvisionedThroughputExceededException');
    expect((await w.record(uploadId)).state).toBe('pending');
    expect(w.bucket.keys()).toContain(key);

    await uploadCheckEdge(w.ports)(notification('ObjectCreated:Post', key));
    expect((await w.record(uploadId)).state).toBe('accepted');
    expect(w.bucket.keys()).toEqual([`attachments/${AGENCY}/${uploadId}/ke-hoach-cchc-2023.pdf`]);
  });
});
