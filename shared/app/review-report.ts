// Use cases of the review (CONTRACT §6): staff submit a draft, a leader returns it or issues it.
// Issuing renders the issued DOCX and PDF (number, date, signer), signs the PDF, stores both
// beside the draft's files and mails them to the recipients of "Nơi nhận", once per address.
import { buildReportModel } from '#domain/report-model.ts';
import { parsePeriodId } from '#domain/periods.ts';
import type { AgencyProfile } from '#domain/profile.ts';
import { periodName } from '#domain/report/period-wording.ts';
import { REPORT_MIME, reportFileName, sha256Hex, type Delivery, type ReportVersion } from '#domain/report-version.ts';
import { applyTransition, nextState, type ReportAction } from '#domain/report-workflow.ts';
import { Conflict, NotFound } from '#domain/errors.ts';
import { formatDate, nfc } from '#domain/vi-format.ts';
import { renderDocx } from '#render/docx.ts';
import { renderPdf } from '#render/pdf.ts';
import { signPdf } from '#render/sign-pdf.ts';
import { log } from '#adapters/log.ts';
import { mailBody, salutationOf, sendWithRetries } from './mail.ts';
import { reportKey } from '#adapters/object-keys.ts';
import { inputHashOf, reportInput, storeReportFile } from './render-report.ts';
import { DELIVERY_POLICY, requireProfile, type DeliveryPolicy, type ReportPorts } from './report-ports.ts';

interface VersionRequest {
  agencyId: string;
  periodId: string;
  version: number;
  /** the caller's id, for the history */
  by: string;
}

async function requireVersion(ports: Pick<ReportPorts, 'versions'>, request: Pick<VersionRequest, 'agencyId' | 'periodId' | 'version'>): Promise<ReportVersion> {
  const report = await ports.versions.getVersion(request.agencyId, request.periodId, request.version);
  if (!report) throw new NotFound(`No version ${request.version} of the ${request.periodId} report of ${request.agencyId}`, [{ path: 'path.version', message: 'no such version' }]);
  return report;
}

/** Stores the transition unless another one came first; then the caller is told the state it met (409). */
async function commit(ports: Pick<ReportPorts, 'versions'>, report: ReportVersion, next: ReportVersion, action: ReportAction): Promise<ReportVersion> {
  if (await ports.versions.transition(next, report.state)) return next;
  const now = await requireVersion(ports, report);
  nextState(now, action); // throws wrong_state for the state the other transition left
  throw new Conflict('concurrent_transition', `Version ${report.version} changed while this request ran; reload and try again`);
}

async function moveVersion(ports: ReportPorts, request: VersionRequest, action: 'submit' | 'return', comment?: string): Promise<ReportVersion> {
  const report = await requireVersion(ports, request);
  const next = applyTransition(report, action, { by: request.by, at: ports.now().toISOString(), ...(comment === undefined ? {} : { comment }) });
  const stored = await commit(ports, report, next, action);
  log.info(`report ${action}`, { agencyId: report.agencyId, periodId: report.periodId, version: report.version, by: request.by });
  return stored;
}

/** draft (or returned) → submitted: the office asks a leader to sign (trình ký). */
export const submitReport = (ports: ReportPorts, request: VersionRequest) => moveVersion(ports, request, 'submit');

/** submitted → returned, with the leader's comment. */
export const returnReport = (ports: ReportPorts, request: VersionRequest & { comment: string }) => moveVersion(ports, request, 'return', request.comment);

export interface IssueRequest extends VersionRequest {
  /** "1015/BC-SKHCN" */
  number: string;
  signerName: string;
  /** the date line, YYYY-MM-DD */
  issuedOn: string;
}

export interface IssueOutcome {
  report: ReportVersion;
  deliveries: Delivery[];
}

/**
 * submitted → issued. Refused as `stale` when the data changed since the version was rendered
 * (the issued files would not say what the reviewed draft said). Of two leaders issuing at once,
 * the conditional transition lets one through; the other gets 409 and mails nothing.
 */
export async function issueReport(ports: ReportPorts, request: IssueRequest, policy: DeliveryPolicy = DELIVERY_POLICY): Promise<IssueOutcome> {
  const report = await requireVersion(ports, request);
  nextState(report, 'issue');
  const profile = await requireProfile(ports, request.agencyId);
  const earlier = (await ports.versions.listVersions(request.agencyId, request.periodId)).filter((v) => v.version < report.version);
  // The version's own date: a provisional draft is dated the day it was rendered, and issuing it a few days later is not a change of data.
  const input = { ...(await reportInput(ports, profile, request.periodId, earlier)), issuedOn: report.issuedOn };
  if (inputHashOf(input) !== report.inputHash) {
    throw new Conflict('stale', `The data of the ${request.periodId} report changed since version ${report.version} was rendered: render it again (POST …/reports) and submit the new version`, [
      { path: 'path.version', message: 'rendered from data that has changed since' },
    ]);
  }

  const issue = { number: nfc(request.number.trim()), signerName: nfc(request.signerName.trim()), issuedOn: request.issuedOn };
  const model = buildReportModel({ ...input, issue });
  const [docx, { bytes: unsigned }] = await Promise.all([renderDocx(model), renderPdf(model)]);
  const signedAt = ports.now();
  const pdf = await signPdf(unsigned, ports.signerFor(profile), { signerName: issue.signerName, reason: 'Phát hành báo cáo', signedAt });
  // Each attempt's files go in a folder named by the signed PDF, so a concurrent issue that loses never overwrites the winner's.
  const folder = `ban-hanh-${sha256Hex(pdf).slice(0, 12)}`;
  const metadata = { 'input-sha256': report.inputHash, version: String(report.version), number: encodeURIComponent(issue.number), 'issued-on': issue.issuedOn };
  const [docxFile, pdfFile] = await Promise.all([
    storeReportFile(ports, reportKey(report, 'docx', folder), 'docx', docx, metadata),
    storeReportFile(ports, reportKey(report, 'pdf', folder), 'pdf', pdf, metadata),
  ]);
  const next = applyTransition(report, 'issue', { by: request.by, at: signedAt.toISOString() }, { issued: { ...issue, files: { docx: docxFile, pdf: pdfFile } } });
  const issued = await commit(ports, report, next, 'issue');
  ports.metrics.count('ReportsIssued');
  log.info('report issued', { agencyId: report.agencyId, periodId: report.periodId, version: report.version, number: issue.number, by: request.by });
  return { report: issued, deliveries: await deliverReport(ports, issued, profile, policy) };
}

/**
 * One e-mail per recipient address of an issued version, with its DOCX and signed PDF attached.
 * An address already sent this version is skipped, so a retry sends nothing twice. A failing send
 * is retried with backoff, then logged as failed.
 */
export async function deliverReport(ports: ReportPorts, report: ReportVersion, profile: AgencyProfile, policy: DeliveryPolicy): Promise<Delivery[]> {
  const issued = report.issued;
  if (!issued) return [];
  const addresses = profile.recipients.flatMap((r) => r.emails.map((address) => ({ address: address.toLowerCase(), recipient: r.line })));
  if (addresses.length === 0) return [];
  // The files are read once, and only when some address still has to be sent this version.
  let files: Promise<[Uint8Array, Uint8Array]> | undefined;
  const subject = `${issued.number}: ${report.title}`;
  const results: Delivery[] = [];
  for (const { address, recipient } of addresses) {
    const claimed = await ports.deliveries.claim(report.agencyId, report.periodId, { version: report.version, address, recipient }, ports.now().toISOString(), policy.staleClaimMs);
    if (!claimed) continue;
    files ??= Promise.all([ports.files.get(issued.files.docx.key), ports.files.get(issued.files.pdf.key)]);
    const [docx, pdf] = await files;
    const { attempts, messageId, lastError } = await sendWithRetries(
      ports,
      {
        from: ports.mailFrom,
        to: address,
        subject,
        text: mailText(profile, report, recipient),
        attachments: [
          { filename: reportFileName(report, 'docx', true), contentType: REPORT_MIME.docx, content: docx },
          { filename: reportFileName(report, 'pdf', true), contentType: REPORT_MIME.pdf, content: pdf },
        ],
        // The SES tag a bounce or complaint is recorded by (functions/mail-events).
        delivery: { agencyId: report.agencyId, periodId: report.periodId, version: report.version },
      },
      policy,
      { agencyId: report.agencyId, periodId: report.periodId, version: report.version },
    );
    const delivery: Delivery =
      messageId === undefined
        ? { version: report.version, address, recipient, status: 'failed', attempts, lastError, updatedAt: ports.now().toISOString() }
        : { version: report.version, address, recipient, status: 'sent', attempts, messageId, updatedAt: ports.now().toISOString() };
    await ports.deliveries.record(report.agencyId, report.periodId, delivery);
    ports.metrics.count(delivery.status === 'sent' ? 'MailsSent' : 'MailsFailed');
    results.push(delivery);
  }
  return results;
}

function mailText(profile: AgencyProfile, report: ReportVersion, recipient: string): string {
  const issued = report.issued!;
  const kind = report.amendment ? 'báo cáo bổ sung' : 'báo cáo';
  return mailBody([
    `Kính gửi: ${salutationOf(recipient)}`,
    '',
    `${profile.agencyName} gửi ${kind} số ${issued.number} ngày ${formatDate(issued.issuedOn)} về công tác cải cách hành chính ${periodName(parsePeriodId(report.periodId))}, bản DOCX và bản PDF có chữ ký số đính kèm.`,
    report.amendment ? 'Báo cáo bổ sung này cập nhật số liệu hoặc nội dung đã thay đổi sau khi báo cáo trước của kỳ được ban hành.' : '',
    '',
    'Thư này được gửi tự động; vui lòng không trả lời thư này.',
  ]);
}
