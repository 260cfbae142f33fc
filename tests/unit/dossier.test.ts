import { describe, expect, it } from 'vitest';
import type { Event } from '#events/event.schema.ts';
import { fold } from '../support/fold.ts';

let n = 0;
const base = { agencyId: 'SKHCN' };
const received = (dossierId: string, occurredAt: string, dueAt: string, channel: 'online' | 'direct' | 'postal' = 'online'): Event => ({
  ...base, id: `e${++n}`, type: 'dossier.received', occurredAt, data: { dossierId, procedureCode: '1.004503', channel, dueAt, fieldCode: 'KHCN', fieldName: 'Hoạt động khoa học và công nghệ' },
});
const closing = (type: 'dossier.resolved' | 'dossier.withdrawn' | 'dossier.returned', dossierId: string, occurredAt: string): Event =>
  ({ ...base, id: `e${++n}`, type, occurredAt, data: { dossierId } }) as Event;
const rescheduled = (dossierId: string, occurredAt: string, dueAt: string): Event => ({ ...base, id: `e${++n}`, type: 'dossier.rescheduled', occurredAt, data: { dossierId, dueAt } });

describe('dossier figures', () => {
  it('classifies resolutions by local dates against the due date in force', () => {
    const figures = fold([
      received('a', '2023-01-03T08:00:00+07:00', '2023-01-10T17:00:00+07:00'),
      closing('dossier.resolved', 'a', '2023-01-09T16:00:00+07:00'), // early
      received('b', '2023-01-03T08:00:00+07:00', '2023-01-10T08:00:00+07:00'),
      closing('dossier.resolved', 'b', '2023-01-10T23:30:00+07:00'), // same local day: on time
      received('c', '2023-01-03T08:00:00+07:00', '2023-01-05T08:00:00+07:00'),
      rescheduled('c', '2023-01-04T08:00:00+07:00', '2023-01-20T08:00:00+07:00'),
      closing('dossier.resolved', 'c', '2023-01-12T08:00:00+07:00'), // early against the new date
      received('d', '2023-01-03T08:00:00+07:00', '2023-01-05T08:00:00+07:00'),
      closing('dossier.resolved', 'd', '2023-01-05T17:00:00Z'), // 06/01 local: late
    ])('2023-M01');
    expect(figures.dossiers.resolved).toEqual({ total: 4, early: 2, onTime: 1, late: 1 });
    expect(figures.dossiers.pending.total).toBe(0);
  });

  it('counts carried-over and pending stocks at the period edges, overdue by the due date at E', () => {
    const events = [
      received('old', '2022-12-01T09:00:00+07:00', '2023-01-20T09:00:00+07:00', 'direct'),
      closing('dossier.resolved', 'old', '2023-02-01T09:00:00+07:00'),
      received('late', '2023-01-20T09:00:00+07:00', '2023-02-10T09:00:00+07:00', 'postal'),
      received('later', '2023-02-01T09:00:00+07:00', '2023-03-30T09:00:00+07:00'),
    ];
    const figuresOf = fold(events);
    const q1 = figuresOf('2023-Q1');
    expect(q1.dossiers.received).toEqual({ total: 3, carriedOver: 1, online: 1, direct: 0, postal: 1 });
    expect(q1.dossiers.pending).toEqual({ total: 2, withinDeadline: 1, overdue: 1 });
    // Never closed: still open and overdue in every later period (the tail).
    expect(figuresOf('2024-H2').dossiers.received.carriedOver).toBe(2);
    expect(figuresOf('2024-H2').dossiers.pending).toEqual({ total: 2, withinDeadline: 0, overdue: 2 });
    expect(figuresOf('2023-M04').dossiers.pending).toEqual({ total: 2, withinDeadline: 0, overdue: 2 });
    expect(q1.fields).toEqual([expect.objectContaining({ fieldCode: 'KHCN', fieldName: 'Hoạt động khoa học và công nghệ' })]);
  });

  it('keeps early events until the receipt arrives, and ignores closings dated before it', () => {
    const resolvedFirst = closing('dossier.resolved', 'x', '2023-02-02T09:00:00+07:00');
    const before = closing('dossier.withdrawn', 'x', '2023-01-01T09:00:00+07:00');
    expect(fold([resolvedFirst, before])('2023-Q1').dossiers.received.total).toBe(0);
    const figures = fold([resolvedFirst, before, received('x', '2023-01-20T09:00:00+07:00', '2023-02-10T09:00:00+07:00')])('2023-Q1');
    expect(figures.dossiers.withdrawn).toBe(0);
    expect(figures.dossiers.resolved.early).toBe(1);
  });

  it('ignores a re-delivered event and takes the earliest of several closings', () => {
    const r = received('y', '2023-01-20T09:00:00+07:00', '2023-02-10T09:00:00+07:00');
    const ret = closing('dossier.returned', 'y', '2023-02-05T09:00:00+07:00');
    const res = closing('dossier.resolved', 'y', '2023-02-06T09:00:00+07:00');
    const figures = fold([res, r, ret, r, ret])('2023-Q1');
    expect(figures.dossiers.returned).toBe(1);
    expect(figures.dossiers.resolved.total).toBe(0);
    expect(figures.dossiers.received.total).toBe(1);
  });

  it('counts a document once, by its earliest event, and leaves confidential ones out', () => {
    const doc = (id: string, documentId: string, occurredAt: string, form: 'electronic' | 'paper', confidential = false): Event =>
      ({ ...base, id, type: 'document.issued', occurredAt, data: { documentId, form, confidential } });
    const figures = fold([
      doc('d1', 'A', '2023-01-05T09:00:00+07:00', 'electronic'),
      doc('d2', 'A', '2023-01-04T09:00:00+07:00', 'paper'),
      doc('d3', 'B', '2023-01-05T09:00:00+07:00', 'electronic', true),
    ])('2023-M01');
    expect(figures.documents.issued).toEqual({ total: 1, electronic: 0, electronicWithPaper: 0, paper: 1 });
  });
});
