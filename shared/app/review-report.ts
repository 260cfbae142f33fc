// Use cases of the review (CONTRACT §6, Decree 30/2020): staff submit a draft; a leader returns it
// or signs it with the leader's own key; the clerk (văn thư) gives the number and the date, adds the
// agency's signature, stores the issued files beside the draft's and queues their delivery to "Nơi nhận".
import type { Caller } from '#domain/access.ts';
import type { ImageKind } from '#domain/attachment.ts';
import { buildReportModel, type ReportInput } from '#domain/report-model.ts';
import { localDate, parsePeriodId } from '#domain/periods.ts';
import type { AgencyProfile } from '#domain/profile.ts';
import { canonicalJson, type IssueOutcome, type ReportVersion } from '#domain/report-version.ts';
import {
  amendedBy,
  applyTransition,
  checkCitations,
  checkIssueDate,
  checkIssuer,
  nextState,
  numberTaken,
  numberYear,
  signerOf,
  type ReportAction,
} from '#domain/report-workflow.ts';
import { Conflict, Invalid, NotFound } from '#domain/errors.ts';
import { dateLineParts, nfc } from '#domain/vi-format.ts';
import { renderDocx } from '#render/docx.ts';
import { renderPdf } from '#render/pdf.ts';
import { issueSigned, signAsLeader } from '#render/sign-report.ts';
import { sha256Hex } from '#adapters/hash.ts';
import { log } from '#adapters/log.ts';
import { deliveryRecipients, queueDeliveries } from './deliver-report.ts';
import { attachmentKey, indicatorsKey, narrativeKey, reportKey } from '#adapters/object-keys.ts';
import { indicatorValues } from '#domain/indicator-values.ts';
import { inputHashOf, reportInput, storeReportFile } from './render-report.ts';
import { requireProfile, type ReportPorts, type ReviewPorts } from './report-ports.ts';

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
  const outcome = await ports.versions.transition(next, report.state);
  if (outcome === 'done') return next;
  if (outcome === 'number_taken') throw numberTaken(next.issued!.number, numberYear(next.issued!.issuedOn));
  const now = await requireVersion(ports, report);
  nextState(now, action); // throws wrong_state for the state the other transition left
  throw new Conflict('concurrent_transition', `Version ${report.version} changed while this request ran; reload and try again`);
}

async function moveVersion(ports: ReportPorts, request: VersionRequest, action: 'submit' | 'return', comment?: string): Promise<ReportVersion> {
  const report = await requireVersion(ports, request);
  nextState(report, action);
  if (action === 'submit') checkCitations(report.missingCitations, action);
  const next = applyTransition(report, action, { by: request.by, at: ports.now().toISOString(), ...(comment === undefined ? {} : { comment }) });
  const stored = await commit(ports, report, next, action);
  log.info(`report ${action}`, { agencyId: report.agencyId, periodId: report.periodId, version: report.version, by: request.by });
  return stored;
}

/** draft (or returned) → submitted: the office asks a leader to sign (trình ký). */
export const submitReport = (ports: ReportPorts, request: VersionRequest) => moveVersion(ports, request, 'submit');

/** submitted → returned, with the leader's comment. */
export const returnReport = (ports: ReportPorts, request: VersionRequest & { comment: string }) => moveVersion(ports, request, 'return', request.comment);

/**
 * What the version was rendered from, read again: `stale` when the data changed since (the signed or
 * issued files would not say what the reviewed draft said); `missing_citations` when the narrative
 * cites a document that is not there.
 */
async function unchangedInput(ports: ReportPorts, report: ReportVersion, profile: AgencyProfile, action: ReportAction): Promise<ReportInput> {
  const earlier = (await ports.versions.listVersions(report.agencyId, report.periodId)).filter((v) => v.version < report.version);
  // The version's own date: a provisional draft is dated the day it was rendered, and signing it a few days later is not a change of data.
  const input = { ...(await reportInput(ports, profile, report.periodId, earlier)), issuedOn: report.issuedOn };
  if (inputHashOf(input) !== report.inputHash) {
    throw new Conflict('stale', `The data of the ${report.periodId} report changed since version ${report.version} was rendered: render it again (POST …/reports) and submit the new version`, [
      { path: 'path.version', message: 'rendered from data that has changed since' },
    ]);
  }
  checkCitations(buildReportModel(input).unmatchedCitations, action);
  return input;
}

/** Each attempt's files go in a folder named by its PDF, so a concurrent attempt that loses never overwrites the winner's. */
const attemptFolder = (stage: 'ky' | 'ban-hanh', pdf: Uint8Array) => `${stage}-${sha256Hex(pdf).slice(0, 12)}`;

/**
 * A signing image the profile names (`path`, e.g. `signers[0].signatureImage`): the bytes of an
 * accepted upload of that kind. Missing or not accepted: 409, naming the profile field to set.
 */
async function signingImage(ports: Pick<ReviewPorts, 'uploads' | 'uploadObjects'>, agencyId: string, uploadId: string | undefined, kind: ImageKind, path: string): Promise<Uint8Array> {
  const upload = uploadId === undefined ? undefined : await ports.uploads.get({ agencyId, uploadId });
  if (!upload || upload.state !== 'accepted' || upload.image?.kind !== kind) {
    const why = !uploadId ? 'is not set' : !upload ? `names no upload of ${agencyId}` : upload.image?.kind !== kind ? `names an upload that is not a ${kind}` : `names an upload that is ${upload.state}`;
    throw new Conflict('signing_image_missing', `The profile's ${path} ${why}: upload the PNG as a ${kind}, wait for it to be accepted, and name it in the profile`, [{ path: `profile.${path}`, message: why }]);
  }
  const key = attachmentKey(upload, upload.fileName);
  const head = await ports.uploadObjects.head(key);
  if (!head) throw new Error(`The accepted ${kind} ${uploadId} of ${agencyId} is missing from the uploads bucket (${key})`);
  return ports.uploadObjects.read(key, head.etag);
}

export interface SignRequest extends VersionRequest {
  /** the signing leader as the identity names them (never typed in) */
  caller: Pick<Caller, 'id' | 'name'>;
}

/**
 * submitted → signed: renders the document with the leader's title and own name, number and date
 * still blank, and signs the PDF with the leader's personal key. A leader the profile's `signers`
 * does not list is refused (403).
 */
export async function signReport(ports: ReviewPorts, request: SignRequest): Promise<ReportVersion> {
  const report = await requireVersion(ports, request);
  const profile = await requireProfile(ports, request.agencyId);
  const { signatureImage, ...signer } = signerOf(profile, request.caller);
  nextState(report, 'sign');
  const input = await unchangedInput(ports, report, profile, 'sign');
  const image = await signingImage(ports, report.agencyId, signatureImage, 'signature-image', `signers[${profile.signers.findIndex((s) => s.userId === signer.userId)}].signatureImage`);
  const rendered = await renderPdf(buildReportModel({ ...input, stage: 'signed', signer }));
  const signedAt = ports.now();
  const pdf = await signAsLeader(rendered, ports.signerFor(profile, signer), { signerName: signer.name, signatureImagePng: image, signedAt });
  const metadata = { 'input-sha256': report.inputHash, version: String(report.version), signer: encodeURIComponent(signer.userId) };
  const pdfFile = await storeReportFile(ports, reportKey(report, 'pdf', attemptFolder('ky', pdf)), 'pdf', pdf, metadata);
  const next = applyTransition(report, 'sign', { by: request.by, at: signedAt.toISOString() }, { signed: { signer, signedAt: signedAt.toISOString(), pdf: pdfFile, slots: rendered.slots } });
  const signed = await commit(ports, report, next, 'sign');
  ports.metrics.count('ReportsSigned');
  log.info('report signed', { agencyId: report.agencyId, periodId: report.periodId, version: report.version, by: request.by });
  return signed;
}

export interface IssueRequest extends VersionRequest {
  /** the issuer's role: a leader issues only where the profile names no clerk */
  caller: Pick<Caller, 'role'>;
  /** "1015/BC-SKHCN" */
  number: string;
  /** the date line, YYYY-MM-DD */
  issuedOn: string;
}

/**
 * signed → issued: the number and the date go into the leader-signed PDF, then the agency's
 * signature; the issued DOCX (the editable copy) is rendered with them. Of two clerks issuing at
 * once, the conditional transition lets one through; the other gets 409 and queues nothing. The
 * answer comes once one delivery task per recipient is queued (CONTRACT §10): the worker sends them. A number
 * the agency already gave that year is refused (`number_taken`), and so is a date the report cannot
 * bear (issue #23, 4).
 */
export async function issueReport(ports: ReviewPorts, request: IssueRequest): Promise<IssueOutcome> {
  const report = await requireVersion(ports, request);
  const profile = await requireProfile(ports, request.agencyId);
  checkIssuer(profile, request.caller);
  nextState(report, 'issue');
  const versions = await ports.versions.listVersions(request.agencyId, request.periodId);
  checkIssueDate(request.issuedOn, { period: parsePeriodId(request.periodId), today: localDate(ports.now().getTime()), amends: amendedBy(versions, report.version) });
  const issue = { number: nfc(request.number.trim()), signerName: report.signed!.signer.name, issuedOn: request.issuedOn };
  const serial = serialOf(issue.number, profile);
  if (await ports.versions.numberTaken(report.agencyId, numberYear(issue.issuedOn), issue.number)) throw numberTaken(issue.number, numberYear(issue.issuedOn));
  const input = await unchangedInput(ports, report, profile, 'issue');
  const seal = await signingImage(ports, report.agencyId, profile.sealImage, 'seal-image', 'sealImage');
  const leaderSigned = await ports.files.get(report.signed!.pdf.key);

  // The DOCX is rendered whole with number and date; the PDF is the leader-signed one, completed in its blanks.
  const docx = await renderDocx(buildReportModel({ ...input, stage: 'issued', issue, signer: report.signed!.signer }));
  const signedAt = ports.now();
  const pdf = await issueSigned(leaderSigned, report.signed!.slots, ports.signerFor(profile), {
    number: serial,
    ...dateLineParts(issue.issuedOn),
    agencyName: nfc(profile.agencyName),
    ...(profile.email ? { agencyEmail: profile.email } : {}),
    sealImagePng: seal,
    signedAt,
  });
  const folder = attemptFolder('ban-hanh', pdf);
  const metadata = { 'input-sha256': report.inputHash, version: String(report.version), number: encodeURIComponent(issue.number), 'issued-on': issue.issuedOn };
  const [docxFile, pdfFile] = await Promise.all([
    storeReportFile(ports, reportKey(report, 'docx', folder), 'docx', docx, metadata),
    storeReportFile(ports, reportKey(report, 'pdf', folder), 'pdf', pdf, metadata),
    // The sections as issued, for the province's excerpts: the stored ones may be edited after the issue.
    ports.files.put(narrativeKey(report), new TextEncoder().encode(canonicalJson(input.sections)), 'application/json', metadata),
  ]);
  // The figures as indicator values beside the issued files, for the province's system to pull (GET …/indicators.json).
  if (profile.organId) {
    const values = indicatorValues({ agencyId: report.agencyId, organId: profile.organId, period: parsePeriodId(report.periodId), figures: input.figures, report: { provisional: report.provisional, issued: issue } });
    await ports.files.put(indicatorsKey(pdfFile.key), new TextEncoder().encode(`${JSON.stringify(values, null, 2)}\n`), 'application/json', metadata);
  }
  const next = applyTransition(report, 'issue', { by: request.by, at: signedAt.toISOString() }, { issued: { ...issue, files: { docx: docxFile, pdf: pdfFile } } });
  const issued = await commit(ports, report, next, 'issue');
  ports.metrics.count('ReportsIssued');
  log.info('report issued', { agencyId: report.agencyId, periodId: report.periodId, version: report.version, number: issue.number, by: request.by });
  return { report: issued, deliveries: await queueDeliveries(ports, issued, profile, deliveryRecipients(profile)) };
}

/**
 * The number written into the signed PDF's blank before "/BC-…": the part before the slash. The
 * symbol after it must be the one the document prints ("BC-" and the agency's symbol).
 */
function serialOf(number: string, profile: Pick<AgencyProfile, 'symbol'>): string {
  const [serial, symbol] = number.split('/');
  if (symbol !== `BC-${profile.symbol}`) {
    throw new Invalid(`The number ${number} does not end in the symbol the report prints, BC-${profile.symbol}`, [{ path: 'number', message: `must be <number>/BC-${profile.symbol}` }]);
  }
  return serial!;
}
