// Use case: render a period's report from the stored data, keep it as a new version when the data
// changed, and deliver a closed period's report to the recipients of "Nơi nhận".
import { listCitations, type PeriodUploads } from '#domain/attachment.ts';
import { localDate, parsePeriodId } from '#domain/periods.ts';
import type { AgencyProfile } from '#domain/profile.ts';
import { buildReportModel, type ReportInput } from '#domain/report-model.ts';
import { canonicalJson, sha256Hex, type Delivery, type ReportFile, type ReportVersion } from '#domain/report-version.ts';
import { formatDate } from '#domain/vi-format.ts';
import { Conflict } from '#domain/errors.ts';
import type { Metrics } from '#domain/metrics.ts';
import { renderDocx } from '#render/docx.ts';
import { renderPdf } from '#render/pdf.ts';
import type { FiguresStore } from '#domain/figures-ports.ts';
import { log } from '#adapters/log.ts';
import type { Mailer } from '#domain/report-ports.ts';
import type { ReportFiles } from '#domain/report-ports.ts';
import type { DeliveryLog, ProfileStore, ReportVersionStore, SectionStore } from '#domain/report-ports.ts';
import { readFigures } from '#functions/summary/summary.ts';

export interface ReportPorts {
  figures: FiguresStore;
  profiles: ProfileStore;
  sections: SectionStore;
  uploads: PeriodUploads;
  versions: ReportVersionStore;
  files: ReportFiles;
  deliveries: DeliveryLog;
  mailer: Mailer;
  mailFrom: string;
  metrics: Metrics;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
}

export interface DeliveryPolicy {
  /** sends tried per address in one run */
  attempts: number;
  /** first backoff; doubles after each failure */
  backoffMs: number;
  /** a "sending" claim older than this belongs to a run that died and may be taken over */
  staleClaimMs: number;
}

export const DELIVERY_POLICY: DeliveryPolicy = { attempts: 3, backoffMs: 2_000, staleClaimMs: 15 * 60_000 };

const MIME = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
} as const;

const reportFileName = (r: Pick<ReportVersion, 'agencyId' | 'periodId' | 'version'>, ext: 'docx' | 'pdf') =>
  `bao-cao-cchc-${r.agencyId}-${r.periodId}-v${r.version}.${ext}`;

const reportKey = (r: Pick<ReportVersion, 'agencyId' | 'periodId' | 'version'>, ext: 'docx' | 'pdf') =>
  `reports/${r.agencyId}/${r.periodId}/v${String(r.version).padStart(4, '0')}/${reportFileName(r, ext)}`;

async function requireProfile(ports: Pick<ReportPorts, 'profiles'>, agencyId: string): Promise<AgencyProfile> {
  const profile = await ports.profiles.getProfile(agencyId);
  if (!profile) {
    throw new Conflict('profile_missing', `Agency ${agencyId} has no profile yet: PUT /v1/agencies/${agencyId} first`, [{ path: 'path.agencyId', message: 'no profile' }]);
  }
  return profile;
}

/** Everything a report is rendered from. A closed period's report is dated the day after it closes. */
async function reportInput(ports: ReportPorts, profile: AgencyProfile, periodId: string): Promise<ReportInput> {
  const period = parsePeriodId(periodId);
  const now = ports.now().getTime();
  const provisional = now < period.end;
  const [figures, sections, citations] = await Promise.all([
    readFigures(ports.figures, profile.agencyId, periodId),
    ports.sections.listSections(profile.agencyId, periodId),
    listCitations(ports.uploads, profile.agencyId, periodId),
  ]);
  return { profile, figures, sections, citations, issuedOn: localDate(provisional ? now : period.end), provisional };
}

export interface RenderOutcome {
  report: ReportVersion;
  /** false when the data had not changed since the latest version */
  created: boolean;
  deliveries: Delivery[];
}

export async function renderReport(
  ports: ReportPorts,
  request: { agencyId: string; periodId: string; trigger: 'schedule' | 'staff'; deliver: boolean; /** who asked: a user id, else the trigger */ by?: string },
  policy: DeliveryPolicy = DELIVERY_POLICY,
): Promise<RenderOutcome> {
  const profile = await requireProfile(ports, request.agencyId);
  for (let attempt = 0; ; attempt++) {
    const input = await reportInput(ports, profile, request.periodId);
    const inputHash = sha256Hex(canonicalJson(input));
    const latest = await ports.versions.latestVersion(request.agencyId, request.periodId);
    let report = latest;
    let created = false;
    if (latest?.inputHash !== inputHash) {
      const version = (latest?.version ?? 0) + 1;
      const model = buildReportModel(input);
      const [docx, pdf] = await Promise.all([renderDocx(model), renderPdf(model)]);
      const base = { agencyId: request.agencyId, periodId: request.periodId, version };
      const figuresHash = sha256Hex(canonicalJson(input.figures));
      const amendment = latest !== undefined;
      const createdAt = ports.now().toISOString();
      const store = async (ext: 'docx' | 'pdf', body: Uint8Array): Promise<ReportFile> => {
        const file = { key: reportKey(base, ext), sha256: sha256Hex(body), size: body.length };
        await ports.files.put(file.key, body, MIME[ext], {
          sha256: file.sha256,
          'figures-sha256': figuresHash,
          'input-sha256': inputHash,
          version: String(version),
          amendment: String(amendment),
          provisional: String(input.provisional),
        });
        return file;
      };
      const [docxFile, pdfFile] = await Promise.all([store('docx', docx), store('pdf', pdf)]);
      report = {
        ...base,
        inputHash,
        figuresHash,
        provisional: input.provisional,
        amendment,
        issuedOn: input.issuedOn,
        title: model.documentTitle,
        files: { docx: docxFile, pdf: pdfFile },
        createdAt,
        trigger: request.trigger,
        state: 'draft',
        history: [{ state: 'draft', at: createdAt, by: request.by ?? request.trigger }],
      };
      // Another run may have stored this version number first: plan again from its result.
      if (!(await ports.versions.addVersion(report))) {
        if (attempt < 3) continue;
        throw new Conflict('concurrent_render', 'Another rendering of this report is being stored; try again');
      }
      created = true;
      ports.metrics.count('ReportsRendered');
      log.info('report stored', { agencyId: request.agencyId, periodId: request.periodId, version, amendment, provisional: input.provisional });
    }
    const deliveries = request.deliver && !report!.provisional ? await deliverReport(ports, report!, profile, policy) : [];
    return { report: report!, created, deliveries };
  }
}

/**
 * One e-mail per recipient address, with the DOCX and PDF attached. An address already sent this
 * version is skipped, so the schedule or a retry running again sends nothing twice. A failing
 * send is retried with backoff, then logged as failed for the next run to retry.
 */
export async function deliverReport(ports: ReportPorts, report: ReportVersion, profile: AgencyProfile, policy: DeliveryPolicy): Promise<Delivery[]> {
  const addresses = profile.recipients.flatMap((r) => r.emails.map((address) => ({ address: address.toLowerCase(), recipient: r.line })));
  if (addresses.length === 0) return [];
  // The files are read once, and only when some address still has to be sent this version.
  let files: Promise<[Uint8Array, Uint8Array]> | undefined;
  const subject = report.amendment ? `[Bản cập nhật, phiên bản ${report.version}] ${report.title}` : report.title;
  const results: Delivery[] = [];
  for (const { address, recipient } of addresses) {
    const claimed = await ports.deliveries.claim(report.agencyId, report.periodId, { version: report.version, address, recipient }, ports.now().toISOString(), policy.staleClaimMs);
    if (!claimed) continue;
    files ??= Promise.all([ports.files.get(report.files.docx.key), ports.files.get(report.files.pdf.key)]);
    const [docx, pdf] = await files;
    let attempts = 0;
    let lastError = '';
    let messageId: string | undefined;
    while (attempts < policy.attempts && messageId === undefined) {
      if (attempts > 0) await ports.sleep(policy.backoffMs * 2 ** (attempts - 1));
      attempts++;
      try {
        messageId = await ports.mailer.send({
          from: ports.mailFrom,
          to: address,
          subject,
          text: mailText(profile, report, recipient),
          attachments: [
            { filename: reportFileName(report, 'docx'), contentType: MIME.docx, content: docx },
            { filename: reportFileName(report, 'pdf'), contentType: MIME.pdf, content: pdf },
          ],
          delivery: { agencyId: report.agencyId, periodId: report.periodId, version: report.version },
        });
      } catch (error) {
        lastError = (error as Error).message;
        log.warn('report mail failed', { agencyId: report.agencyId, periodId: report.periodId, version: report.version, address, attempts, error: lastError });
      }
    }
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
  return [
    `Kính gửi: ${recipient}`,
    '',
    `${profile.agencyName} gửi báo cáo công tác cải cách hành chính kỳ ${report.periodId} (ngày ${formatDate(report.issuedOn)}), bản DOCX và PDF đính kèm.`,
    report.amendment ? `Đây là bản cập nhật (phiên bản ${report.version}) thay thế các bản đã gửi trước, do số liệu hoặc nội dung của kỳ báo cáo đã thay đổi.` : '',
    '',
    'Thư này được gửi tự động; vui lòng không trả lời thư này.',
  ]
    .filter((line, i, all) => line !== '' || all[i - 1] !== '')
    .join('\n');
}

/** How long the download links of a listing stay valid. */
const DOWNLOAD_LINK_SECONDS = 300;

/** The period's versions with their deliveries and download links valid a few minutes. */
export async function listReports(ports: ReportPorts, agencyId: string, periodId: string) {
  const [versions, deliveries] = await Promise.all([ports.versions.listVersions(agencyId, periodId), ports.deliveries.listDeliveries(agencyId, periodId)]);
  const expiresAt = new Date(ports.now().getTime() + DOWNLOAD_LINK_SECONDS * 1000).toISOString();
  const reports = await Promise.all(
    versions.map(async (report) => ({
      ...report,
      downloads: {
        docx: await ports.files.downloadUrl(report.files.docx.key, reportFileName(report, 'docx'), DOWNLOAD_LINK_SECONDS),
        pdf: await ports.files.downloadUrl(report.files.pdf.key, reportFileName(report, 'pdf'), DOWNLOAD_LINK_SECONDS),
        expiresAt,
      },
      deliveries: deliveries.filter((d) => d.version === report.version),
    })),
  );
  return { agencyId, periodId, reports };
}
