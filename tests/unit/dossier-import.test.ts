// The pure row → events mapping of the history import (CONTRACT §9).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { csvCell } from '../../infra/local/import-client.ts';
import { columnLayout, foldText, importedEventId, rowEvents } from '#domain/dossier-import.ts';
import { SAMPLE_EXPORT_FILE, sampleExport } from '#events/samples/export.ts';

const HEADERS = ['Mã hồ sơ', 'Mã thủ tục', 'Tên thủ tục', 'Mã lĩnh vực', 'Tên lĩnh vực', 'Hình thức nộp', 'Ngày tiếp nhận', 'Ngày hẹn trả', 'Ngày có kết quả', 'Trạng thái'];
const layout = columnLayout(HEADERS);
const row = (over: Partial<Record<'id' | 'channel' | 'received' | 'due' | 'closed' | 'status', string>> = {}) => [
  over.id ?? 'H48-1',
  '1.004503',
  'Đăng ký công bố hợp chuẩn',
  'TDC',
  'Tiêu chuẩn đo lường chất lượng',
  over.channel ?? 'Trực tuyến',
  over.received ?? '01/03/2023 08:30',
  over.due ?? '10/03/2023 17:00',
  over.closed ?? '',
  over.status ?? 'Đang xử lý',
];

describe('columnLayout', () => {
  it('matches headers without case, accents, đ or extra spaces, in any order', () => {
    expect(foldText('  NGÀY  Hẹn trả ')).toBe('ngay hen tra');
    expect(foldText('Mã lĩnh vực')).toBe(foldText('MA LINH VUC'));
    expect(foldText('Đã giải quyết')).toBe('da giai quyet');
    const shuffled = ['trang thai', 'NGAY CO KET QUA', 'ngày hẹn trả', 'Ngay tiep nhan', 'hinh thuc nop', 'ma thu tuc', 'MÃ HỒ SƠ'];
    expect(columnLayout(shuffled)).toEqual({ status: 0, closedAt: 1, dueAt: 2, receivedAt: 3, channel: 4, procedureCode: 5, dossierId: 6 });
  });

  it('takes a renamed header from the --columns mapping, and names every required column missing', () => {
    expect(columnLayout(['Số hồ sơ', ...HEADERS.slice(1)], { dossierId: 'Số hồ sơ' }).dossierId).toBe(0);
    expect(() => columnLayout(['Số hồ sơ', 'Mã thủ tục'])).toThrow(/"Mã hồ sơ", "Hình thức nộp", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày có kết quả", "Trạng thái"/);
  });
});

describe('rowEvents', () => {
  it('an open dossier is one received event, dated in local time', () => {
    expect(rowEvents('SKHCN', row(), layout)).toEqual({
      events: [
        {
          id: 'imp:SKHCN:H48-1:received',
          type: 'dossier.received',
          occurredAt: '2023-03-01T08:30:00+07:00',
          agencyId: 'SKHCN',
          data: { dossierId: 'H48-1', procedureCode: '1.004503', procedureName: 'Đăng ký công bố hợp chuẩn', fieldCode: 'TDC', fieldName: 'Tiêu chuẩn đo lường chất lượng', channel: 'online', dueAt: '2023-03-10T17:00:00+07:00' },
        },
      ],
    });
  });

  it('a closed dossier adds its closing event dated "Ngày có kết quả"; each status and channel', () => {
    for (const [status, type] of [['Đã giải quyết', 'dossier.resolved'], ['rút hồ sơ', 'dossier.withdrawn'], ['TRẢ LẠI', 'dossier.returned']] as const) {
      const out = rowEvents('SKHCN', row({ status, closed: '05/03/2023 09:15' }), layout);
      expect(out).toMatchObject({ events: [{ type: 'dossier.received' }, { id: `imp:SKHCN:H48-1:${type.slice(8)}`, type, occurredAt: '2023-03-05T09:15:00+07:00', data: { dossierId: 'H48-1' } }] });
    }
    for (const [channel, value] of [['Trực tiếp', 'direct'], ['bưu chính', 'postal'], ['TRUC TUYEN', 'online']]) {
      expect(rowEvents('SKHCN', row({ channel }), layout)).toMatchObject({ events: [{ data: { channel: value } }] });
    }
  });

  it('a date alone is the start of the day for the receipt, the whole day (23:59) for the appointment and the result', () => {
    expect(rowEvents('SKHCN', row({ received: '1/3/2023', due: '10/03/2023', closed: '01/03/2023', status: 'Đã giải quyết' }), layout)).toMatchObject({
      events: [{ occurredAt: '2023-03-01T00:00:00+07:00', data: { dueAt: '2023-03-10T23:59:00+07:00' } }, { occurredAt: '2023-03-01T23:59:00+07:00' }],
    });
  });

  it('refuses a row with a reason: status, channel, dates, order, dossier id, bounds', () => {
    const refused = (cells: string[]) => {
      const out = rowEvents('SKHCN', cells, layout);
      return 'refused' in out ? out.refused.code : 'accepted';
    };
    expect(refused(row({ status: 'Hoàn thành' }))).toBe('unknown_status');
    expect(refused(row({ channel: 'Qua mạng' }))).toBe('unknown_channel');
    for (const received of ['2023-03-01', '31/02/2023', '01/03/2023 24:00', '01/03/23', '']) expect(refused(row({ received })), received).toBe('bad_date');
    expect(refused(row({ due: 'sau 5 ngày' }))).toBe('bad_date');
    expect(refused(row({ status: 'Đã giải quyết' }))).toBe('missing_result_date');
    expect(refused(row({ status: 'Trả lại', closed: '01/03/2023 08:29' }))).toBe('closed_before_received');
    expect(refused(row({ status: 'Trả lại', closed: '01/03/2023 08:30' }))).toBe('accepted');
    expect(refused(row({ id: '  ' }))).toBe('missing_dossier_id');
    expect(refused(row({ received: '31/12/1999 23:00' }))).toBe('invalid_event');
  });
});

describe('importedEventId', () => {
  it('is the same for the same agency, dossier and kind, and fits CONTRACT §1 for any dossier id', () => {
    expect(importedEventId('SKHCN', '000.00.18.H48-221006-0001', 'received')).toBe('imp:SKHCN:000.00.18.H48-221006-0001:received');
    const odd = ['H48/2023 số 1', 'x'.repeat(120), 'hồ sơ'];
    for (const dossierId of odd) {
      const id = importedEventId('A'.repeat(64), dossierId, 'withdrawn');
      expect(id).toMatch(/^imph:A{64}:[0-9a-f]{40}:withdrawn$/);
      expect(id.length).toBeLessThanOrEqual(128);
      expect(importedEventId('A'.repeat(64), dossierId, 'withdrawn')).toBe(id);
    }
    expect(new Set(odd.map((d) => importedEventId('SKHCN', d, 'received'))).size).toBe(3);
  });
});

describe('the sample export', () => {
  it('is what events/samples/export.ts makes from the sample stream', () => {
    expect(readFileSync(SAMPLE_EXPORT_FILE, 'utf8')).toBe(sampleExport());
  });
});

describe('a cell of the refused-rows CSV (OWASP CSV injection)', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ["+cmd|' /C calc'!A0", `"'+cmd|' /C calc'!A0"`],
    ['@SUM(1+1)', `"'@SUM(1+1)"`],
    ['-1', `"'-1"`],
    ['\t=1', `"'\t=1"`],
    ['\r=1', `"'\r=1"`],
    ['＝1+1', `"'＝1+1"`],
  ])('%j starts with an apostrophe, quoted', (cell, written) => {
    expect(csvCell(cell)).toBe(written);
  });

  it('leaves other text as it is, quoting only what holds a quote, a separator or a line break', () => {
    expect(csvCell('B-1')).toBe('B-1');
    expect(csvCell(1202)).toBe('1202');
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell('Trả lại; "muộn"')).toBe('"Trả lại; ""muộn"""');
  });
});
