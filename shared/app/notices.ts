// What the office (the profile's officeEmails) and the leaders are told: a draft waiting for
// review, with the figures' headline and the draft files attached, and a deadline coming or passed
// while the period's report is not issued. Each notice goes once per address (the notice log).
import { parsePeriodId, type Period } from '#domain/periods.ts';
import type { AgencyProfile } from '#domain/profile.ts';
import { periodName } from '#domain/report/period-wording.ts';
import { REPORT_MIME, reportFileName, type ReportVersion } from '#domain/report-version.ts';
import { formatDate, formatNumber } from '#domain/vi-format.ts';
import type { MailMessage } from '#domain/report-ports.ts';
import { readFigures } from './figures.ts';
import { mailBody, sendWithRetries } from './mail.ts';
import type { DeliveryPolicy, ReportPorts } from './report-ports.ts';

export interface NoticeOutcome {
  sent: number;
  failed: number;
}

const ROUTE_HINT = 'Xem, trình ký và phát hành trên trang báo cáo CCHC của hệ thống (mục Báo cáo của kỳ).';

/** Sends `message` to each address that has not had notice `noticeId` yet; a failed send gives the claim back for the next run. */
async function sendNotice(
  ports: ReportPorts,
  at: { agencyId: string; periodId: string },
  noticeId: string,
  addresses: readonly string[],
  message: (to: string) => Promise<MailMessage>,
  policy: DeliveryPolicy,
): Promise<NoticeOutcome> {
  const outcome = { sent: 0, failed: 0 };
  for (const address of [...new Set(addresses.map((a) => a.toLowerCase()))]) {
    if (!(await ports.notices.claimNotice(at.agencyId, at.periodId, noticeId, address, ports.now().toISOString()))) continue;
    const { messageId } = await sendWithRetries(ports, await message(address), policy, { ...at, noticeId });
    if (messageId === undefined) {
      await ports.notices.releaseNotice(at.agencyId, at.periodId, noticeId, address);
      outcome.failed++;
    } else {
      outcome.sent++;
    }
  }
  ports.metrics.count('MailsSent', outcome.sent);
  if (outcome.failed > 0) ports.metrics.count('MailsFailed', outcome.failed);
  return outcome;
}

/** "tiếp nhận 63 hồ sơ, đã giải quyết 59 hồ sơ, đang xử lý 4 hồ sơ; ban hành 516 văn bản" */
async function headline(ports: ReportPorts, report: ReportVersion): Promise<string> {
  const { dossiers, documents } = await readFigures(ports.figures, report.agencyId, report.periodId);
  return `tiếp nhận ${formatNumber(dossiers.received.total)} hồ sơ, đã giải quyết ${formatNumber(dossiers.resolved.total)} hồ sơ, đang xử lý ${formatNumber(dossiers.pending.total)} hồ sơ; ban hành ${formatNumber(documents.issued.total)} văn bản`;
}

/** Tells the office a draft waits for review (at a period close, or provisionally before an early deadline), with the draft files. */
export async function notifyOfficeOfDraft(ports: ReportPorts, profile: AgencyProfile, report: ReportVersion, deadline: string | undefined, policy: DeliveryPolicy): Promise<NoticeOutcome> {
  if (profile.officeEmails.length === 0) return { sent: 0, failed: 0 };
  const period = periodName(parsePeriodId(report.periodId));
  const kind = report.amendment ? 'báo cáo bổ sung' : 'báo cáo';
  const figures = await headline(ports, report);
  const files = Promise.all([ports.files.get(report.files.docx.key), ports.files.get(report.files.pdf.key)]);
  return sendNotice(
    ports,
    report,
    `draft-v${report.version}`,
    profile.officeEmails,
    async (to) => {
      const [docx, pdf] = await files;
      return {
        from: ports.mailFrom,
        to,
        subject: `Dự thảo ${kind} CCHC ${period} (lần ${report.version}) chờ trình ký`,
        text: mailBody([
          `Kính gửi: Văn phòng ${profile.agencyName}`,
          '',
          `Dự thảo ${kind} công tác cải cách hành chính ${period} đã được lập (lần ${report.version}, ngày ${formatDate(report.issuedOn)}).`,
          report.provisional ? `Số liệu tạm tính đến ngày ${formatDate(report.issuedOn)}: ${figures}.` : `Số liệu của kỳ: ${figures}.`,
          deadline ? `Hạn gửi báo cáo: ngày ${formatDate(deadline)}.` : '',
          ROUTE_HINT,
          'Báo cáo chỉ được gửi đến nơi nhận sau khi lãnh đạo ký và phát hành.',
          '',
          'Thư này được gửi tự động; vui lòng không trả lời thư này.',
        ]),
        attachments: [
          { filename: reportFileName(report, 'docx'), contentType: REPORT_MIME.docx, content: docx },
          { filename: reportFileName(report, 'pdf'), contentType: REPORT_MIME.pdf, content: pdf },
        ],
      };
    },
    policy,
  );
}

/**
 * While no version of the period is issued: one working day before the deadline the office and the
 * leaders are reminded (`reminder`); the working day after it, told that the report is overdue and
 * that the province is waiting for it to compile its own (`overdue`).
 */
export async function remindOfDeadline(
  ports: ReportPorts,
  profile: AgencyProfile,
  period: Period,
  deadline: string,
  policy: DeliveryPolicy,
  duty: 'reminder' | 'overdue' = 'reminder',
): Promise<NoticeOutcome> {
  const versions = await ports.versions.listVersions(profile.agencyId, period.id);
  if (versions.some((v) => v.state === 'issued')) return { sent: 0, failed: 0 };
  const latest = versions.at(-1);
  const where = latest ? `Bản mới nhất (lần ${latest.version}) đang ở bước: ${STATE_WORDS[latest.state]}.` : 'Báo cáo của kỳ chưa được lập.';
  const leaders = await ports.leaders.leaderEmails(profile.agencyId);
  const name = periodName(period);
  const due = formatDate(deadline);
  const words =
    duty === 'reminder'
      ? { subject: `Nhắc hạn: báo cáo CCHC ${name} phải gửi trước ngày ${due}`, state: `phải gửi trước hết ngày ${due} và chưa được phát hành.`, more: '' }
      : {
          subject: `Quá hạn: báo cáo CCHC ${name} chưa được phát hành (hạn ngày ${due})`,
          state: `đã quá hạn gửi (hết ngày ${due}) mà chưa được phát hành.`,
          more: 'Báo cáo của cơ quan là căn cứ để tổng hợp báo cáo cải cách hành chính của tỉnh; đề nghị khẩn trương hoàn thành, ký số và phát hành.',
        };
  return sendNotice(
    ports,
    { agencyId: profile.agencyId, periodId: period.id },
    `${duty}-${deadline}`,
    [...profile.officeEmails, ...leaders],
    async (to) => ({
      from: ports.mailFrom,
      to,
      subject: words.subject,
      text: mailBody([
        `Kính gửi: Lãnh đạo và Văn phòng ${profile.agencyName}`,
        '',
        `Báo cáo công tác cải cách hành chính ${name} ${words.state}`,
        where,
        ...(words.more ? [words.more] : []),
        ROUTE_HINT,
        '',
        'Thư này được gửi tự động; vui lòng không trả lời thư này.',
      ]),
      attachments: [],
    }),
    policy,
  );
}

const STATE_WORDS: Record<ReportVersion['state'], string> = {
  draft: 'dự thảo, chưa trình ký',
  submitted: 'đã trình ký, chờ lãnh đạo ký',
  returned: 'lãnh đạo trả lại để chỉnh sửa',
  signed: 'lãnh đạo đã ký số, chờ văn thư cấp số và phát hành',
  issued: 'đã phát hành',
};
