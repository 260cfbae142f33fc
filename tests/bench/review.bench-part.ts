// Sign and issue through the use cases (called by tests/bench/run.ts, #19's target: median under
// 1 s warm): over the in-memory fakes with the sample's figures, profile and signing images, each
// run a new version of the seed H1 report (a narrative edit), submitted, then timed from the
// leader's signature (render of the signed stage, the leader's PAdES signature) to the issue (the
// issued DOCX, number and date as an incremental update, the agency's signature, two mails to the
// memory mailer). The rendering of the draft is not counted: it happens before review.
import { saveSection } from '#functions/sections/sections.ts';
import { renderReport } from '#app/render-report.ts';
import { issueReport, signReport, submitReport } from '#app/review-report.ts';
import { reportWorld, SAMPLE_CLERK, SAMPLE_EVENTS, SAMPLE_LEADER, sampleProfile } from '../support/report-world.ts';

export async function benchReview(runs = 7): Promise<Record<string, number | string>> {
  const world = await reportWorld({ now: '2023-06-20T02:00:00.000Z', events: SAMPLE_EVENTS, profiles: [sampleProfile()] });
  const period = { agencyId: 'SKHCN', periodId: '2023-H1' };
  const times: number[] = [];
  let bytes = 0;
  // run 0 warms up: fonts read, modules compiled, the local keys and certificates made
  for (let run = 0; run <= runs; run++) {
    const paragraphs = [`Lần rà soát thứ ${run + 1} các thủ tục hành chính thuộc lĩnh vực khoa học và công nghệ.`];
    await saveSection({ sections: world.report.store, now: world.clock.now }, { ...period, sectionKey: 'procedures', paragraphs });
    const { report } = await renderReport(world.ports, { ...period, trigger: 'staff' });
    const version = { ...period, version: report.version };
    await submitReport(world.ports, { ...version, by: 'staff' });
    const start = performance.now();
    await signReport(world.ports, { ...version, by: SAMPLE_LEADER.id, caller: SAMPLE_LEADER });
    const { report: issued } = await issueReport(world.ports, { ...version, by: SAMPLE_CLERK.id, caller: SAMPLE_CLERK, number: `${1015 + run}/BC-SKHCN`, issuedOn: '2023-06-20' });
    if (run > 0) times.push(performance.now() - start);
    bytes = issued.issued!.files.pdf.size;
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  return { reviewRuns: runs, 'signAndIssue.seedH1.medianMs': Math.round(median * 10) / 10, 'signAndIssue.seedH1.target': median < 1000 ? 'under 1 s: met' : 'under 1 s: MISSED', 'issued.seedH1.pdf.bytes': bytes };
}
