// The SMTP sink stands in for SES locally: each accepted message becomes an .eml file, and it can
// refuse deliveries so the mailer's retries can be checked. Spoken to over a raw socket, so the
// status codes a real client sees are asserted.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { startSmtpSink, type SmtpSink } from '../../infra/local/smtp-sink.ts';

/** One SMTP session; returns the final reply line of each step. */
async function deliver(sink: SmtpSink, message: string): Promise<{ data: string; replies: string[] }> {
  const socket = connect(sink.port, sink.host);
  socket.setEncoding('utf8');
  let buffer = '';
  const waiters: ((line: string) => void)[] = [];
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    let end: number;
    while ((end = buffer.indexOf('\r\n')) >= 0) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (/^\d{3} /.test(line)) waiters.shift()?.(line); // the last line of a (multi-line) reply
    }
  });
  const reply = () => new Promise<string>((r) => waiters.push(r));
  const step = (command: string) => {
    const next = reply();
    socket.write(`${command}\r\n`);
    return next;
  };
  const replies = [await reply()];
  replies.push(await step('EHLO test.local'));
  replies.push(await step('MAIL FROM:<bao-cao@so.gov.vn>'));
  replies.push(await step('RCPT TO:<lanh-dao@so.gov.vn>'));
  replies.push(await step('DATA'));
  const data = await step(`${message}\r\n.`);
  await step('QUIT');
  socket.end();
  return { data, replies };
}

const MESSAGE = [
  'From: bao-cao@so.gov.vn',
  'To: lanh-dao@so.gov.vn',
  'Subject: =?UTF-8?B?' + Buffer.from('Báo cáo CCHC 6 tháng đầu năm 2023').toString('base64') + '?=',
  'Message-ID: <report-2023-h1@so.gov.vn>',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Kính gửi lãnh đạo Sở.',
].join('\r\n');

let sink: SmtpSink | undefined;
afterEach(async () => {
  await sink?.stop();
  sink = undefined;
});

describe('SMTP sink', () => {
  it('saves an accepted message as an .eml file with the bytes sent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cchc-mail-'));
    sink = await startSmtpSink({ dir });
    expect(sink.host).toBe('127.0.0.1');

    const { data, replies } = await deliver(sink, MESSAGE);
    expect(replies.map((r) => r.slice(0, 3))).toEqual(['220', '250', '250', '250', '354']);
    expect(data).toMatch(/^250 /);

    const files = sink.files();
    expect(files).toHaveLength(1);
    expect(basename(files[0]!)).toMatch(/^000001-[0-9a-f]{12}\.eml$/);
    expect(readFileSync(files[0]!, 'utf8')).toBe(`${MESSAGE}\r\n`);
    const parsed = await simpleParser(readFileSync(files[0]!));
    expect(parsed.subject).toBe('Báo cáo CCHC 6 tháng đầu năm 2023');
    expect(parsed.text?.trim()).toBe('Kính gửi lãnh đạo Sở.');
  });

  it('names files by sequence and Message-ID hash, continuing the numbering in the directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cchc-mail-'));
    writeFileSync(join(dir, '000007-0123456789ab.eml'), 'earlier run');
    sink = await startSmtpSink({ dir });
    await deliver(sink, MESSAGE);
    await deliver(sink, MESSAGE);
    const [first, second] = sink.files().map((f) => basename(f));
    expect(first!.slice(0, 7)).toBe('000008-');
    expect(second!.slice(0, 7)).toBe('000009-');
    // The same Message-ID gives the same hash: names do not depend on the time of delivery.
    expect(first!.slice(7)).toBe(second!.slice(7));
  });

  it('refuses the next n deliveries with the given code, then accepts again', async () => {
    sink = await startSmtpSink({ dir: mkdtempSync(join(tmpdir(), 'cchc-mail-')) });
    sink.failNext(2);
    expect((await deliver(sink, MESSAGE)).data).toMatch(/^451 /);
    expect((await deliver(sink, MESSAGE)).data).toMatch(/^451 /);
    expect(sink.files()).toEqual([]);
    expect((await deliver(sink, MESSAGE)).data).toMatch(/^250 /);
    expect(sink.files()).toHaveLength(1);

    sink.failNext(1, 554);
    expect((await deliver(sink, MESSAGE)).data).toMatch(/^554 /);
    expect(sink.files()).toHaveLength(1);
  });
});
