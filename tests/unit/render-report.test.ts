// renderReport and listReports over the in-memory fakes (tests/support/fakes.ts), with the real
// renderers and the SKHCN sample stream applied to the figures: versions, stored bytes and their
// hashes, and what is mailed. tests/integration/reports.test.ts does the same against DynamoDB
// Local, s3rver and an SMTP sink; this runs without them, in a second or two.
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { Conflict } from '#domain/errors.ts';
import type { ReportVersion } from '#domain/report-version.ts';
import { HttpError } from '#adapters/http.ts';
import { saveSection } from '#functions/sections/sections.ts';
import { listReports, renderReport, type RenderOutcome } from '#functions/reports/render-report.ts';
import { docxText } from '../support/report-text.ts';
import { MAIL_FROM, reportWorld, SAMPLE_EVENTS, sampleProfile } from '../support/report-world.ts';

const AGENCY = 'SKHCN';
const ADDRESSES = ['vanthu.ubnd@example.vn', 'cchc.snv@example.vn'];
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const ONE_STOP =
  'Từ ngày 15/12/2022 đến ngày 14/6/2023, Sở đã tiếp nhận 63 hồ sơ (trong đó, trực tuyến 52 hồ sơ, kỳ trước chuyển qua 10 hồ sơ và trực tiếp 01 hồ sơ); thực hiện giải quyết và trả kết quả trước hạn 59 hồ sơ và đúng hạn 0 hồ sơ, trễ hẹn 0 hồ sơ, 0 hồ sơ xin rút, 0 hồ sơ trả lại và 4 hồ sơ đang xử lý chưa đến hạn trả kết quả.' +
  ' Tỷ lệ giải quyết trước hạn, đúng hạn đạt 100%; tỷ lệ hồ sơ trực tuyến đạt 98,11%.';
const DOCUMENTS = 'ban hành 516 văn bản, trong đó 417 văn bản điện tử và 99 văn bản điện tử kèm theo văn bản giấy';
const NARRATIVE = 'Tiếp tục thực hiện cơ chế một cửa, một cửa liên thông tại Trung tâm Phục vụ hành chính công tỉnh.';
const LATER_NARRATIVE = 'Rà soát, đơn giản hóa 05 thủ tục hành chính thuộc lĩnh vực khoa học và công nghệ.';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const h1 = (deliver = true) => ({ agencyId: AGENCY, periodId: '2023-H1', trigger: 'staff', deliver }) as const;
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

  it('creates version 1 from the stored figures, profile and narrative, stores both files and mails each address once', async () => {
    first = await renderReport(world.ports, h1());
    expect(first.created).toBe(true);
    expect(first.report).toMatchObject({ agencyId: AGENCY, periodId: '2023-H1', version: 1, amendment: false, provisional: false, issuedOn: '2023-06-15', trigger: 'staff', createdAt: '2023-06-20T02:00:00.000Z' });
    expect(first.report.title).toMatch(/^Báo cáo công tác cải cách hành chính 6 tháng đầu năm .*Sở Khoa học và Công nghệ$/);
    expect([...world.files.objects.keys()].sort()).toEqual([fileKey(1, 'docx'), fileKey(1, 'pdf')]);
    expectStored(world, first.report);
    expect(await world.ports.versions.listVersions(AGENCY, '2023-H1')).toEqual([first.report]);

    // the figures the fake store summed from the sample stream, and the narrative, are in the document
    const { paragraphs } = docxText(world.files.objects.get(fileKey(1, 'docx'))!.body);
    expect(paragraphs).toContain(ONE_STOP);
    expect(paragraphs.join('\n')).toContain(DOCUMENTS);
    expect(paragraphs).toContain(NARRATIVE);
    expect(paragraphs).toContain('Quảng Ngãi, ngày 15 tháng 6 năm 2023');

    expect(world.mail.sent.map((m) => m.to)).toEqual(ADDRESSES);
    for (const mail of world.mail.sent) {
      expect(mail).toMatchObject({ from: MAIL_FROM, subject: first.report.title });
      expect(mail.attachments.map((a) => [a.filename, a.contentType, sha256(a.content)])).toEqual([
        ['bao-cao-cchc-SKHCN-2023-H1-v1.docx', DOCX_TYPE, first.report.files.docx.sha256],
        ['bao-cao-cchc-SKHCN-2023-H1-v1.pdf', 'application/pdf', first.report.files.pdf.sha256],
      ]);
    }
    expect(world.mail.sent[1]!.text).toContain('Kính gửi: Sở Nội vụ');
    expect(first.deliveries).toEqual(
      ADDRESSES.map((address, i) => ({ version: 1, address, recipient: ['UBND tỉnh (báo cáo)', 'Sở Nội vụ'][i], status: 'sent', attempts: 1, messageId: world.mail.sent[i]!.messageId, updatedAt: '2023-06-20T02:00:00.000Z' })),
    );
    expect(await world.ports.deliveries.listDeliveries(AGENCY, '2023-H1')).toEqual([...first.deliveries].sort((a, b) => a.address.localeCompare(b.address)));
    expect(world.clock.slept).toEqual([]);
  });

  it('returns the latest version when nothing changed: created false, nothing stored, read or mailed', async () => {
    const calls = { ...world.files.calls };
    const again = await renderReport(world.ports, h1());
    expect(again).toEqual({ report: first.report, created: false, deliveries: [] });
    expect(world.files.calls).toEqual(calls);
    expect(world.mail.sent).toHaveLength(2);
    expect(await world.ports.versions.listVersions(AGENCY, '2023-H1')).toHaveLength(1);
  });

  it('makes version 2, an amendment, when the narrative changes; mails it as an update; keeps version 1', async () => {
    world.clock.set('2023-06-22T01:00:00.000Z');
    await saveSection({ sections: world.report.store, now: world.clock.now }, { agencyId: AGENCY, periodId: '2023-H1', sectionKey: 'procedures', paragraphs: [NARRATIVE, LATER_NARRATIVE] });
    const second = await renderReport(world.ports, h1());
    expect(second.created).toBe(true);
    expect(second.report).toMatchObject({ version: 2, amendment: true, provisional: false, issuedOn: '2023-06-15', figuresHash: first.report.figuresHash });
    expect(second.report.inputHash).not.toBe(first.report.inputHash);
    expectStored(world, second.report);
    expectStored(world, first.report);
    expect(docxText(world.files.objects.get(fileKey(2, 'docx'))!.body).paragraphs).toContain(LATER_NARRATIVE);
    expect(docxText(world.files.objects.get(fileKey(1, 'docx'))!.body).paragraphs).not.toContain(LATER_NARRATIVE);

    const updates = world.mail.sent.slice(2);
    expect(updates.map((m) => m.to)).toEqual(ADDRESSES);
    for (const mail of updates) {
      expect(mail.subject).toBe(`[Bản cập nhật, phiên bản 2] ${second.report.title}`);
      expect(mail.text).toContain('Đây là bản cập nhật (phiên bản 2)');
      expect(mail.attachments.map((a) => [a.filename, sha256(a.content)])).toEqual([
        ['bao-cao-cchc-SKHCN-2023-H1-v2.docx', second.report.files.docx.sha256],
        ['bao-cao-cchc-SKHCN-2023-H1-v2.pdf', second.report.files.pdf.sha256],
      ]);
    }
  });

  it('lists both versions with their deliveries and links valid five minutes', async () => {
    const { reports } = await listReports(world.ports, AGENCY, '2023-H1');
    expect(reports.map((r) => [r.version, r.amendment, r.deliveries.map((d) => [d.version, d.status])])).toEqual([
      [1, false, [[1, 'sent'], [1, 'sent']]],
      [2, true, [[2, 'sent'], [2, 'sent']]],
    ]);
    expect(reports[1]!.downloads).toEqual({
      docx: `memory://reports/${fileKey(2, 'docx')}?filename=bao-cao-cchc-SKHCN-2023-H1-v2.docx&expires=300`,
      pdf: `memory://reports/${fileKey(2, 'pdf')}?filename=bao-cao-cchc-SKHCN-2023-H1-v2.pdf&expires=300`,
      expiresAt: '2023-06-22T01:05:00.000Z',
    });
  });
});

describe('renderReport refuses or holds back', () => {
  it('refuses an agency without a profile with the domain error Conflict(profile_missing), storing and mailing nothing', async () => {
    const world = await reportWorld({ now: '2023-06-20T02:00:00.000Z', events: SAMPLE_EVENTS });
    const error = await renderReport(world.ports, h1()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Conflict);
    expect(error).not.toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ code: 'profile_missing', details: [{ path: 'path.agencyId', message: 'no profile' }] });
    expect(world.files.objects.size).toBe(0);
    expect(world.mail.sent).toEqual([]);
    expect(await world.ports.versions.listVersions(AGENCY, '2023-H1')).toEqual([]);
  });

  it('renders a period not closed yet as provisional, dated the render day, and mails nothing; once closed it is final and mailed', async () => {
    const world = await reportWorld({ now: '2023-08-20T03:00:00.000Z', events: SAMPLE_EVENTS, profiles: [sampleProfile()] });
    const q3 = { agencyId: AGENCY, periodId: '2023-Q3', trigger: 'staff', deliver: true } as const;
    const provisional = await renderReport(world.ports, q3);
    expect(provisional.report).toMatchObject({ version: 1, provisional: true, issuedOn: '2023-08-20' });
    expect(provisional.deliveries).toEqual([]);
    expect(world.mail.sent).toEqual([]);
    expect(world.files.objects.get(provisional.report.files.pdf.key)!.metadata.provisional).toBe('true');
    expect(docxText(world.files.objects.get(provisional.report.files.docx.key)!.body).paragraphs).toContain('Quảng Ngãi, ngày 20 tháng 8 năm 2023');

    world.clock.set('2023-09-15T01:00:00.000Z');
    const closed = await renderReport(world.ports, q3);
    expect(closed.report).toMatchObject({ version: 2, provisional: false, issuedOn: '2023-09-15' });
    expect(world.mail.sent.map((m) => [m.to, m.attachments[1]!.filename])).toEqual(ADDRESSES.map((a) => [a, 'bao-cao-cchc-SKHCN-2023-Q3-v2.pdf']));
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
    const outcome = await renderReport(world.ports, h1());
    expect(outcome.created).toBe(false);
    expect(outcome.report).toEqual(theirs);
    expect(await world.ports.versions.listVersions(AGENCY, '2023-H1')).toEqual([theirs]);
    // the files under its keys are the ones it names (same data, same bytes), and its delivery is done once
    expectStored(world, theirs!);
    expect(world.mail.sent.map((m) => m.to)).toEqual(ADDRESSES);
  });

  it('plans again and stores the next version when the other run had rendered other data', async () => {
    const world = await closedH1();
    world.report.hooks.beforeAddVersion = async (ours) => {
      world.report.hooks.beforeAddVersion = undefined;
      expect(await world.ports.versions.addVersion({ ...ours, inputHash: 'rendered-before-the-narrative', trigger: 'schedule' })).toBe(true);
    };
    const outcome = await renderReport(world.ports, h1(false));
    expect(outcome.created).toBe(true);
    expect(outcome.report).toMatchObject({ version: 2, amendment: true, trigger: 'staff' });
    expect((await world.ports.versions.listVersions(AGENCY, '2023-H1')).map((v) => [v.version, v.trigger])).toEqual([
      [1, 'schedule'],
      [2, 'staff'],
    ]);
    expectStored(world, outcome.report);
    expect(world.mail.sent).toEqual([]);
  });
});
