// `npm run dev` (CONTRACT §5, §7): the whole backend and the staff console on http://127.0.0.1:$PORT
// (default 3000), data kept under .local/ between runs, e-mails written to out/mail/. The sample
// agencies are loaded on start (again on every start: their events are duplicates then) unless
// DEV_SAMPLES=none.
import './quiet-sdk.ts';
import { startLocalApp } from './app.ts';
import { loadSampleAgencies, SAMPLE_AGENCY_IDS } from './sample-agencies.ts';
import { StaffClient } from './staff-client.ts';

const port = Number(process.env.PORT ?? 3000);
const app = await startLocalApp({ port, dataDir: process.env.LOCAL_DATA_DIR ?? '.local', consoleDir: 'out/web' });
if (process.env.DEV_SAMPLES !== 'none') {
  const { env } = app.stack;
  await loadSampleAgencies(new StaffClient(app.api.url, env.STAFF_DEV_TOKEN!), { url: app.api.url, secret: env.EVENTS_HMAC_SECRET! });
}
console.log(
  JSON.stringify({
    level: 'info',
    message: 'local backend ready',
    url: app.api.url,
    console: `${app.api.url}/`,
    staffToken: app.stack.env.STAFF_DEV_TOKEN,
    // for `npm run redrive -- --dynamodb <this>` while the server runs
    dynamodb: app.stack.dynamodb.endpoint,
    mailDir: app.stack.smtp.dir,
    sampleAgencies: process.env.DEV_SAMPLES === 'none' ? [] : SAMPLE_AGENCY_IDS,
  }),
);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    app.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
console.log(`Bàn làm việc (staff console): ${app.api.url}/  — mã truy cập: local-staff-token, local-leader-token, local-clerk-token, local-province-token, local-province-staff-token (Sở Nội vụ, UBNDT), ${app.stack.env.STAFF_DEV_TOKEN}`);
