// Delivery of an issued report over the in-memory fakes (the SQS queue, the exchange's gateway and
// SES have no local equivalent here: recordingQueue, memoryExchange and recordingMailer stand in;
// the integration tests run the real local queue and the stand-in exchange). The issue queues one
// task per recipient and sends nothing; the worker sends each over the exchange or by e-mail, retried
// per DELIVERY_POLICY (the backoff through the ports' sleep, a fake clock: nothing waits), then
// `failed`; a refusal falls back to e-mail; no recipient gets two deliveries of one issue.
import { describe, expect, it } from 'vitest';
import type { Delivery, DeliveryTask } from '#domain/delivery.ts';
import type { ReportVersion } from '#domain/report-version.ts';
import { deliverTask, requeueFailed, resendDelivery, takeStatus } from '#app/deliver.ts';
import { deliveryRecipients, documentIdOf, queueDeliveries } from '#app/deliver-report.ts';
import { DELIVERY_POLICY } from '#app/report-ports.ts';
import { dailyDuties } from '#app/period-close.ts';
import { REFUSING_ORGAN } from '../support/fakes.ts';
import { reportWorld, sampleProfile } from '../support/report-world.ts';

const AGENCY = 'SKHCN';
const PERIOD = '2023-H1';
const [UBND, SNV] = ['vanthu.ubnd@example.vn', 'cchc.snv@example.vn'] as const;
const [UBND_ORGAN, SNV_ORGAN] = ['000.00.00.H48', '000.00.05.H48'] as const;
const DOCUMENT_ID = documentIdOf('000.00.12.H48', { issuedOn: '2023-06-15', number: '1015/BC-SKHCN' });
const backoffs = (failures: number) => Array.from({ length: failures }, (_, i) => DELIVERY_POLICY.backoffMs * 2 ** i);

/** A stored issued version without rendering it: delivery reads only its two issued files. */
async function issued(profileChanges: Parameters<typeof sampleProfile>[0] = {}) {
  const world = await reportWorld({ now: '2023-06-15T00:30:00.000Z', profiles: [sampleProfile(profileChanges)] });
  const report: ReportVersion = {
    agencyId: AGENCY,
    periodId: PERIOD,
    version: 1,
    inputHash: 'i',
    figuresHash: 'f',
    provisional: false,
    amendment: false,
    issuedOn: '2023-06-15',
    title: 'Báo cáo công tác cải cách hành chính 6 tháng đầu năm 2023 của Sở Khoa học và Công nghệ',
    files: { docx: { key: 'reports/SKHCN/2023-H1/v0001/draft.docx', sha256: 'x', size: 4 }, pdf: { key: 'reports/SKHCN/2023-H1/v0001/draft.pdf', sha256: 'y', size: 8 } },
    createdAt: '2023-06-15T00:30:00.000Z',
    trigger: 'schedule',
    state: 'issued',
    history: [{ state: 'draft', at: '2023-06-15T00:30:00.000Z', by: 'schedule' }],
    issued: {
      number: '1015/BC-SKHCN',
      signerName: 'Trần Quốc Bảo',
      issuedOn: '2023-06-15',
      files: { docx: { key: 'reports/SKHCN/2023-H1/v0001/a.docx', sha256: 'd', size: 4 }, pdf: { key: 'reports/SKHCN/2023-H1/v0001/a.pdf', sha256: 'p', size: 8 } },
    },
  };
  await world.report.store.addVersion(report);
  await world.ports.files.put(report.issued!.files.docx.key, new Uint8Array([80, 75, 3, 4]), 'application/zip', {});
  await world.ports.files.put(report.issued!.files.pdf.key, new TextEncoder().encode('%PDF-1.7'), 'application/pdf', {});
  const profile = (await world.ports.profiles.getProfile(AGENCY))!;
  const queue = () => queueDeliveries(world.ports, report, profile, deliveryRecipients(profile));
  const states = async () => (await world.ports.deliveries.listDeliveries(AGENCY, PERIOD, 1)).map((d) => [d.channel, d.recipient.no, d.state, d.detail ?? null]);
  return { world, report, profile, queue, states };
}

const tasks = (bodies: string[]) => bodies.map((b) => JSON.parse(b) as DeliveryTask);

describe('the issue queues, the worker sends', () => {
  it('queues one task per recipient with a channel (the exchange where it has an organ code), sends nothing itself', async () => {
    const { world, queue, states } = await issued();
    const queued = await queue();
    expect(queued.map((d) => [d.channel, d.recipient.line, d.recipient.organId, d.state, d.messageId])).toEqual([
      ['exchange', 'UBND tỉnh (báo cáo)', UBND_ORGAN, 'queued', DOCUMENT_ID],
      ['exchange', 'Sở Nội vụ', SNV_ORGAN, 'queued', DOCUMENT_ID],
    ]);
    // the two paper-only lines (GĐ, các PGĐ Sở; Các phòng) get nothing
    expect(tasks(world.deliveryQueue.bodies())).toEqual([
      { agencyId: AGENCY, periodId: PERIOD, version: 1, recipientNo: 1, channel: 'exchange' },
      { agencyId: AGENCY, periodId: PERIOD, version: 1, recipientNo: 2, channel: 'exchange' },
    ]);
    expect(world.deliveryQueue.batches).toHaveLength(1);
    expect(world.exchange.sent).toEqual([]);
    expect(world.mail.tries).toEqual([]);

    expect(await world.runWorker()).toEqual([expect.objectContaining({ outcome: 'done' }), expect.objectContaining({ outcome: 'done' })]);
    expect(world.exchange.sent.map((e) => [e.to, e.documentId])).toEqual([
      [UBND_ORGAN, DOCUMENT_ID],
      [SNV_ORGAN, DOCUMENT_ID],
    ]);
    expect(await states()).toEqual([
      ['exchange', 1, 'sent', null],
      ['exchange', 2, 'sent', null],
    ]);
  });

  it('no recipient gets two deliveries of one issue: queued twice, or its task delivered twice, it goes once', async () => {
    const { world, queue } = await issued();
    await queue();
    expect(await queue()).toEqual([]);
    expect(world.deliveryQueue.bodies()).toHaveLength(2);
    const [first] = tasks(world.deliveryQueue.bodies());
    await world.runWorker();
    // SQS delivers at least once: the same task again finds the delivery sent
    expect(await deliverTask(world.delivery, first!, false, DELIVERY_POLICY)).toBe('done');
    expect(world.exchange.sent).toHaveLength(2);
  });

  it('leaves a delivery another worker is sending, and takes it over once that claim is stale', async () => {
    const { world, queue } = await issued();
    await queue();
    const [task] = tasks(world.deliveryQueue.bodies());
    const key = { version: 1, recipientNo: 1, channel: 'exchange' } as const;
    const before = (await world.ports.deliveries.getDelivery(AGENCY, PERIOD, key))!;
    // a worker claimed it and died
    await world.ports.deliveries.updateDelivery(AGENCY, PERIOD, { ...before, claimedAt: world.clock.now().toISOString() }, before);
    expect(await deliverTask(world.delivery, task!, false, DELIVERY_POLICY)).toBe('done');
    expect(world.exchange.sent).toEqual([]);
    world.clock.advance(DELIVERY_POLICY.staleClaimMs + 1);
    expect(await deliverTask(world.delivery, task!, false, DELIVERY_POLICY)).toBe('done');
    expect(world.exchange.sent.map((e) => e.to)).toEqual([UBND_ORGAN]);
  });
});

describe('retries, failed, the DLQ and the resends', () => {
  it('a transport failure is retried with doubling backoff and sent on a later try', async () => {
    const { world, queue, states } = await issued();
    await queue();
    world.exchange.failNext(DELIVERY_POLICY.attempts - 1);
    await world.runWorker();
    expect(world.clock.slept).toEqual(backoffs(DELIVERY_POLICY.attempts - 1));
    expect(await states()).toEqual([
      ['exchange', 1, 'sent', null],
      ['exchange', 2, 'sent', null],
    ]);
    expect((await world.ports.deliveries.listDeliveries(AGENCY, PERIOD, 1))[0]!.attempts).toBe(DELIVERY_POLICY.attempts);
  });

  it('every try failing: stays queued for the queue to deliver again; on the last delivery `failed`, with the error, and back to the queue (→ DLQ)', async () => {
    const { world, queue, states } = await issued();
    await queue();
    const [task] = tasks(world.deliveryQueue.bodies());
    world.exchange.failNext(DELIVERY_POLICY.attempts * 2);
    expect(await deliverTask(world.delivery, task!, false, DELIVERY_POLICY)).toBe('retry');
    expect((await states())[0]).toEqual(['exchange', 1, 'queued', 'connect ECONNREFUSED (the exchange is unreachable)']);
    expect(await deliverTask(world.delivery, task!, true, DELIVERY_POLICY)).toBe('retry');
    expect((await states())[0]).toEqual(['exchange', 1, 'failed', 'connect ECONNREFUSED (the exchange is unreachable)']);
    expect((await world.ports.deliveries.getDelivery(AGENCY, PERIOD, { version: 1, recipientNo: 1, channel: 'exchange' }))!.attempts).toBe(2 * DELIVERY_POLICY.attempts);
    // a failed delivery is not sent by a stray task: only a resend or the daily run queues it again
    expect(await deliverTask(world.delivery, task!, true, DELIVERY_POLICY)).toBe('done');
    expect(world.exchange.sent).toEqual([]);
  });

  it('the clerk resends a failed one (409 for one that is not failed nor refused); the daily run queues every failed one', async () => {
    const { world, queue, states } = await issued();
    await queue();
    world.exchange.failNext(2 * DELIVERY_POLICY.attempts);
    await world.runWorker();
    expect((await states()).map((s) => s[2])).toEqual(['failed', 'failed']);

    await expect(resendDelivery(world.ports, { agencyId: AGENCY, periodId: PERIOD, version: 1, recipientNo: 3 })).rejects.toMatchObject({ name: 'NotFound' });
    const resent = await resendDelivery(world.ports, { agencyId: AGENCY, periodId: PERIOD, version: 1, recipientNo: 1 });
    expect(resent.map((d) => [d.recipient.no, d.state, d.detail])).toEqual([[1, 'queued', undefined]]);
    await world.runWorker();
    expect((await states()).map((s) => s[2])).toEqual(['sent', 'failed']);
    await expect(resendDelivery(world.ports, { agencyId: AGENCY, periodId: PERIOD, version: 1, recipientNo: 1 })).rejects.toMatchObject({ name: 'Conflict', code: 'not_resendable' });

    const run = await dailyDuties(world.ports, '2023-06-16T00:00:00.000Z');
    expect(run.redelivered).toEqual([{ agencyId: AGENCY, periodId: PERIOD, version: 1, recipientNo: 2, channel: 'exchange' }]);
    await world.runWorker();
    expect((await states()).map((s) => s[2])).toEqual(['sent', 'sent']);
    expect(await requeueFailed(world.ports)).toEqual([]);
    expect(world.exchange.sent.map((e) => e.to)).toEqual([UBND_ORGAN, SNV_ORGAN]);
  });
});

describe('a queue that refuses the tasks', () => {
  it('records each delivery failed with the reason, never left queued with no task; the daily run queues them once the queue takes them', async () => {
    const { world, report, profile, states } = await issued();
    const down = { ...world.ports, deliveryQueue: { send: async () => Promise.reject(new Error('SQS is unavailable')) } };
    const answered = await queueDeliveries(down, report, profile, deliveryRecipients(profile));
    expect(answered.map((d) => [d.recipient.no, d.state, d.detail])).toEqual([
      [1, 'failed', 'could not be queued: SQS is unavailable'],
      [2, 'failed', 'could not be queued: SQS is unavailable'],
    ]);
    expect(await states()).toEqual([
      ['exchange', 1, 'failed', 'could not be queued: SQS is unavailable'],
      ['exchange', 2, 'failed', 'could not be queued: SQS is unavailable'],
    ]);
    // the clerk's resend while the queue is still down: failed again, with the reason
    const resent = await resendDelivery(down, { agencyId: AGENCY, periodId: PERIOD, version: 1, recipientNo: 1 });
    expect(resent.map((d) => [d.recipient.no, d.state])).toEqual([[1, 'failed']]);

    expect((await requeueFailed(world.ports)).map((t) => t.recipientNo)).toEqual([1, 2]);
    await world.runWorker();
    expect((await states()).map((s) => s[2])).toEqual(['sent', 'sent']);
  });
});

describe('status messages and the e-mail fallback', () => {
  const status = (code: '01' | '02' | '03' | '06', organId: string = UBND_ORGAN) => ({ documentId: DOCUMENT_ID, organId, code, at: `2023-06-15T02:0${code.at(-1)}:00.000+07:00` });

  it('03 and 06 move it to done, in any order and repeated; an unknown document or organ is 404 and changes nothing', async () => {
    const { world, queue, states } = await issued();
    await queue();
    await world.runWorker();
    for (const code of ['06', '03', '06', '01', '03'] as const) await takeStatus(world.ports, status(code));
    expect((await states())[0]).toEqual(['exchange', 1, 'done', null]);
    const receipts = (await world.ports.deliveries.listDeliveries(AGENCY, PERIOD, 1))[0]!.statuses!.map((s) => s.code);
    expect(receipts).toEqual(['01', '06', '03']);

    const before = await world.ports.deliveries.listDeliveries(AGENCY, PERIOD);
    await expect(takeStatus(world.ports, { ...status('03'), documentId: '000.00.12.H48,2023/06/15,9999/BC-SKHCN' })).rejects.toMatchObject({ name: 'NotFound' });
    await expect(takeStatus(world.ports, status('03', '000.00.07.H48'))).rejects.toMatchObject({ name: 'NotFound' });
    expect(await world.ports.deliveries.listDeliveries(AGENCY, PERIOD)).toEqual(before);
  });

  it('a refusal keeps the reason and sends the report by e-mail to the recipient\'s addresses, once however often it is told', async () => {
    const { world, queue, states } = await issued({
      recipients: [
        { line: 'UBND tỉnh (báo cáo)', name: 'Ủy ban nhân dân tỉnh Quảng Ngãi', organId: REFUSING_ORGAN, emails: [UBND] },
        { line: 'Sở Nội vụ', name: 'Sở Nội vụ tỉnh Quảng Ngãi', organId: SNV_ORGAN, emails: [SNV], editableCopy: true },
      ],
    });
    await queue();
    await world.runWorker();
    // the exchange answered 02 at once; the same refusal told again by a status message queues nothing more
    await takeStatus(world.ports, { documentId: DOCUMENT_ID, organId: REFUSING_ORGAN, code: '02', at: '2023-06-15T02:00:00.000+07:00', description: 'again' });
    await world.runWorker();
    expect(await states()).toEqual([
      ['email', 1, 'sent', null],
      ['exchange', 1, 'refused', 'Đơn vị nhận không tồn tại trên trục liên thông'],
      ['exchange', 2, 'sent', null],
    ]);
    expect(world.mail.sent).toHaveLength(1);
    const [mail] = world.mail.sent;
    expect(mail!.to).toBe(UBND);
    expect(mail!.from).toEqual({ name: 'Sở Khoa học và Công nghệ', address: 'vanthu@skhcn.example.vn' });
    expect(mail!.text.split('\n')[0]).toBe('Kính gửi: Ủy ban nhân dân tỉnh Quảng Ngãi.');
    expect(mail!.attachments.map((a) => [a.filename, new TextDecoder().decode(a.content)])).toEqual([['bao-cao-cchc-SKHCN-2023-H1-v1-ban-hanh.pdf', '%PDF-1.7']]);
    expect(mail!.delivery).toEqual({ agencyId: AGENCY, periodId: PERIOD, version: 1 });
  });

  it('e-mail only recipients: one mail to all of a recipient\'s addresses, the DOCX as the editable copy where asked; a mail failure is retried', async () => {
    const { world, queue, states } = await issued({
      recipients: [
        { line: 'UBND tỉnh (báo cáo)', emails: ['VanThu.UBND@Example.vn', 'lanhdao.ubnd@example.vn'] },
        { line: 'Sở Nội vụ', name: 'Sở Nội vụ tỉnh Quảng Ngãi', emails: [SNV], editableCopy: true },
        { line: 'Lưu trữ giấy', emails: [] },
      ],
    });
    const queued: Delivery[] = await queue();
    expect(queued.map((d) => [d.channel, d.recipient.no])).toEqual([
      ['email', 1],
      ['email', 2],
    ]);
    world.mail.failNext(1, SNV);
    await world.runWorker();
    expect(await states()).toEqual([
      ['email', 1, 'sent', null],
      ['email', 2, 'sent', null],
    ]);
    expect(world.clock.slept).toEqual([DELIVERY_POLICY.backoffMs]);
    expect(world.mail.sent.map((m) => [m.to, m.text.split('\n')[0], m.attachments.map((a) => a.filename)])).toEqual([
      [`${UBND}, lanhdao.ubnd@example.vn`, 'Kính gửi: UBND tỉnh.', ['bao-cao-cchc-SKHCN-2023-H1-v1-ban-hanh.pdf']],
      [SNV, 'Kính gửi: Sở Nội vụ tỉnh Quảng Ngãi.', ['bao-cao-cchc-SKHCN-2023-H1-v1-ban-hanh.pdf', 'bao-cao-cchc-SKHCN-2023-H1-v1-ban-hanh-ban-chinh-sua-duoc.docx']],
    ]);
  });
});
