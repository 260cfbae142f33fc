// An SMTP server on 127.0.0.1 that keeps every message it receives as an .eml file, standing in
// for SES so a report e-mail can be opened and checked locally.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SMTPServer } from 'smtp-server';

export interface SmtpSinkOptions {
  /** Where .eml files go; default `out/mail`. */
  dir?: string;
  /** Defaults to a port the OS picks. */
  port?: number;
}

export interface SmtpSink {
  host: string;
  port: number;
  dir: string;
  /** The next `n` messages are refused at the end of DATA with `code` (default 451, a transient failure). */
  failNext(n: number, code?: number): void;
  /** The .eml files written by this sink, in the order received. */
  files(): string[];
  stop(): Promise<void>;
}

const EML = /^(\d{6})-[0-9a-f]{12}\.eml$/;

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const dir = resolve(options.dir ?? 'out/mail');
  mkdirSync(dir, { recursive: true });
  // Continue the numbering of an earlier run so its files are kept, not overwritten.
  let sequence = readdirSync(dir).reduce((max, name) => Math.max(max, Number(EML.exec(name)?.[1] ?? 0)), 0);
  const written: string[] = [];
  let failures: { remaining: number; code: number } = { remaining: 0, code: 451 };

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        if (failures.remaining > 0) {
          failures.remaining -= 1;
          const error = Object.assign(new Error(`Refused by the local sink (failNext)`), { responseCode: failures.code });
          return callback(error);
        }
        const message = Buffer.concat(chunks);
        const messageId = /^message-id:\s*(.+)$/im.exec(message.toString('latin1'))?.[1]?.trim();
        const hash = createHash('sha256').update(messageId ?? message).digest('hex').slice(0, 12);
        sequence += 1;
        const file = join(dir, `${String(sequence).padStart(6, '0')}-${hash}.eml`);
        writeFileSync(file, message);
        written.push(file);
        callback(null, `Saved as ${file}`);
      });
    },
  });
  server.on('error', (error) => console.error(JSON.stringify({ level: 'error', message: 'smtp sink', error: String(error) })));

  const host = '127.0.0.1';
  await new Promise<void>((resolveListen, reject) => {
    server.server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolveListen());
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    host,
    port,
    dir,
    failNext(n, code = 451) {
      failures = { remaining: n, code };
    },
    files: () => [...written],
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}
