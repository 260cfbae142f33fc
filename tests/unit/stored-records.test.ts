// Stored records are parsed on read by the schema of the version they were written in: an item as
// the store has written it so far (no recordVersion: version 1) reads back as it was; a record of an
// unknown version, or one its schema refuses, is an error naming it, never a cast guess.
import { describe, expect, it } from 'vitest';
import { Invalid } from '#domain/errors.ts';
import type { Delivery } from '#domain/delivery.ts';
import type { ReportVersion } from '#domain/report-version.ts';
import type { CloseTaskRecord } from '#domain/close-run.ts';
import type { Upload } from '#domain/attachment.ts';
import { readStored, STORED_RECORDS } from '#adapters/stored-records.ts';

const file = (key: string) => ({ key, sha256: 'a'.repeat(64), size: 1234 });
const report: ReportVersion = {
  agencyId: 'SKHCN', periodId: '2023-H1', version: 2, inputHash: 'i', figuresHash: 'f', provisional: false, amendment: true,
  issuedOn: '2023-06-15', title: 'Báo cáo công tác cải cách hành chính 6 tháng đầu năm 2023', files: { docx: file('d.docx'), pdf: file('d.pdf') },
  createdAt: '2023-06-15T01:00:00.000Z', trigger: 'staff', state: 'issued',
  history: [{ state: 'draft', at: '2023-06-15T01:00:00.000Z', by: 'u1' }, { state: 'returned', at: '2023-06-15T02:00:00.000Z', by: 'u2', comment: 'Sửa số liệu' }, { state: 'issued', at: '2023-06-16T02:00:00.000Z', by: 'u2' }],
  issued: { number: '1015/BC-SKHCN', signerName: 'Nguyễn Văn A', issuedOn: '2023-06-16', files: { docx: file('i.docx'), pdf: file('i.pdf') } },
};
/** A delivery as version 1 wrote it: one e-mail address, mailed inside the issue call. */
const deliveryV1 = { version: 2, address: 'vanthu@ubnd.example.vn', recipient: 'UBND tỉnh', status: 'failed', attempts: 3, lastError: '451 try later', updatedAt: '2023-06-16T03:00:00.000Z' };
const delivery: Delivery = {
  version: 2,
  channel: 'exchange',
  recipient: { no: 1, line: 'UBND tỉnh (báo cáo)', name: 'Ủy ban nhân dân tỉnh Quảng Ngãi', organId: '000.00.00.H48', emails: ['vanthu@ubnd.example.vn'], editableCopy: false },
  state: 'done',
  at: '2023-06-16T03:00:00.000Z',
  attempts: 1,
  messageId: '000.00.12.H48,2023/06/16,1015/BC-SKHCN',
  statuses: [{ code: '01', at: '2023-06-16T03:00:00.000Z' }, { code: '06', at: '2023-06-16T04:00:00.000Z' }],
};
const upload: Upload = {
  agencyId: 'SKHCN', uploadId: '01H2XK0000ABCDEFGHJKMNPQRS', state: 'accepted', fileName: 'ke-hoach-2170.pdf', contentType: 'application/pdf', declaredSize: 1234,
  document: { kind: 'KH', number: '2170/KH-SKHCN', issuedOn: '2022-12-30', issuer: 'Giám đốc Sở Khoa học và Công nghệ', subject: 'Kế hoạch cải cách hành chính năm 2023', reformArea: 'direction', periodId: '2023-H1' },
  createdAt: '2023-01-05T01:00:00.000Z', uploadExpiresAt: '2023-01-05T01:15:00.000Z', size: 1234, sha256: 'b'.repeat(64), acceptedAt: '2023-01-05T01:01:00.000Z',
};
/** An upload item as the table holds it: the record beside its keys, index keys and TTL. */
const uploadItem = (record: object, recordVersion?: number) => ({
  pk: 'AGENCY#SKHCN#UPLOAD#01H2XK0000ABCDEFGHJKMNPQRS', sk: 'UPLOAD', gsi1pk: 'AGENCY#SKHCN#PERIOD#2023-H1#UPLOADS', gsi1sk: '01H2XK0000ABCDEFGHJKMNPQRS', type: 'upload',
  ...record,
  ...(recordVersion === undefined ? {} : { recordVersion }),
});
const readUpload = (item: Record<string, unknown>) => readStored(STORED_RECORDS.upload, item, (i) => i);
const task: CloseTaskRecord = { runId: '2023-06-15T00:00:00.000Z', agencyId: 'SKHCN', periodId: '2023-H1', state: 'rendered', attempts: 1, outcome: { version: 1, created: true, notified: 2, failed: 0 }, updatedAt: '2023-06-15T00:01:00.000Z' };

describe('stored records', () => {
  it('reads version 1 items, written before records carried a version, as they were stored', () => {
    const pk = 'AGENCY#SKHCN#PERIOD#2023-H1';
    expect(readStored(STORED_RECORDS.reportVersion, { pk, sk: 'REPORT#V#0002', report }, (i) => i.report)).toEqual(report);
    // a version 1 delivery reads as the recipient's e-mail delivery, its position unknown (0)
    expect(readStored(STORED_RECORDS.delivery, { pk, sk: 'DELIVERY#0002#vanthu@ubnd.example.vn', delivery: deliveryV1 }, (i) => i.delivery)).toEqual({
      version: 2,
      channel: 'email',
      recipient: { no: 0, line: 'UBND tỉnh', name: 'UBND tỉnh', emails: ['vanthu@ubnd.example.vn'], editableCopy: false },
      state: 'failed',
      at: '2023-06-16T03:00:00.000Z',
      attempts: 3,
      detail: '451 try later',
    });
    expect(readStored(STORED_RECORDS.delivery, { pk, sk: 'DELIVERY#V#0002#exchange#01', delivery, recordVersion: 2 }, (i) => i.delivery)).toEqual(delivery);
    expect(readStored(STORED_RECORDS.closeTask, { pk: 'CLOSE#x', sk: 'TASK#SKHCN#2023-H1', ...task }, () => task)).toEqual(task);
    expect(readStored(STORED_RECORDS.reportVersion, { pk, sk: 'REPORT#V#0002', report, recordVersion: 1 }, (i) => i.report)).toEqual(report);
  });

  it('reads version 2 items, with the leader\'s signature and the missing citations (#19)', () => {
    const rect = { page: 1, x: 300, y: 200, width: 150, height: 60 };
    const signed: ReportVersion = {
      ...report,
      state: 'signed',
      issued: undefined,
      missingCitations: [{ sectionKey: 'direction', number: '1/X' }],
      signed: { signer: { userId: 'u3', name: 'Trần Quốc Bảo', title: 'KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC' }, signedAt: '2023-06-16T01:00:00.000Z', pdf: file('s.pdf'), slots: { number: rect, day: rect, month: rect, year: rect, signature: rect, fontSize: 13 } },
    };
    delete signed.issued;
    expect(readStored(STORED_RECORDS.reportVersion, { pk: 'P', sk: 'S', report: signed, recordVersion: 2 }, (i) => i.report)).toEqual(signed);
    // read as version 1, the fields version 2 added are not there
    expect(readStored(STORED_RECORDS.reportVersion, { pk: 'P', sk: 'S', report: signed }, (i) => i.report)).not.toHaveProperty('signed');
  });

  it('reads an upload of version 1, written before signing images (#19), as the current shape, without the keys', () => {
    expect(readUpload(uploadItem(upload))).toEqual(upload);
    expect(readUpload(uploadItem(upload, 1))).toEqual(upload);
  });

  it('reads an upload of version 2: a cited document, or a signing image with no document', () => {
    const { document: _, ...rest } = upload;
    const seal: Upload = { ...rest, fileName: 'con-dau.png', contentType: 'image/png', image: { kind: 'seal-image' } };
    expect(readUpload(uploadItem(seal, 2))).toEqual(seal);
    expect(readUpload(uploadItem(upload, 2))).toEqual(upload);
    // a version 1 record always names its document: an image without one is not a version 1 upload
    expect(() => readUpload(uploadItem(seal))).toThrow(Invalid);
  });

  it('refuses an upload its schema does not describe, naming the field', () => {
    const broken = { ...upload, state: 'scanned', document: { ...upload.document, reformArea: 'weather' } };
    let thrown: unknown;
    try {
      readUpload(uploadItem(broken, 2));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Invalid);
    expect((thrown as Invalid).details.map((d) => d.path).sort()).toEqual(['upload.document.reformArea', 'upload.state']);
  });

  it('refuses a version it does not know, naming the item', () => {
    expect(() => readStored(STORED_RECORDS.reportVersion, { pk: 'P', sk: 'S', report, recordVersion: 99 }, (i) => i.report)).toThrow('a record of version 99, which this code cannot read (pk P, sk S)');
  });

  it('refuses a record its schema does not describe, naming the field', () => {
    const broken = { ...report, state: 'archived', files: { docx: file('d.docx') } };
    let thrown: unknown;
    try {
      readStored(STORED_RECORDS.reportVersion, { pk: 'P', sk: 'S', report: broken }, (i) => i.report);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Invalid);
    expect((thrown as Invalid).details.map((d) => d.path).sort()).toEqual(['report.files.pdf', 'report.state']);
  });
});
