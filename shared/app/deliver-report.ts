// Delivery of an issued report by e-mail (CONTRACT §6 and §10's e-mail part, until the document
// exchange carries most of it): one mail per recipient address, from the agency's mailbox under its
// name. Apart from review-report.ts, so the period close (which sends the failed ones again) does
// not bundle the signing layer.
import type { AgencyProfile } from '#domain/profile.ts';
import { parsePeriodId } from '#domain/periods.ts';
import { periodName } from '#domain/report/period-wording.ts';
import type { MailMessage } from '#domain/report-ports.ts';
import { REPORT_MIME, reportFileName, type Delivery, type ReportVersion } from '#domain/report-version.ts';
import { formatDate, nfc } from '#domain/vi-format.ts';
import { mailBody, salutationOf, sendWithRetries } from './mail.ts';
import type { DeliveryPolicy, ReportPorts } from './report-ports.ts';

/** The DOCX a recipient gets where the profile asks for an editable copy, named as such (bản chỉnh sửa được). */
const editableCopyName = (report: ReportVersion) => reportFileName(report, 'docx', true).replace(/\.docx$/, '-ban-chinh-sua-duoc.docx');

/**
 * One e-mail per recipient address of an issued version, from the agency's mailbox under its name:
 * the signed PDF, and the DOCX only where the profile asks for an editable copy. An address already
 * sent this version is skipped, so a retry sends nothing twice. A failing send is retried with
 * backoff, then logged as failed.
 */
export async function deliverReport(ports: ReportPorts, report: ReportVersion, profile: AgencyProfile, policy: DeliveryPolicy): Promise<Delivery[]> {
  const issued = report.issued;
  if (!issued) return [];
  const addresses = profile.recipients.flatMap((r) => r.emails.map((address) => ({ address: address.toLowerCase(), recipient: r })));
  if (addresses.length === 0) return [];
  // The files are read once each, and only when some address still has to be sent this version.
  let pdf: Promise<Uint8Array> | undefined;
  let docx: Promise<Uint8Array> | undefined;
  const subject = `${issued.number}: ${report.title}`;
  const from = { name: nfc(profile.agencyName), address: profile.email ?? ports.mailFrom };
  const results: Delivery[] = [];
  for (const { address, recipient } of addresses) {
    const claimed = await ports.deliveries.claim(report.agencyId, report.periodId, { version: report.version, address, recipient: recipient.line }, ports.now().toISOString(), policy.staleClaimMs);
    if (!claimed) continue;
    pdf ??= ports.files.get(issued.files.pdf.key);
    const attachments: MailMessage['attachments'] = [{ filename: reportFileName(report, 'pdf', true), contentType: REPORT_MIME.pdf, content: await pdf }];
    if (recipient.editableCopy) {
      docx ??= ports.files.get(issued.files.docx.key);
      attachments.push({ filename: editableCopyName(report), contentType: REPORT_MIME.docx, content: await docx });
    }
    const { attempts, messageId, lastError } = await sendWithRetries(
      ports,
      {
        from,
        to: address,
        subject,
        text: mailText(profile, report, recipient),
        attachments,
        // The SES tag a bounce or complaint is recorded by (functions/mail-events).
        delivery: { agencyId: report.agencyId, periodId: report.periodId, version: report.version },
      },
      policy,
      { agencyId: report.agencyId, periodId: report.periodId, version: report.version },
    );
    const delivery: Delivery =
      messageId === undefined
        ? { version: report.version, address, recipient: recipient.line, status: 'failed', attempts, lastError, updatedAt: ports.now().toISOString() }
        : { version: report.version, address, recipient: recipient.line, status: 'sent', attempts, messageId, updatedAt: ports.now().toISOString() };
    await ports.deliveries.record(report.agencyId, report.periodId, delivery);
    ports.metrics.count(delivery.status === 'sent' ? 'MailsSent' : 'MailsFailed');
    results.push(delivery);
  }
  return results;
}

/** The mail's text (CONTRACT §10): "Kính gửi: {the recipient's full name}.", the period in words, what is attached. */
function mailText(profile: AgencyProfile, report: ReportVersion, recipient: AgencyProfile['recipients'][number]): string {
  const issued = report.issued!;
  const kind = report.amendment ? 'báo cáo bổ sung' : 'báo cáo';
  const files = recipient.editableCopy ? 'bản PDF có chữ ký số và bản DOCX để chỉnh sửa đính kèm' : 'bản PDF có chữ ký số đính kèm';
  return mailBody([
    `Kính gửi: ${nfc(recipient.name ?? salutationOf(recipient.line)).replace(/[.\s]+$/, '')}.`,
    '',
    `${profile.agencyName} gửi ${kind} số ${issued.number} ngày ${formatDate(issued.issuedOn)} về công tác cải cách hành chính ${periodName(parsePeriodId(report.periodId))}, ${files}.`,
    report.amendment ? 'Báo cáo bổ sung này cập nhật số liệu hoặc nội dung đã thay đổi sau khi báo cáo trước của kỳ được ban hành.' : '',
    '',
    'Thư này được gửi tự động; vui lòng không trả lời thư này.',
  ]);
}
