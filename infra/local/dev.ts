// `npm run dev` (CONTRACT §5, §7): the whole backend and the staff console on http://127.0.0.1:$PORT (default 3000), data kept
// under .local/ between runs, e-mails written to out/mail/.
import './quiet-sdk.ts';
import { startLocalApp } from './app.ts';

const port = Number(process.env.PORT ?? 3000);
const app = await startLocalApp({ port, dataDir: process.env.LOCAL_DATA_DIR ?? '.local', consoleDir: 'out/web' });
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
console.log(`Bàn làm việc (staff console): ${app.api.url}/  — mã truy cập: local-staff-token, local-leader-token, local-province-token, ${app.stack.env.STAFF_DEV_TOKEN}`);
