// Use case: render a period's report from the stored data and keep it as a new draft version when
// the data changed (CONTRACT §6: only an issued version goes to the recipients, see review-report.ts).
import { listCitations } from '#domain/attachment.ts';
import type { Delivery, ListedDelivery } from '#domain/delivery.ts';
import type { PeriodFigures } from '#domain/figures.ts';
import { IndicatorValuesDocumentSchema, type IndicatorValuesDocument } from '#domain/indicator-values.ts';
import { parseWith } from '#domain/parse.ts';
import { localDate, parsePeriodId, previousPeriod, yearEarlier } from '#domain/periods.ts';
import type { AgencyProfile } from '#domain/profile.ts';
import { buildReportModel, type ReportInput } from '#domain/report-model.ts';
import { periodName } from '#domain/report/period-wording.ts';
import { provinceFigures, type ComparedPeriod, type ProvinceInput } from '#domain/report/province.ts';
import { canonicalJson, REPORT_MIME, reportFileName, type RenderOutcome, type ReportFile, type ReportListing, type ReportVersion } from '#domain/report-version.ts';
import { isAmendment } from '#domain/report-workflow.ts';
import { Conflict, NotFound } from '#domain/errors.ts';
import { renderDocx } from '#render/docx.ts';
import { renderPdf } from '#render/pdf.ts';
import { sha256Hex } from '#adapters/hash.ts';
import { log } from '#adapters/log.ts';
import { indicatorsKey, reportKey } from '#adapters/object-keys.ts';
import { readFigures } from './figures.ts';
import { agenciesFigures, rollup, standings } from './rollup.ts';
import { requireProfile, type ReportPorts } from './report-ports.ts';

/** Stores a rendered file with the metadata that names what it was rendered from. */
export async function storeReportFile(ports: Pick<ReportPorts, 'files'>, key: string, ext: 'docx' | 'pdf', body: Uint8Array, metadata: Record<string, string>): Promise<ReportFile> {
  const file = { key, sha256: sha256Hex(body), size: body.length };
  await ports.files.put(key, body, REPORT_MIME[ext], { sha256: file.sha256, ...metadata });
  return file;
}

/**
 * Everything a report is rendered from. A closed period's report is dated the day after it closes;
 * it is an amendment when a version before it (`earlier`) was issued.
 */
export async function reportInput(ports: ReportPorts, profile: AgencyProfile, periodId: string, earlier: readonly ReportVersion[]): Promise<ReportInput> {
  const period = parsePeriodId(periodId);
  const now = ports.now().getTime();
  const provisional = now < period.end;
  const [data, sections, citations] = await Promise.all([
    profile.level === 'province' ? provinceData(ports, profile, periodId) : readFigures(ports.figures, profile.agencyId, periodId).then((figures) => ({ figures })),
    ports.sections.listSections(profile.agencyId, periodId),
    listCitations(ports.uploads, profile.agencyId, periodId),
  ]);
  const amendment = isAmendment(earlier);
  return { profile, ...data, sections, citations, issuedOn: localDate(provisional ? now : period.end), provisional, ...(amendment ? { amendment } : {}) };
}

/**
 * The province's report (CONTRACT §8): its figures are the sum of every agency's (its own
 * included), read from the same counters as each agency's summary; where its agencies stand, and
 * their issued reports, from their report versions; the province's totals of the previous period
 * and of a year earlier from the roll-up.
 */
async function provinceData(ports: ReportPorts, profile: AgencyProfile, periodId: string): Promise<{ figures: PeriodFigures; province: ProvinceInput }> {
  const period = parsePeriodId(periodId);
  const compared = async (id: string | undefined): Promise<ComparedPeriod | undefined> =>
    id === undefined ? undefined : { label: periodName(parsePeriodId(id)), total: (await rollup(ports, id)).total };
  const [agencies, board, previous, sameTimeLastYear] = await Promise.all([
    agenciesFigures(ports, periodId),
    standings(ports, periodId),
    compared(previousPeriod(period)),
    compared(yearEarlier(period)),
  ]);
  const others = board.filter((s) => s.profile.agencyId !== profile.agencyId);
  const province: ProvinceInput = {
    agencies,
    submissions: others.map(({ submission: { agencyId, name, number, deadline, late } }) => ({ agencyId, name, number, deadline, late })),
    ...(previous ? { previous } : {}),
    ...(sameTimeLastYear ? { yearEarlier: sameTimeLastYear } : {}),
    issuedReports: others.flatMap(({ profile: agency, issued }) =>
      issued?.issued ? [{ kind: 'BC', number: issued.issued.number, issuedOn: issued.issued.issuedOn, issuer: agency.agencyName, subject: issued.title }] : [],
    ),
  };
  return { figures: provinceFigures(profile.agencyId, period, agencies), province };
}

export const inputHashOf = (input: ReportInput): string => sha256Hex(canonicalJson(input));

export async function renderReport(
  ports: ReportPorts,
  request: { agencyId: string; periodId: string; trigger: 'schedule' | 'staff'; /** who asked: a user id, else the trigger */ by?: string },
): Promise<RenderOutcome> {
  const profile = await requireProfile(ports, request.agencyId);
  for (let attempt = 0; ; attempt++) {
    const versions = await ports.versions.listVersions(request.agencyId, request.periodId);
    const latest = versions.at(-1);
    const input = await reportInput(ports, profile, request.periodId, versions);
    const inputHash = inputHashOf(input);
    if (latest?.inputHash === inputHash) return { report: latest, created: false };

    const version = (latest?.version ?? 0) + 1;
    const model = buildReportModel(input);
    const [docx, { bytes: pdf }] = await Promise.all([renderDocx(model), renderPdf(model)]);
    const base = { agencyId: request.agencyId, periodId: request.periodId, version };
    const figuresHash = sha256Hex(canonicalJson(input.figures));
    const amendment = input.amendment === true;
    const createdAt = ports.now().toISOString();
    const metadata = {
      'figures-sha256': figuresHash,
      'input-sha256': inputHash,
      version: String(version),
      amendment: String(amendment),
      provisional: String(input.provisional),
    };
    const [docxFile, pdfFile] = await Promise.all([
      storeReportFile(ports, reportKey(base, 'docx'), 'docx', docx, metadata),
      storeReportFile(ports, reportKey(base, 'pdf'), 'pdf', pdf, metadata),
    ]);
    const report: ReportVersion = {
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
      ...(model.unmatchedCitations.length > 0 ? { missingCitations: model.unmatchedCitations } : {}),
    };
    // Another run may have stored this version number first: plan again from its result.
    if (!(await ports.versions.addVersion(report))) {
      if (attempt < 3) continue;
      throw new Conflict('concurrent_render', 'Another rendering of this report is being stored; try again');
    }
    ports.metrics.count('ReportsRendered');
    log.info('report stored', { agencyId: request.agencyId, periodId: request.periodId, version, amendment, provisional: input.provisional });
    return { report, created: true };
  }
}

/** How long the download links of a listing stay valid. */
const DOWNLOAD_LINK_SECONDS = 300;

/** A delivery as the listing shows it (CONTRACT §6): whom, how, where it stands and since when, and why where it was refused or failed. */
export const deliveryView = (d: Delivery): ListedDelivery => ({
  recipient: d.recipient.line,
  recipientNo: d.recipient.no,
  channel: d.channel,
  state: d.state,
  at: d.at,
  detail: d.detail ?? null,
});

/** The period's versions, newest first, with their state, number, deliveries and download links valid a few minutes. */
export async function listReports(ports: ReportPorts, agencyId: string, periodId: string): Promise<ReportListing> {
  const [versions, deliveries] = await Promise.all([ports.versions.listVersions(agencyId, periodId), ports.deliveries.listDeliveries(agencyId, periodId)]);
  const expiresAt = new Date(ports.now().getTime() + DOWNLOAD_LINK_SECONDS * 1000).toISOString();
  const links = async (report: ReportVersion, files: ReportVersion['files'], issued: boolean) => ({
    docx: await ports.files.downloadUrl(files.docx.key, reportFileName(report, 'docx', issued), DOWNLOAD_LINK_SECONDS),
    pdf: await ports.files.downloadUrl(files.pdf.key, reportFileName(report, 'pdf', issued), DOWNLOAD_LINK_SECONDS),
  });
  const reports = await Promise.all(
    versions.toReversed().map(async (report) => ({
      ...report,
      number: report.issued?.number ?? null,
      downloads: {
        ...(await links(report, report.files, false)),
        ...(report.signed ? { signed: { pdf: await ports.files.downloadUrl(report.signed.pdf.key, reportFileName(report, 'pdf', true), DOWNLOAD_LINK_SECONDS) } } : {}),
        ...(report.issued ? { issued: await links(report, report.issued.files, true) } : {}),
        expiresAt,
      },
      deliveries: deliveries.filter((d) => d.version === report.version).map(deliveryView),
    })),
  );
  return { agencyId, periodId, reports };
}

/** The indicator values stored with an issued version; 409 before it is issued, or when the agency had no organ code then. */
export async function readIndicators(ports: Pick<ReportPorts, 'versions' | 'files'>, agencyId: string, periodId: string, version: number): Promise<IndicatorValuesDocument> {
  const report = await ports.versions.getVersion(agencyId, periodId, version);
  if (!report) throw new NotFound(`No version ${version} of the ${periodId} report of ${agencyId}`, [{ path: 'path.version', message: 'no such version' }]);
  if (!report.issued) throw new Conflict('not_issued', `Version ${version} is not issued: only an issued report has indicator values`, [{ path: 'path.version', message: 'not issued' }]);
  try {
    return parseWith(IndicatorValuesDocumentSchema, JSON.parse(new TextDecoder().decode(await ports.files.get(indicatorsKey(report.issued.files.pdf.key)))), ['indicators']);
  } catch (error) {
    if ((error as Error).name !== 'NoSuchKey') throw error;
    throw new Conflict('no_indicators', `Version ${version} was issued without indicator values (the profile had no organId)`, [{ path: 'path.version', message: 'no indicator values' }]);
  }
}
