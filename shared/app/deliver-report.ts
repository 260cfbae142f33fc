// Delivery of an issued report (CONTRACT §6 and §10): the issue queues one delivery task per
// recipient and answers; the delivery worker (shared/app/deliver.ts) sends each. Here: the queueing,
// shared by the issue, the fallback to e-mail, the clerk's resend and the daily run; and the e-mail
// itself. Apart from review-report.ts, so the period close and the worker do not bundle the signing layer.
import { channelOf, type Delivery, type DeliveryChannel, type DeliveryRecipient, type DeliveryTask } from '#domain/delivery.ts';
import { edxmlDocumentId } from '#domain/edxml.ts';
import type { AgencyProfile } from '#domain/profile.ts';
import { parsePeriodId } from '#domain/periods.ts';
import { periodName } from '#domain/report/period-wording.ts';
import type { MailMessage } from '#domain/report-ports.ts';
import { REPORT_MIME, reportFileName, type ReportVersion } from '#domain/report-version.ts';
import { formatDate, nfc } from '#domain/vi-format.ts';
import { log } from '#adapters/log.ts';
import { mailBody, salutationOf } from './mail.ts';
import type { ReportPorts } from './report-ports.ts';

/** The DOCX a recipient gets where the profile asks for an editable copy, named as such (bản chỉnh sửa được). */
const editableCopyName = (report: ReportVersion) => reportFileName(report, 'docx', true).replace(/\.docx$/, '-ban-chinh-sua-duoc.docx');

/** The edXML `DocumentId` of an issued report from the sender's organ code: what the exchange's status messages answer. */
export const documentIdOf = (organId: string, issued: { issuedOn: string; number: string }) => edxmlDocumentId({ organId, code: issued.number, promulgationDate: issued.issuedOn });

/** "Nơi nhận" as the deliveries keep it: each line with its position, full name and channels. */
export const deliveryRecipients = (profile: AgencyProfile): DeliveryRecipient[] =>
  profile.recipients.map((r, i) => ({
    no: i + 1,
    line: r.line,
    name: nfc(r.name ?? salutationOf(r.line)).replace(/[.\s]+$/, ''),
    ...(r.organId ? { organId: r.organId } : {}),
    emails: r.emails.map((e) => e.toLowerCase()),
    editableCopy: r.editableCopy === true,
  }));

/**
 * Queues the task of each delivery (stored `queued` already), in one send (one SQS batch, or the
 * local queue). Where the queue refuses them, each is recorded `failed` with the reason instead of
 * staying `queued` with no task behind it: the daily run and the clerk's resend pick a failed one up,
 * and the answer shows it. Answers the deliveries as they now stand.
 */
async function queueTasks(ports: Pick<ReportPorts, 'deliveryQueue' | 'deliveries' | 'now'>, report: Pick<ReportVersion, 'agencyId' | 'periodId'>, deliveries: Delivery[]): Promise<Delivery[]> {
  if (deliveries.length === 0) return deliveries;
  try {
    await ports.deliveryQueue.send(deliveries.map((d) => JSON.stringify(taskOf(report, d))));
    return deliveries;
  } catch (error) {
    const detail = `could not be queued: ${(error as Error).message}`;
    log.error('deliveries not queued', { agencyId: report.agencyId, periodId: report.periodId, count: deliveries.length, error: (error as Error).message });
    const at = ports.now().toISOString();
    return Promise.all(
      deliveries.map(async (d) => {
        const failed: Delivery = { ...d, state: 'failed', at, detail };
        return (await ports.deliveries.updateDelivery(report.agencyId, report.periodId, failed, d)) ? failed : d;
      }),
    );
  }
}

const taskOf = (report: Pick<ReportVersion, 'agencyId' | 'periodId'>, delivery: Delivery): DeliveryTask => ({
  agencyId: report.agencyId,
  periodId: report.periodId,
  version: delivery.version,
  recipientNo: delivery.recipient.no,
  channel: delivery.channel,
});

/**
 * Adds a queued delivery for each recipient over `channel` (by default each one's first channel:
 * the exchange where it has an organ code) and queues its task. A delivery the version already has
 * is neither added nor queued again: no recipient gets two deliveries of one issue.
 */
export async function queueDeliveries(
  ports: Pick<ReportPorts, 'deliveries' | 'deliveryQueue' | 'now' | 'metrics'>,
  report: ReportVersion,
  profile: Pick<AgencyProfile, 'organId'>,
  recipients: DeliveryRecipient[],
  channel?: DeliveryChannel,
): Promise<Delivery[]> {
  const issued = report.issued;
  if (!issued) return [];
  const at = ports.now().toISOString();
  const queued: Delivery[] = [];
  for (const recipient of recipients) {
    const over = channel ?? channelOf(recipient);
    if (!over) continue;
    const documentId = over === 'exchange' && profile.organId ? { messageId: documentIdOf(profile.organId, issued) } : {};
    const delivery: Delivery = { version: report.version, channel: over, recipient, state: 'queued', at, attempts: 0, ...documentId };
    if (await ports.deliveries.addDelivery(report.agencyId, report.periodId, delivery)) queued.push(delivery);
  }
  if (queued.length > 0) ports.metrics.count('DeliveriesQueued', queued.length);
  return queueTasks(ports, report, queued);
}

/** Queues again deliveries already stored (put back to `queued` by the caller): the resend and the daily run. */
export const requeue = (ports: Pick<ReportPorts, 'deliveryQueue' | 'deliveries' | 'now'>, report: Pick<ReportVersion, 'agencyId' | 'periodId'>, deliveries: Delivery[]) =>
  queueTasks(ports, report, deliveries);

/**
 * The e-mail of one delivery (CONTRACT §10): from the agency's mailbox under its name, to every
 * address of the recipient; "Kính gửi: {the full name}."; the signed PDF, and the DOCX where the
 * profile asks for an editable copy. Resolves with the provider's message id.
 */
export async function mailDelivery(ports: Pick<ReportPorts, 'files' | 'mailer' | 'mailFrom'>, report: ReportVersion, profile: AgencyProfile, recipient: DeliveryRecipient): Promise<string> {
  const issued = report.issued!;
  const attachments: MailMessage['attachments'] = [{ filename: reportFileName(report, 'pdf', true), contentType: REPORT_MIME.pdf, content: await ports.files.get(issued.files.pdf.key) }];
  if (recipient.editableCopy) attachments.push({ filename: editableCopyName(report), contentType: REPORT_MIME.docx, content: await ports.files.get(issued.files.docx.key) });
  return ports.mailer.send({
    from: { name: nfc(profile.agencyName), address: profile.email ?? ports.mailFrom },
    to: recipient.emails,
    subject: `${issued.number}: ${report.title}`,
    text: mailText(profile, report, recipient),
    attachments,
    // The SES tag a bounce or complaint is recorded by (functions/mail-events).
    delivery: { agencyId: report.agencyId, periodId: report.periodId, version: report.version },
  });
}

/** The mail's text (CONTRACT §10): "Kính gửi: {the recipient's full name}.", the period in words, what is attached. */
function mailText(profile: AgencyProfile, report: ReportVersion, recipient: DeliveryRecipient): string {
  const issued = report.issued!;
  const kind = report.amendment ? 'báo cáo bổ sung' : 'báo cáo';
  const files = recipient.editableCopy ? 'bản PDF có chữ ký số và bản DOCX để chỉnh sửa đính kèm' : 'bản PDF có chữ ký số đính kèm';
  return mailBody([
    `Kính gửi: ${recipient.name}.`,
    '',
    `${profile.agencyName} gửi ${kind} số ${issued.number} ngày ${formatDate(issued.issuedOn)} về công tác cải cách hành chính ${periodName(parsePeriodId(report.periodId))}, ${files}.`,
    report.amendment ? 'Báo cáo bổ sung này cập nhật số liệu hoặc nội dung đã thay đổi sau khi báo cáo trước của kỳ được ban hành.' : '',
    '',
    'Thư này được gửi tự động; vui lòng không trả lời thư này.',
  ]);
}
