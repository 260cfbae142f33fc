// The report use cases' ports over the in-memory fakes, with the SKHCN sample stream applied to
// the figures: what the report, delivery and period-close unit tests start from.
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { event, type Event } from '#events/event.schema.ts';
import { AgencyProfileSchema, type AgencyProfile, type AgencyProfileInput } from '#domain/profile.ts';
import { applyEvents } from '#app/apply-events.ts';
import { putProfile } from '#functions/profile/profile.ts';
import { noMetrics } from '#domain/metrics.ts';
import type { ReportPorts } from '#app/report-ports.ts';
import { localSigner } from '#adapters/local-signer.ts';
import { fakeClock, fixedLeaders, memoryFiguresStore, memoryReportFiles, memoryReportStore, memoryUploadRecords, recordingMailer } from './fakes.ts';

/** The test signing keys: one directory for every run, where the local signer makes each agency's key once (atomically). */
const SIGNING_KEYS = join(tmpdir(), 'cchc-test-signing-keys');

const samples = (name: string) => new URL(`../../events/samples/${name}`, import.meta.url);

/** The SKHCN sample stream: 2022-10 … 2023-06, the figures of report 1015/BC-SKHCN. */
export const SAMPLE_EVENTS: Event[] = readFileSync(samples('skhcn-2023.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => event.parse(JSON.parse(line)));

/** events/samples/skhcn-profile.json, with changes. */
export const sampleProfile = (changes: Partial<AgencyProfileInput> = {}): AgencyProfile =>
  AgencyProfileSchema.parse({ ...(JSON.parse(readFileSync(samples('skhcn-profile.json'), 'utf8')) as AgencyProfileInput), ...changes });

export const MAIL_FROM = 'bao-cao-cchc@example.vn';

/** Fresh fakes; `events` applied to the figures, `profiles` stored through the profile use case. */
export async function reportWorld(options: { now: string; events?: readonly Event[]; profiles?: AgencyProfile[]; leaders?: Record<string, string[]> }) {
  const figures = memoryFiguresStore();
  const report = memoryReportStore();
  const files = memoryReportFiles();
  const mail = recordingMailer();
  const uploads = memoryUploadRecords();
  const clock = fakeClock(options.now);
  const ports: ReportPorts = {
    figures: figures.store,
    profiles: report.store,
    sections: report.store,
    uploads: uploads.records,
    versions: report.store,
    files: files.files,
    deliveries: report.store,
    notices: report.store,
    leaders: fixedLeaders(options.leaders ?? {}),
    signerFor: (agency) => localSigner(SIGNING_KEYS, agency),
    mailer: mail.mailer,
    mailFrom: MAIL_FROM,
    metrics: noMetrics,
    now: clock.now,
    sleep: clock.sleep,
  };
  const applied = await applyEvents(figures.store, options.events ?? []);
  if (applied.failed.length > 0) throw new Error(`sample events not applied: ${JSON.stringify(applied.failed.slice(0, 3))}`);
  for (const profile of options.profiles ?? []) await putProfile({ profiles: report.store, now: clock.now }, profile.agencyId, profile);
  return { ports, figures, report, files, mail, uploads, clock };
}
