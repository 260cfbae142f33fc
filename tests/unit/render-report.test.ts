// renderReport and listReports over the in-memory fakes (tests/support/fakes.ts), with the real
// renderers and the SKHCN sample stream applied to the figures: versions, stored bytes and their
// hashes; the review (submit, return, issue) and what is mailed on issue. tests/integration/reports.test.ts
// and review.test.ts do the same against DynamoDB Local, s3rver and an SMTP sink; this runs without them.
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { Conflict } from '#domain/errors.ts';
import type { RenderOutcome, ReportVersion } from '#domain/report-version.ts';
import { HttpError } from '#adapters/http.ts';
import { saveSection } from '#functions/sections/sections.ts';
import { listReports, readIndicators, renderReport } from '#app/render-report.ts';
import { issueReport, returnReport, signReport, submitReport } from '#app/review-report.ts';
import { docxText } from '../support/report-text.ts';
import { reportWorld, SAMPLE_CLERK, SAMPLE_EVENTS, SAMPLE_LEADER, sampleProfile } from '../support/report-world.ts';

const AGENCY = 'SKHCN';
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const ONE_STOP =
  'Từ ngày 15/12/2022 đến ngày 14/6/2023, Sở đã tiếp nhận 63 hồ sơ (trong đó, trực tuyến 52 hồ sơ, kỳ trước chuyển qua 10 hồ sơ và trực tiếp 1 hồ sơ); thực hiện giải quyết và trả kết quả trước hạn 59 hồ sơ và đúng hạn 0 hồ sơ, trễ hẹn 0 hồ sơ, 0 hồ sơ xin rút, 0 hồ sơ trả lại và 4 hồ sơ đang xử lý chưa đến hạn trả kết quả.' +
  ' Tỷ lệ giải quyết trước hạn, đúng hạn đạt 100%; tỷ lệ hồ sơ trực tuyến đạt 98,11% (chi tiết tại Phụ lục kèm theo).';
const DOCUMENTS = 'ban hành 516 văn bản, trong đó 417 văn bản điện tử và 99 văn bản điện tử kèm theo văn bản giấy';
const NARRATIVE = 'Tiếp tục thực hiện cơ chế một cửa, một cửa liên thông tại Trung tâm Phục vụ hành chính công tỉnh.';
const LATER_NARRATIVE = 'Rà soát, đơn giản hóa 05 thủ tục hành chính thuộc lĩnh vực khoa học và công nghệ.';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const h1 = { agencyId: AGENCY, periodId: '2023-H1', trigger: 'staff' } as const;
const fileKey = (version: number, ext: string) => `reports/${AGENCY}/2023-H1/v${String(version).padStart(4, '0')}/bao-cao-cchc-${AGENCY}-2023-H1-v${version}.${ext}`;

type World = Awaited<ReturnType<typeof reportWorld>>;

/** The sample's figures and profile, one paragraph of narrative, the clock a few days after H1 closed. */
async function closedH1(): Promise<World> {
  const world = await reportWorld({ now: '2023-06-20T02:00:00.000Z', events: SAMPLE_EVENTS, profiles: [sampleProfile()] });
  await saveSection({ sections: world.report.store, now: world.clock.now }, { agencyId: AGENCY, periodId: '2023-H1', sectionKey: 'procedures', paragraphs: [NARRATIVE] });
  return world;
}

/** Each stored file is the bytes its version names, with the hashes and flags in its metadata. */
function expectStored(world: World, report: ReportVersion) {
  for (const [ext, contentType] of [['docx', DOCX_TYPE], ['pdf', 'application/pdf']] as const) {
    const file = report.files[ext];
    expect(file.key).toBe(fileKey(report.version, ext));
    const object = world.files.objects.get(file.key)!;
    expect(object.contentType).toBe(contentType);
    expect(sha256(object.body)).toBe(file.sha256);
    expect(object.body.length).toBe(file.size);
    expect(object.metadata).toEqual({
      sha256: file.sha256,
      'figures-sha256': report.figuresHash,
      'input-sha256': report.inputHash,
      version: String(report.version),
      amendment: String(report.amendment),
      provisional: String(report.provisional),
    });
  }
}

describe('renderReport, for a closed period (one world, in order)', () => {
  let world: World;
  let first: RenderOutcome;
  beforeAll(async () => {
    world = await closedH1();
  });

  it('creates draft version 1 from the stored figures, profile and narrative, stores both files and mails nobody', async () => {
    first = await renderReport(world.ports, h1);
    expect(first.created).toBe(true);
    expect(first.report).toMatchObject({ agencyId: AGENCY, periodId: '2023-H1', version: 1, amendment: false, provisional: false, issuedOn: '2023-06-15', trigger: 'staff', createdAt: '2023-06-20T02:00:00.000Z' });
    expect(first.report).toMatchObject({ state: 'draft', history: [{ state: 'draft', at: '2023-06-20T02:00:00.000Z', by: 'staff' }] });
    expect(first.report.issued).toBeUndefined();
    expect(first.report.title).toMatch(/^Báo cáo công tác cải cách hành chính 6 tháng đầu năm .*Sở Khoa học và Công nghệ$/);
    expect([...world.files.objects.keys()].sort()).toEqual([fileKey(1, 'docx'), fileKey(1, 'pdf')]);
    expectStored(world, first.report);
    expect(await world.ports.versions.listVersions(AGENCY, '2023-H1')).toEqual([first.report]);

    // the figures the fake store summed from the sample stream, and the narrative, are in the document
    const { paragraphs } = docxText(world.files.objects.get(fileKey(1, 'docx'))!.body);
    expect(paragraphs).toContain(ONE_STOP);
    expect(paragraphs.join('\n')).toContain(DOCUMENTS);
    expect(paragraphs).toContain(NARRATIVE);
    // a draft: number and date left blank for the clerk (CONTRACT §6)
    expect(paragraphs).toContain(`Quảng Ngãi, ngày${'\u00A0'.repeat(6)}tháng${'\u00A0'.repeat(6)}năm${'\u00A0'.repeat(8)}`);
    expect(paragraphs).toContain(`Số:${'\u00A0'.repeat(8)}/BC-SKHCN`);

    expect(world.mail.tries).toEqual([]);
    expect(await world.ports.deliveries.listDeliveries(AGENCY, '2023-H1')).toEqual([]);
  });

  it('returns the latest version when nothing changed: created false, nothing stored, read or mailed', async () => {
    const calls = { ...world.files.calls };
    const again = await renderReport(world.ports, h1);
    expect(again).toEqual({ report: first.report, created: false });
    expect(world.files.calls).toEqual(calls);
    expect(await world.ports.versions.listVersions(AGENCY, '2023-H1')).toHaveLength(1);
  });

  it('makes draft version 2 when the narrative changes, not an amendment while nothing is issued; keeps version 1', async () => {
    world.clock.set('2023-06-22T01:00:00.000Z');
    await saveSection({ sections: world.report.store, now: world.clock.now }, { agencyId: AGENCY, periodId: '2023-H1', sectionKey: 'procedures', paragraphs: [NARRATIVE, LATER_NARRATIVE] });
    const second = await renderReport(world.ports, h1);
    expect(second.created).toBe(true);
    expect(second.report).toMatchObject({ version: 2, amendment: false, state: 'draft', provisional: false, issuedOn: '2023-06-15', figuresHash: first.report.figuresHash });
    expect(second.report.inputHash).not.toBe(first.report.inputHash);
    expectStored(world, second.report);
    expectStored(world, first.report);
    expect(docxText(world.files.objects.get(fileKey(2, 'docx'))!.body).paragraphs).toContain(LATER_NARRATIVE);
    expect(docxText(world.files.objects.get(fileKey(1, 'docx'))!.body).paragraphs).not.toContain(LATER_NARRATIVE);
    expect(world.mail.tries).toEqual([]);
  });

  it('lists both versions newest first, with state, number, history and links valid five minutes', async () => {
    const { reports } = await listReports(world.ports, AGENCY, '2023-H1');
    expect(reports.map((r) => [r.version, r.state, r.number, r.history.length, r.deliveries])).toEqual([
      [2, 'draft', null, 1, []],
      [1, 'draft', null, 1, []],
    ]);
    expect(reports[0]!.downloads).toEqual({
      docx: `memory://reports/${fileKey(2, 'docx')}?filename=bao-cao-cchc-SKHCN-2023-H1-v2.docx&expires=300`,
      pdf: `memory://reports/${fileKey(2, 'pdf')}?filename=bao-cao-cchc-SKHCN-2023-H1-v2.pdf&expires=300`,
      expiresAt: '2023-06-22T01:05:00.000Z',
    });
  });
});

describe('the review of a version (one world, in order)', () => {
  let world: World;
  let draft: ReportVersion;
  const who = (by: string, version = draft.version) => ({ agencyId: AGENCY, periodId: '2023-H1', version, by });
  const issue = (version = draft.version) => ({ ...who(SAMPLE_CLERK.id, version), caller: SAMPLE_CLERK, number: '1015/BC-SKHCN', issuedOn: '2023-06-16' });
  const sign = (version = draft.version) => signReport(world.ports, { ...who(SAMPLE_LEADER.id, version), caller: SAMPLE_LEADER });
  beforeAll(async () => {
    world = await closedH1();
    draft = (await renderReport(world.ports, h1)).report;
  });

  it('refuses to sign, issue or return a draft (wrong_state) and changes nothing', async () => {
    for (const attempt of [sign(), issueReport(world.ports, issue()), returnReport(world.ports, { ...who('leader-1'), comment: 'x' })]) {
      await expect(attempt).rejects.toMatchObject({ code: 'wrong_state' });
    }
    expect(await world.ports.versions.getVersion(AGENCY, '2023-H1', 1)).toEqual(draft);
    expect(world.files.objects.size).toBe(2);
  });

  it('submits, returns with the comment, submits again: each step in the history', async () => {
    world.clock.set('2023-06-20T03:00:00.000Z');
    expect(await submitReport(world.ports, who('staff-1'))).toMatchObject({ state: 'submitted' });
    await expect(submitReport(world.ports, who('staff-1'))).rejects.toMatchObject({ code: 'wrong_state' });
    world.clock.set('2023-06-20T04:00:00.000Z');
    await returnReport(world.ports, { ...who('leader-1'), comment: 'Bổ sung kết quả mục II.2' });
    world.clock.set('2023-06-20T05:00:00.000Z');
    const again = await submitReport(world.ports, who('staff-1'));
    expect(again.history).toEqual([
      { state: 'draft', at: '2023-06-20T02:00:00.000Z', by: 'staff' },
      { state: 'submitted', at: '2023-06-20T03:00:00.000Z', by: 'staff-1' },
      { state: 'returned', at: '2023-06-20T04:00:00.000Z', by: 'leader-1', comment: 'Bổ sung kết quả mục II.2' },
      { state: 'submitted', at: '2023-06-20T05:00:00.000Z', by: 'staff-1' },
    ]);
    expect(world.mail.tries).toEqual([]);
  });

  it('answers not_found for a version that does not exist', async () => {
    await expect(submitReport(world.ports, who('staff-1', 9))).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses to issue a submitted version before a leader signed it (wrong_state)', async () => {
    await expect(issueReport(world.ports, issue())).rejects.toMatchObject({ code: 'wrong_state', details: [{ path: 'path.version', message: 'is submitted' }] });
  });

  it('signs as the leader the profile names, with their own name and title; the signed PDF beside the draft', async () => {
    world.clock.set('2023-06-20T05:30:00.000Z');
    const signed = await sign();
    expect(signed).toMatchObject({
      state: 'signed',
      signed: { signer: { userId: SAMPLE_LEADER.id, name: 'Trần Quốc Bảo', title: 'KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC' }, signedAt: '2023-06-20T05:30:00.000Z' },
    });
    expect(signed.history.at(-1)).toEqual({ state: 'signed', at: '2023-06-20T05:30:00.000Z', by: SAMPLE_LEADER.id });
    expect(signed.signed!.pdf.key).toMatch(/^reports\/SKHCN\/2023-H1\/v0001\/ky-[0-9a-f]{12}\/bao-cao-cchc-SKHCN-2023-H1-v1-ban-hanh\.pdf$/);
    expect(sha256(world.files.objects.get(signed.signed!.pdf.key)!.body)).toBe(signed.signed!.pdf.sha256);
    await expect(sign()).rejects.toMatchObject({ code: 'wrong_state' });
  });

  it('refuses a leader of the agency the profile does not list as a signer (403), and a leader issuing where the profile names a clerk', async () => {
    await expect(signReport(world.ports, { ...who('leader-9'), caller: { id: 'leader-9', name: 'Nguyễn Văn A' } })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(issueReport(world.ports, { ...issue(), caller: { role: 'leader' } })).rejects.toMatchObject({ code: 'forbidden' });
    expect((await world.ports.versions.getVersion(AGENCY, '2023-H1', 1))!.state).toBe('signed');
  });

  it('issues: the issued files carry the number, date and signer beside the untouched draft files, and go to each recipient once', async () => {
    const draftBytes = new Map([...world.files.objects].map(([k, v]) => [k, sha256(v.body)]));
    world.clock.set('2023-06-20T06:00:00.000Z');
    const { report, deliveries } = await issueReport(world.ports, issue());
    expect(report).toMatchObject({ state: 'issued', issued: { number: '1015/BC-SKHCN', signerName: 'Trần Quốc Bảo', issuedOn: '2023-06-16' } });
    expect(report.history.at(-1)).toEqual({ state: 'issued', at: '2023-06-20T06:00:00.000Z', by: SAMPLE_CLERK.id });
    // the draft's files are as they were; the issued ones sit beside them
    for (const [key, hash] of draftBytes) expect(sha256(world.files.objects.get(key)!.body)).toBe(hash);
    const issued = report.issued!.files;
    expect(issued.docx.key).toMatch(/^reports\/SKHCN\/2023-H1\/v0001\/ban-hanh-[0-9a-f]{12}\/bao-cao-cchc-SKHCN-2023-H1-v1-ban-hanh\.docx$/);
    expect(sha256(world.files.objects.get(issued.pdf.key)!.body)).toBe(issued.pdf.sha256);
    const { paragraphs } = docxText(world.files.objects.get(issued.docx.key)!.body);
    expect(paragraphs).toContain('Số: 1015/BC-SKHCN');
    expect(paragraphs).toContain('Quảng Ngãi, ngày 16 tháng 6 năm 2023');
    expect(paragraphs).toContain('Trần Quốc Bảo');

    // the figures as indicator values beside the issued files (GET …/indicators.json)
    const indicators = (await readIndicators(world.ports, AGENCY, '2023-H1', 1)) as { agencyCode: string; report: unknown; values: Array<{ dataType: string }> };
    expect(indicators).toMatchObject({ agencyCode: '000.00.12.H48', report: { number: '1015/BC-SKHCN', issuedOn: '2023-06-16' } });
    expect(new Set(indicators.values.map((v) => v.dataType))).toEqual(new Set(['official']));
    await expect(readIndicators(world.ports, AGENCY, '2023-H1', 9)).rejects.toMatchObject({ name: 'NotFound' });
    // the issue queues one delivery per recipient with a channel and sends nothing itself (the worker does: report-delivery.test.ts)
    expect(deliveries.map((d) => [d.channel, d.recipient.line, d.state, d.version])).toEqual([
      ['exchange', 'UBND tỉnh (báo cáo)', 'queued', 1],
      ['exchange', 'Sở Nội vụ', 'queued', 1],
    ]);
    expect(world.mail.sent).toEqual([]);
    expect(world.exchange.sent).toEqual([]);
    await world.runWorker();
    expect(world.exchange.sent.map((e) => [e.to, e.documentId])).toEqual([
      ['000.00.00.H48', '000.00.12.H48,2023/06/16,1015/BC-SKHCN'],
      ['000.00.05.H48', '000.00.12.H48,2023/06/16,1015/BC-SKHCN'],
    ]);
  });

  it('refuses a second issue (wrong_state), queueing nothing more', async () => {
    await expect(issueReport(world.ports, issue())).rejects.toMatchObject({ code: 'wrong_state' });
    expect(world.deliveryQueue.bodies()).toHaveLength(2);
  });

  it('makes the next render an amendment (báo cáo bổ sung) with its own review and number', async () => {
    await saveSection({ sections: world.report.store, now: world.clock.now }, { agencyId: AGENCY, periodId: '2023-H1', sectionKey: 'procedures', paragraphs: [NARRATIVE, LATER_NARRATIVE] });
    const amendment = (await renderReport(world.ports, h1)).report;
    expect(amendment).toMatchObject({ version: 2, amendment: true, state: 'draft' });
    expect(amendment.title).toMatch(/^Báo cáo bổ sung công tác cải cách hành chính/);
    expect(docxText(world.files.objects.get(amendment.files.docx.key)!.body).paragraphs).toContain('BÁO CÁO BỔ SUNG');
    await submitReport(world.ports, who('staff-1', 2));
    await sign(2);
    // The agency gave 1015 in 2023 already; a date before the amended version's is refused too (issue #23, 4).
    await expect(issueReport(world.ports, issue(2))).rejects.toMatchObject({ code: 'number_taken', details: [{ path: 'number' }] });
    await expect(issueReport(world.ports, { ...issue(2), number: '1102/BC-SKHCN', issuedOn: '2023-06-15' })).rejects.toMatchObject({ code: 'validation_failed', details: [{ path: 'issuedOn' }] });
    expect((await world.ports.versions.getVersion(AGENCY, '2023-H1', 2))!.state).toBe('signed');
    const { report } = await issueReport(world.ports, { ...issue(2), number: '1102/BC-SKHCN' });
    expect(report.issued!.number).toBe('1102/BC-SKHCN');
    await world.runWorker();
    // the amendment goes to each exchange recipient under its own DocumentId
    expect(world.exchange.sent.slice(2).map((e) => [e.to, e.documentId])).toEqual([
      ['000.00.00.H48', '000.00.12.H48,2023/06/16,1102/BC-SKHCN'],
      ['000.00.05.H48', '000.00.12.H48,2023/06/16,1102/BC-SKHCN'],
    ]);
    const { reports } = await listReports(world.ports, AGENCY, '2023-H1');
    expect(reports.map((r) => [r.version, r.state, r.number, Object.keys(r.downloads).sort()])).toEqual([
      [2, 'issued', '1102/BC-SKHCN', ['docx', 'expiresAt', 'issued', 'pdf', 'signed']],
      [1, 'issued', '1015/BC-SKHCN', ['docx', 'expiresAt', 'issued', 'pdf', 'signed']],
    ]);
  });
});

describe('issueReport of a provisional draft', () => {
  it('issues it days after it was rendered when no data changed; the figures stay "tạm tính" to the draft\'s day', async () => {
    const world = await reportWorld({ now: '2023-05-31T00:00:00.000Z', events: SAMPLE_EVENTS, profiles: [sampleProfile()] });
    const { report } = await renderReport(world.ports, h1);
    expect(report).toMatchObject({ provisional: true, issuedOn: '2023-05-31' });
    await submitReport(world.ports, { agencyId: AGENCY, periodId: '2023-H1', version: 1, by: 'staff-1' });
    world.clock.set('2023-06-02T03:00:00.000Z');
    const version = { agencyId: AGENCY, periodId: '2023-H1', version: 1 };
    await signReport(world.ports, { ...version, by: SAMPLE_LEADER.id, caller: SAMPLE_LEADER });
    const { report: issued } = await issueReport(world.ports, { ...version, by: SAMPLE_CLERK.id, caller: SAMPLE_CLERK, number: '980/BC-SKHCN', issuedOn: '2023-06-02' });
    const { paragraphs } = docxText(world.files.objects.get(issued.issued!.files.docx.key)!.body);
    expect(paragraphs).toContain('Quảng Ngãi, ngày 02 tháng 6 năm 2023');
    expect(paragraphs.join('\n')).toContain('tạm tính đến ngày 31/5/2023');
  });
});

describe('signing and issuing refuse a stale version', () => {
  it('answers stale when the data changed since the version was rendered, storing and mailing nothing', async () => {
    const world = await closedH1();
    const { report } = await renderReport(world.ports, h1);
    const version = { agencyId: AGENCY, periodId: '2023-H1', version: 1 };
    await submitReport(world.ports, { ...version, by: 'staff-1' });
    const signed = await signReport(world.ports, { ...version, by: SAMPLE_LEADER.id, caller: SAMPLE_LEADER });
    const files = [report.files.docx.key, report.files.pdf.key, signed.signed!.pdf.key].sort();
    await saveSection({ sections: world.report.store, now: world.clock.now }, { agencyId: AGENCY, periodId: '2023-H1', sectionKey: 'procedures', paragraphs: [LATER_NARRATIVE] });
    const error = await issueReport(world.ports, { ...version, by: SAMPLE_CLERK.id, caller: SAMPLE_CLERK, number: '1015/BC-SKHCN', issuedOn: '2023-06-15' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Conflict);
    expect(error).toMatchObject({ code: 'stale', details: [{ path: 'path.version' }] });
    expect((await world.ports.versions.getVersion(AGENCY, '2023-H1', 1))!.state).toBe('signed');
    expect([...world.files.objects.keys()].sort()).toEqual(files);
    expect(world.mail.tries).toEqual([]);
  });

  it('answers stale to a leader signing a version whose data changed', async () => {
    const world = await closedH1();
    await renderReport(world.ports, h1);
    const version = { agencyId: AGENCY, periodId: '2023-H1', version: 1 };
    await submitReport(world.ports, { ...version, by: 'staff-1' });
    await saveSection({ sections: world.report.store, now: world.clock.now }, { agencyId: AGENCY, periodId: '2023-H1', sectionKey: 'procedures', paragraphs: [LATER_NARRATIVE] });
    await expect(signReport(world.ports, { ...version, by: SAMPLE_LEADER.id, caller: SAMPLE_LEADER })).rejects.toMatchObject({ code: 'stale' });
    expect((await world.ports.versions.getVersion(AGENCY, '2023-H1', 1))!.state).toBe('submitted');
    expect(world.files.objects.size).toBe(2);
  });
});

describe('a citation of a document that is not there (issue #23, 7)', () => {
  it('shows in the draft, and submit refuses the version naming it, storing nothing', async () => {
    const world = await closedH1();
    await saveSection({ sections: world.report.store, now: world.clock.now }, { agencyId: AGENCY, periodId: '2023-H1', sectionKey: 'direction', paragraphs: ['- {{cite:1/X}}'] });
    const { report } = await renderReport(world.ports, h1);
    expect(report.missingCitations).toEqual([{ sectionKey: 'direction', number: '1/X' }]);
    expect(docxText(world.files.objects.get(report.files.docx.key)!.body).paragraphs.join('\n')).toContain('[chưa có văn bản 1/X để trích dẫn]');
    const error = await submitReport(world.ports, { agencyId: AGENCY, periodId: '2023-H1', version: 1, by: 'staff-1' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'missing_citations', details: [{ path: 'sections.direction', message: '{{cite:1/X}}: no accepted attachment' }] });
    expect(await world.ports.versions.getVersion(AGENCY, '2023-H1', 1)).toEqual(report);
  });
});

describe('renderReport refuses or holds back', () => {
  it('refuses an agency without a profile with the domain error Conflict(profile_missing), storing and mailing nothing', async () => {
    const world = await reportWorld({ now: '2023-06-20T02:00:00.000Z', events: SAMPLE_EVENTS });
    const error = await renderReport(world.ports, h1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Conflict);
    expect(error).not.toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ code: 'profile_missing', details: [{ path: 'path.agencyId', message: 'no profile' }] });
    expect(world.files.objects.size).toBe(0);
    expect(world.mail.sent).toEqual([]);
    expect(await world.ports.versions.listVersions(AGENCY, '2023-H1')).toEqual([]);
  });

  it('renders a period not closed yet as provisional, dated the render day; once closed it is final', async () => {
    const world = await reportWorld({ now: '2023-08-20T03:00:00.000Z', events: SAMPLE_EVENTS, profiles: [sampleProfile()] });
    const q3 = { agencyId: AGENCY, periodId: '2023-Q3', trigger: 'staff' } as const;
    const provisional = await renderReport(world.ports, q3);
    expect(provisional.report).toMatchObject({ version: 1, provisional: true, issuedOn: '2023-08-20' });
    expect(world.files.objects.get(provisional.report.files.pdf.key)!.metadata.provisional).toBe('true');
    expect(docxText(world.files.objects.get(provisional.report.files.docx.key)!.body).paragraphs.join('\n')).toContain('Số liệu tạm tính đến ngày 20/8/2023');

    world.clock.set('2023-09-15T01:00:00.000Z');
    const closed = await renderReport(world.ports, q3);
    expect(closed.report).toMatchObject({ version: 2, provisional: false, issuedOn: '2023-09-15' });
    expect(world.mail.tries).toEqual([]);
  });
});

describe('renderReport racing another writer of the same version', () => {
  it('takes the version the other run stored first when it was rendered from the same data', async () => {
    const world = await closedH1();
    let theirs: ReportVersion | undefined;
    world.report.hooks.beforeAddVersion = async (ours) => {
      world.report.hooks.beforeAddVersion = undefined;
      theirs = { ...ours, trigger: 'schedule', createdAt: '2023-06-20T01:59:59.000Z' };
      expect(await world.ports.versions.addVersion(theirs)).toBe(true);
    };
    const outcome = await renderReport(world.ports, h1);
    expect(outcome.created).toBe(false);
    expect(outcome.report).toEqual(theirs);
    expect(await world.ports.versions.listVersions(AGENCY, '2023-H1')).toEqual([theirs]);
    // the files under its keys are the ones it names (same data, same bytes)
    expectStored(world, theirs!);
  });

  it('plans again and stores the next version when the other run had rendered other data', async () => {
    const world = await closedH1();
    world.report.hooks.beforeAddVersion = async (ours) => {
      world.report.hooks.beforeAddVersion = undefined;
      expect(await world.ports.versions.addVersion({ ...ours, inputHash: 'rendered-before-the-narrative', trigger: 'schedule' })).toBe(true);
    };
    const outcome = await renderReport(world.ports, h1);
    expect(outcome.created).toBe(true);
    expect(outcome.report).toMatchObject({ version: 2, amendment: false, trigger: 'staff' });
    expect((await world.ports.versions.listVersions(AGENCY, '2023-H1')).map((v) => [v.version, v.trigger])).toEqual([
      [1, 'schedule'],
      [2, 'staff'],
    ]);
    expectStored(world, outcome.report);
  });
});
