// The delivery state machine (CONTRACT §10), exhaustively: every state against every status code,
// and every order and repetition of the messages a delivery can get: a state never moves back.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyStatus, channelOf, DELIVERY_STATES, resendable, stateAfter, type Delivery, type DeliveryState } from '#domain/delivery.ts';
import { EXCHANGE_STATUS_CODES, type ExchangeStatusCode } from '#domain/document-exchange.ts';

/** The expected table: row = current state, column = status code. */
const TABLE: Record<DeliveryState, Record<ExchangeStatusCode, DeliveryState>> = {
  queued: { '01': 'sent', '02': 'refused', '03': 'accepted', '04': 'accepted', '05': 'accepted', '06': 'done', '13': 'queued', '15': 'queued' },
  failed: { '01': 'sent', '02': 'refused', '03': 'accepted', '04': 'accepted', '05': 'accepted', '06': 'done', '13': 'failed', '15': 'failed' },
  sent: { '01': 'sent', '02': 'refused', '03': 'accepted', '04': 'accepted', '05': 'accepted', '06': 'done', '13': 'sent', '15': 'sent' },
  accepted: { '01': 'accepted', '02': 'accepted', '03': 'accepted', '04': 'accepted', '05': 'accepted', '06': 'done', '13': 'accepted', '15': 'accepted' },
  refused: { '01': 'refused', '02': 'refused', '03': 'refused', '04': 'refused', '05': 'refused', '06': 'done', '13': 'refused', '15': 'refused' },
  done: { '01': 'done', '02': 'done', '03': 'done', '04': 'done', '05': 'done', '06': 'done', '13': 'done', '15': 'done' },
};

const ORDER: DeliveryState[] = ['queued', 'sent', 'accepted', 'done'];
/** How far along: a refusal is the receiving office's decision, level with accepting it; failed is where the transport gave up, before any status. */
const rank = (s: DeliveryState) => ORDER.indexOf(s === 'refused' ? 'accepted' : s === 'failed' ? 'queued' : s);

const queued = (): Delivery => ({
  version: 1,
  channel: 'exchange',
  recipient: { no: 1, line: 'UBND tỉnh (báo cáo)', name: 'Ủy ban nhân dân tỉnh Quảng Ngãi', organId: '000.00.00.H48', emails: [], editableCopy: false },
  state: 'queued',
  at: '2023-06-15T01:00:00.000Z',
  attempts: 0,
});

describe('stateAfter', () => {
  for (const state of DELIVERY_STATES) {
    for (const code of EXCHANGE_STATUS_CODES) {
      it(`${state} + ${code} → ${TABLE[state][code]}`, () => {
        expect(stateAfter(state, code)).toBe(TABLE[state][code]);
      });
    }
  }

  it('never moves back along queued → sent → accepted → done', () => {
    for (const state of DELIVERY_STATES) for (const code of EXCHANGE_STATUS_CODES) expect(rank(stateAfter(state, code))).toBeGreaterThanOrEqual(rank(state));
  });
});

describe('applyStatus over any order and repetition of the messages', () => {
  const message = (code: ExchangeStatusCode, i: number) => ({ code, at: `2023-06-15T02:${String(i % 60).padStart(2, '0')}:00.000Z`, description: code === '02' ? 'Sai đơn vị nhận' : 'ok' });

  it('01, 03, 06 in any order, each once or more, end done; every code kept once as a receipt', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom<ExchangeStatusCode>('01', '03', '06', '04', '05', '13', '15'), { minLength: 1, maxLength: 20 }), (codes) => {
        const all: ExchangeStatusCode[] = [...codes, '01', '03', '06'];
        const end = all.reduce((d, code, i) => applyStatus(d, message(code, i)), queued());
        expect(end.state).toBe('done');
        expect(end.statuses!.map((s) => s.code).sort()).toEqual([...new Set(all)].sort());
      }),
    );
  });

  it('the state reached after any prefix is never behind the one before it', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...EXCHANGE_STATUS_CODES), { maxLength: 25 }), (codes) => {
        let d = queued();
        for (const [i, code] of codes.entries()) {
          const next = applyStatus(d, message(code, i));
          expect(rank(next.state)).toBeGreaterThanOrEqual(rank(d.state));
          d = next;
        }
      }),
    );
  });

  it('a duplicate changes nothing (the same object: nothing is written)', () => {
    const sent = applyStatus(queued(), message('01', 0));
    expect(applyStatus(sent, message('01', 5))).toBe(sent);
  });

  it('a refusal keeps its reason; a late 01 or 03 does not undo it', () => {
    const refused = applyStatus(applyStatus(queued(), message('02', 1)), message('01', 0));
    expect(refused).toMatchObject({ state: 'refused', detail: 'Sai đơn vị nhận', at: '2023-06-15T02:01:00.000Z' });
    expect(applyStatus(refused, message('03', 2))).toMatchObject({ state: 'refused', detail: 'Sai đơn vị nhận' });
  });

  it('13 (recalled) and 15 (updated) are kept as receipts and move nothing', () => {
    const d = applyStatus(applyStatus(queued(), message('13', 0)), message('15', 1));
    expect(d.state).toBe('queued');
    expect(d.statuses!.map((s) => s.code)).toEqual(['13', '15']);
  });
});

describe('resendable and channelOf', () => {
  it('only failed and refused deliveries may be sent again', () => {
    expect(DELIVERY_STATES.filter(resendable)).toEqual(['refused', 'failed']);
  });
  it('the exchange where there is an organ code, else e-mail, else nothing (paper only)', () => {
    expect(channelOf({ organId: '000.00.00.H48', emails: ['a@b.vn'] })).toBe('exchange');
    expect(channelOf({ emails: ['a@b.vn'] })).toBe('email');
    expect(channelOf({ emails: [] })).toBeUndefined();
  });
});
