// The province's own report through renderReport over the in-memory fakes (tests/support/fakes.ts):
// its figures are the sum of every agency's summary (its own included), an excerpt from an agency's
// issued report is cited in a footnote, an agency without an issued report is named as missing, and
// the DOCX and PDF carry both appendices. tests/integration would do the same over DynamoDB Local.
import { describe, expect, it } from 'vitest';
import type { Event } from '#events/event.schema.ts';
import { sumFigures } from '#domain/figures.ts';
import { readFigures } from '#app/figures.ts';
import { renderReport } from '#app/render-report.ts';
import { submitReport } from '#app/review-report.ts';
import { saveSection } from '#functions/sections/sections.ts';
import { docxText, pageTexts } from '../support/report-text.ts';
import { sampleStream } from '../support/random-events.ts';
import { reportWorld, SAMPLE_EVENTS, sampleProfile, signAndIssue } from '../support/report-world.ts';

const H1 = '2023-H1';
const ofAgency = (events: Event[], agencyId: string) => events.map((e) => ({ ...e, id: `${agencyId}-${e.id}`, agencyId }) as Event);

describe("renderReport of the province's own report", () => {
  it('sums every agency, cites the issued report it quotes, names the agency that has not issued, and prints both appendices', async () => {
    const province = sampleProfile({ agencyId: 'UBNDT', agencyName: 'Ủy ban nhân dân tỉnh Quảng Ngãi', shortName: 'UBND tỉnh', symbol: 'UBND', level: 'province', deadlines: { H: 6 } });
    const profiles = [sampleProfile(), sampleProfile({ agencyId: 'STP', agencyName: 'Sở Tư pháp', symbol: 'STP', level: 'province-department' }), sampleProfile({ agencyId: 'XA', agencyName: 'UBND xã Tịnh Khê', symbol: 'UBND', level: 'commune' }), province];
    const events = [...SAMPLE_EVENTS, ...ofAgency(sampleStream(120, 40, 7), 'STP'), ...ofAgency(sampleStream(60, 20, 8), 'XA'), ...ofAgency(sampleStream(30, 10, 9), 'UBNDT')];
    const world = await reportWorld({ now: '2023-06-15T02:00:00.000Z', events, profiles });

    // SKHCN issues its report; STP drafts one; the commune has none.
    const skhcn = { agencyId: 'SKHCN', periodId: H1, trigger: 'staff' } as const;
    await renderReport(world.ports, skhcn);
    await submitReport(world.ports, { ...skhcn, version: 1, by: 'staff-1' });
    await signAndIssue(world.ports, { ...skhcn, version: 1 }, { number: '1015/BC-SKHCN', issuedOn: '2023-06-15' });
    await renderReport(world.ports, { agencyId: 'STP', periodId: H1, trigger: 'staff' });

    const excerpt = 'Sở Khoa học và Công nghệ đã rà soát, đơn giản hóa 05 thủ tục hành chính {{cite:1015/BC-SKHCN}}.';
    await saveSection({ sections: world.report.store, now: world.clock.now }, { agencyId: 'UBNDT', periodId: H1, sectionKey: 'procedures', paragraphs: [excerpt, '{{one-stop-results}}'] });
    world.clock.set('2023-06-19T02:00:00.000Z');
    const { report } = await renderReport(world.ports, { agencyId: 'UBNDT', periodId: H1, trigger: 'staff' });
    expect(report.missingCitations).toBeUndefined();

    const each = await Promise.all(['SKHCN', 'STP', 'XA', 'UBNDT'].map((a) => readFigures(world.ports.figures, a, H1)));
    const total = sumFigures(each);
    expect(each.every((f) => f.dossiers.received.total > 0)).toBe(true);
    const { paragraphs, footnotes } = docxText(world.files.objects.get(report.files.docx.key)!.body);
    const text = paragraphs.join('\n');
    expect(text).toContain(`Từ ngày 15/12/2022 đến ngày 14/6/2023, toàn tỉnh đã tiếp nhận ${total.dossiers.received.total} hồ sơ`);
    expect(text).toContain(`trễ hẹn ${total.dossiers.resolved.late} hồ sơ`);
    // the excerpt, its footnote reference where the marker was (the DOCX's reference mark has no text)
    expect(text).toContain('Sở Khoa học và Công nghệ đã rà soát, đơn giản hóa 05 thủ tục hành chính.');
    expect([...footnotes.values()]).toEqual(['Báo cáo số 1015/BC-SKHCN ngày 15/6/2023 của Sở Khoa học và Công nghệ.']);
    // 1015 issued 15/6, its deadline 05/6 (H: -9): late; STP only drafted and the commune has none, both past their deadline
    expect(text).toContain('Về thực hiện chế độ báo cáo 6 tháng đầu năm 2023: 0/3 cơ quan, đơn vị đã ban hành báo cáo đúng hạn; 1 cơ quan, đơn vị ban hành báo cáo trễ hạn: Sở Khoa học và Công nghệ (Báo cáo số 1015/BC-SKHCN, hạn 05/6/2023); 2 cơ quan, đơn vị chưa ban hành báo cáo: Sở Tư pháp (đã quá hạn 05/6/2023), UBND xã Tịnh Khê (đã quá hạn 05/6/2023).');
    expect(paragraphs).toEqual(expect.arrayContaining(['Phụ lục I', 'Phụ lục II', 'Cấp tỉnh', 'Cấp huyện', 'Cấp xã']));

    const pages = await pageTexts(world.files.objects.get(report.files.pdf.key)!.body);
    // UBND tỉnh has no governing body: its own name alone heads the letterhead, in two lines (Decree 30/2020, Annex I)
    expect(paragraphs.slice(0, 2)).toEqual(['ỦY BAN NHÂN DÂN', 'TỈNH QUẢNG NGÃI']);
    expect(pages[0]).toMatch(/^ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM/);
    expect(pages.some((p) => p.includes('Phụ lục II') && p.includes('Ủy ban nhân dân tỉnh Quảng Ngãi') && p.includes('Sở Tư pháp'))).toBe(true);
  });
});
