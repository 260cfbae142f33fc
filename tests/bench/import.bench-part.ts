// Bench of adoption at scale (issue 12), on the whole local stack (DynamoDB Local, s3rver, SMTP
// sink, the local HTTP API and queues): the history import's throughput for a generated 100k-row
// export (~20 MB), a province's year imported through the public API, and the fan-out close of 200
// agencies at the local pool's 4 render workers with real renders (docs/architecture.md, "Closing a period at scale").
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dynamoCloseRunStore } from '#adapters/close-run-store.ts';
import { documentClient } from '#adapters/dynamodb.ts';
import { EXPORT_COLUMNS } from '#domain/dossier-import.ts';
import { AgencyProfileSchema, type AgencyProfileInput } from '#domain/profile.ts';
import { closeAgencyPeriod } from '#app/period-close.ts';
import { buildReportPorts } from '#adapters/report-ports.ts';
import { startLocalApp } from '../../infra/local/app.ts';
import { LOCAL_CLOSE_CONCURRENCY, localPeriodClose } from '../../infra/local/close.ts';
import { importExport } from '../../infra/local/import-client.ts';

const EXPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
/** A province: 120 agencies; 10k dossiers each is 1.2M rows, so the bench imports fewer and extrapolates. */
const PROVINCE_AGENCIES = 120;
const PROVINCE_DOSSIERS = Number(process.env.BENCH_PROVINCE_DOSSIERS ?? 250);
const CLOSE_AGENCIES = 200;

/** mulberry32: the same export on every run. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad2 = (n: number) => String(n).padStart(2, '0');
/** epoch ms → "dd/MM/yyyy HH:mm" in Vietnam time */
const shown = (ms: number) => {
  const d = new Date(ms + 7 * 3_600_000);
  return `${pad2(d.getUTCDate())}/${pad2(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
};

/**
 * A year of an agency's one-stop-shop as its export would list it on 14/12/2023: receipts through
 * the report year 2023, due in 5–15 days, most resolved, a few withdrawn or returned, some still open.
 */
async function writeExport(file: string, agency: string, rows: number, seed: number): Promise<void> {
  const random = prng(seed);
  const out = createWriteStream(file);
  const line = async (cells: string[]) => {
    if (!out.write(cells.map((c) => (c.includes(',') ? `"${c}"` : c)).join(',') + '\r\n')) await once(out, 'drain');
  };
  await line(Object.values(EXPORT_COLUMNS));
  const start = Date.parse('2022-12-15T07:30:00+07:00');
  const exportedAt = Date.parse('2023-12-14T17:00:00+07:00');
  for (let i = 0; i < rows; i++) {
    const received = start + Math.floor(random() * (exportedAt - start - 86_400_000));
    const due = received + (5 + Math.floor(random() * 10)) * 86_400_000;
    const closed = received + Math.floor((1 + random() * 19) * 86_400_000);
    const roll = random();
    const status = closed > exportedAt || roll < 0.05 ? 'Đang xử lý' : roll < 0.07 ? 'Rút hồ sơ' : roll < 0.1 ? 'Trả lại' : 'Đã giải quyết';
    const field = Math.floor(random() * 12);
    await line([
      `${agency}-2023-${String(i).padStart(7, '0')}`,
      `1.00${4000 + field}`,
      `Thủ tục hành chính số ${field}, lĩnh vực ${field}`,
      `LV${field}`,
      `Lĩnh vực ${field}`,
      random() < 0.8 ? 'Trực tuyến' : random() < 0.9 ? 'Trực tiếp' : 'Bưu chính',
      shown(received),
      shown(due),
      status === 'Đang xử lý' ? '' : shown(closed),
      status,
    ]);
  }
  out.end();
  await once(out, 'close');
}

const round = (n: number) => Math.round(n);

export async function benchImportAndClose(): Promise<Record<string, number | string>> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-import-'));
  const app = await startLocalApp({ mailDir: join(dir, 'mail') });
  const out: Record<string, number | string> = {};
  try {
    const target = { url: app.api.url, secret: app.stack.env.EVENTS_HMAC_SECRET! };

    // 1. One big export: parsing alone (dry run), then through the API into the figures.
    const big = join(dir, 'export-100k.csv');
    await writeExport(big, 'BIG', EXPORT_ROWS, 12);
    out['import: export rows / MB'] = `${EXPORT_ROWS} / ${(statSync(big).size / 1e6).toFixed(1)}`;
    // The dry run reads, maps and checks every row without the in-process API and apply beside it,
    // so its memory is the import's own: the file is streamed, only the dossier ids seen are kept.
    const heapBefore = process.memoryUsage().heapUsed;
    let peakHeap = heapBefore;
    const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 50);
    let t = performance.now();
    const dry = await importExport(big, { ...target, agencyId: 'BIG', dryRun: true });
    out['import: dry run (read + map + check), rows/s'] = round(dry.rowsRead / ((performance.now() - t) / 1000));
    clearInterval(sampler);
    out['import: dry run, peak JS heap growth, MB'] = round((peakHeap - heapBefore) / 1e6);
    t = performance.now();
    const sent = await importExport(big, { ...target, agencyId: 'BIG' });
    const seconds = (performance.now() - t) / 1000;
    out['import: through POST /v1/events into the figures, rows/s'] = round(sent.rowsRead / seconds);
    out['import: … events/s'] = round(sent.events / seconds);
    out['import: … events sent / seconds'] = `${sent.events} / ${seconds.toFixed(1)}`;

    // 2. A province's year: 120 agencies, imported 4 at a time, as 4 operators would.
    const files = await Promise.all(
      Array.from({ length: PROVINCE_AGENCIES }, async (_, i) => {
        const agency = `XA${String(i + 1).padStart(3, '0')}`;
        const file = join(dir, `${agency}.csv`);
        await writeExport(file, agency, PROVINCE_DOSSIERS, 1000 + i);
        return { agency, file };
      }),
    );
    t = performance.now();
    let events = 0;
    for (let i = 0; i < files.length; i += 4) {
      const done = await Promise.all(files.slice(i, i + 4).map(({ agency, file }) => importExport(file, { ...target, agencyId: agency })));
      events += done.reduce((n, s) => n + s.events, 0);
    }
    const provinceSeconds = (performance.now() - t) / 1000;
    const rows = PROVINCE_AGENCIES * PROVINCE_DOSSIERS;
    out[`province: ${PROVINCE_AGENCIES} agencies × ${PROVINCE_DOSSIERS} dossiers, seconds`] = provinceSeconds.toFixed(1);
    out['province: rows/s, events/s'] = `${round(rows / provinceSeconds)}, ${round(events / provinceSeconds)}`;
    out[`province: 120 × 10k dossiers, extrapolated (linear), minutes`] = ((provinceSeconds * (PROVINCE_AGENCIES * 10_000)) / rows / 60).toFixed(0);

    // 3. The fan-out close of 200 agencies' 2023-H2 (the province's 120 with data), real renders, 4 workers.
    const sample = JSON.parse(readFileSync(new URL('../../events/samples/skhcn-profile.json', import.meta.url), 'utf8')) as AgencyProfileInput;
    const ports = buildReportPorts(app.stack.config);
    for (let i = 0; i < CLOSE_AGENCIES; i++) {
      const agencyId = `XA${String(i + 1).padStart(3, '0')}`;
      const profile = AgencyProfileSchema.parse({ ...sample, agencyId, symbol: agencyId, periodKinds: ['H'], recipients: [{ line: 'UBND tỉnh (báo cáo)', emails: [`${agencyId.toLowerCase()}@example.vn`] }] });
      await ports.profiles.putProfile(profile, '2023-12-01T00:00:00.000Z');
    }
    const renderTimes: number[] = [];
    const close = localPeriodClose({
      profiles: ports.profiles,
      closeRuns: dynamoCloseRunStore(documentClient(app.stack.config.adapters.aws), app.stack.tableName),
      closeAgencyPeriod: async (agencyId, periodId) => {
        const started = performance.now();
        const outcome = await closeAgencyPeriod(ports, agencyId, periodId);
        renderTimes.push(performance.now() - started);
        return outcome;
      },
    });
    t = performance.now();
    const run = await close.close('2023-12-15T00:00:00Z');
    const closeSeconds = (performance.now() - t) / 1000;
    renderTimes.sort((a, b) => a - b);
    out[`close: ${CLOSE_AGENCIES} agencies (H2), ${LOCAL_CLOSE_CONCURRENCY} workers, seconds`] = closeSeconds.toFixed(1);
    out['close: rendered / failed'] = `${run.rendered.length} / ${run.errors.length}`;
    out['close: one agency (render + store + mail), p50 / p95 ms'] = `${round(renderTimes[Math.floor(renderTimes.length / 2)]!)} / ${round(renderTimes[Math.floor(renderTimes.length * 0.95)]!)}`;
  } finally {
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
