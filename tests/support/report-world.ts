// The report use cases' ports over the in-memory fakes, with the SKHCN sample stream applied to
// the figures: what the report, delivery and period-close unit tests start from.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { event, type Event } from '#events/event.schema.ts';
import type { Upload } from '#domain/attachment.ts';
import { attachmentKey } from '#adapters/object-keys.ts';
import { AgencyProfileSchema, type AgencyProfile, type AgencyProfileInput } from '#domain/profile.ts';
import { applyEvents } from '#app/apply-events.ts';
import { putProfile } from '#functions/profile/profile.ts';
import { noMetrics } from '#domain/metrics.ts';
import { DELIVERY_POLICY, type ReviewPorts } from '#app/report-ports.ts';
import { deliverTask, type DeliveryPorts } from '#app/deliver.ts';
import { documentIdOf } from '#app/deliver-report.ts';
import type { DeliveryTask } from '#domain/delivery.ts';
import { issueReport, signReport } from '#app/review-report.ts';
import { localSigner } from '#adapters/local-signer.ts';
import { fakeClock, fixedLeaders, memoryExchange, memoryFiguresStore, memoryReportFiles, memoryReportStore, memoryUploadObjects, memoryUploadRecords, recordingMailer, recordingQueue } from './fakes.ts';

/** The test signing keys: one directory for every run, where the local signer makes each agency's key once (atomically). */
const SIGNING_KEYS = join(tmpdir(), 'cchc-test-signing-keys');

const samples = (name: string) => new URL(`../../events/samples/${name}`, import.meta.url);

/** The SKHCN sample stream: 2022-10 … 2023-06, the figures of report 1015/BC-SKHCN. */
export const SAMPLE_EVENTS: Event[] = readFileSync(samples('skhcn-2023.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => event.parse(JSON.parse(line)));

/** The sample's signing images (events/samples/signing), as the accepted uploads every world holds for each agency it is given a profile of. */
const SIGNING_IMAGES = {
  signature: { uploadId: '01H3Z6X1T2AAAAAAAAAAAAAAA1', kind: 'signature-image', fileName: 'chu-ky.png', bytes: readFileSync(samples('signing/skhcn-leader-signature.png')) },
  seal: { uploadId: '01H3Z6X1T2AAAAAAAAAAAAAAA2', kind: 'seal-image', fileName: 'con-dau.png', bytes: readFileSync(samples('signing/skhcn-seal.png')) },
} as const;

/** The sample's leader: the profile's first signer, as the local leader token stands for them. */
export const SAMPLE_LEADER = { id: 'local-leader-skhcn', role: 'leader' } as const;
export const SAMPLE_CLERK = { id: 'local-clerk-skhcn', role: 'clerk' } as const;

/** The sample leader signs a submitted version, then the sample clerk issues it. */
export async function signAndIssue(
  ports: ReviewPorts,
  version: { agencyId: string; periodId: string; version: number },
  issue: { number: string; issuedOn: string },
) {
  await signReport(ports, { ...version, by: SAMPLE_LEADER.id, caller: SAMPLE_LEADER });
  return issueReport(ports, { ...version, ...issue, by: SAMPLE_CLERK.id, caller: SAMPLE_CLERK });
}

/** events/samples/skhcn-profile.json with its signing images named, with changes. */
export function sampleProfile(changes: Partial<AgencyProfileInput> = {}): AgencyProfile {
  const sample = JSON.parse(readFileSync(samples('skhcn-profile.json'), 'utf8')) as AgencyProfileInput;
  const signers = sample.signers!.map((s, i) => (i === 0 ? { ...s, signatureImage: SIGNING_IMAGES.signature.uploadId } : s));
  return AgencyProfileSchema.parse({ ...sample, signers, sealImage: SIGNING_IMAGES.seal.uploadId, ...changes });
}

/** Stores the signing images as accepted uploads of the agency. */
async function storeSigningImages(world: { uploads: ReturnType<typeof memoryUploadRecords>; uploadObjects: ReturnType<typeof memoryUploadObjects> }, agencyId: string, at: string) {
  for (const image of Object.values(SIGNING_IMAGES)) {
    const upload: Upload = {
      agencyId,
      uploadId: image.uploadId,
      state: 'pending',
      fileName: image.fileName,
      contentType: 'image/png',
      declaredSize: image.bytes.length,
      image: { kind: image.kind },
      createdAt: at,
      uploadExpiresAt: at,
    };
    await world.uploads.records.create(upload);
    await world.uploads.records.accept(upload, { sha256: createHash('sha256').update(image.bytes).digest('hex'), size: image.bytes.length, at });
    world.uploadObjects.put(attachmentKey(upload, upload.fileName), image.bytes);
  }
}

const MAIL_FROM = 'bao-cao-cchc@example.vn';

/** Fresh fakes; `events` applied to the figures, `profiles` stored through the profile use case. */
export async function reportWorld(options: { now: string; events?: readonly Event[]; profiles?: AgencyProfile[]; leaders?: Record<string, string[]> }) {
  const figures = memoryFiguresStore();
  const report = memoryReportStore();
  const files = memoryReportFiles();
  const mail = recordingMailer();
  const uploads = memoryUploadRecords();
  const uploadObjects = memoryUploadObjects();
  const clock = fakeClock(options.now);
  const deliveryQueue = recordingQueue();
  const exchange = memoryExchange(clock.now);
  const ports: ReviewPorts = {
    figures: figures.store,
    profiles: report.store,
    sections: report.store,
    uploads: uploads.records,
    uploadObjects: uploadObjects.objects,
    versions: report.store,
    files: files.files,
    deliveries: report.store,
    deliveryQueue: deliveryQueue.queue,
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
  for (const profile of options.profiles ?? []) {
    await putProfile({ profiles: report.store, now: clock.now }, profile.agencyId, profile);
    await storeSigningImages({ uploads, uploadObjects }, profile.agencyId, clock.now().toISOString());
  }
  // The worker's ports: the exchange a fake (SQS, the gateway), the envelope a stand-in naming its recipient (the edXML builder has its own tests).
  const delivery: DeliveryPorts = {
    ...ports,
    exchange: exchange.exchange,
    envelope: async (version, profile, recipient) => ({ to: recipient.organId!, documentId: documentIdOf(profile.organId!, version.issued!), xml: `<edXMLEnvelope to="${recipient.organId}"/>` }),
  };
  /** Hands every queued task not handed yet to the worker, as the queue would, once each; answers what each returned. */
  let handed = 0;
  const runWorker = async (options: { lastDelivery?: boolean } = {}) => {
    const outcomes: Array<{ task: DeliveryTask; outcome: string }> = [];
    while (handed < deliveryQueue.bodies().length) {
      const task = JSON.parse(deliveryQueue.bodies()[handed++]!) as DeliveryTask;
      outcomes.push({ task, outcome: await deliverTask(delivery, task, options.lastDelivery ?? true, DELIVERY_POLICY) });
    }
    return outcomes;
  };
  return { ports, figures, report, files, mail, uploads, uploadObjects, clock, deliveryQueue, exchange, delivery, runWorker };
}
