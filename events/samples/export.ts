// Writes events/samples/skhcn-2023-export.csv: the dossier list the one-stop-shop of SKHCN would
// export on 30/09/2023 (CONTRACT §9), built from the dossiers of skhcn-2023.jsonl. One row per
// dossier: its earliest receipt, the appointment date in force at the end (after every
// reschedule), its earliest closing. Run: node --import tsx events/samples/export.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DossierEvent, Event } from '#events/event.schema.ts';
import { EXPORT_COLUMNS } from '#domain/dossier-import.ts';
import { SAMPLE_FILE } from './generate.ts';

export const SAMPLE_EXPORT_FILE = fileURLToPath(new URL('./skhcn-2023-export.csv', import.meta.url));

const STATUS = { 'dossier.resolved': 'Đã giải quyết', 'dossier.withdrawn': 'Rút hồ sơ', 'dossier.returned': 'Trả lại' } as const;
const CHANNEL = { online: 'Trực tuyến', direct: 'Trực tiếp', postal: 'Bưu chính' } as const;

/** "2022-10-06T15:14:26+07:00" → "06/10/2022 15:14" (the sample's timestamps are all at +07:00) */
const shown = (at: string) => `${at.slice(8, 10)}/${at.slice(5, 7)}/${at.slice(0, 4)} ${at.slice(11, 16)}`;
const csvCell = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
const earliest = <T extends { occurredAt: string; id: string }>(events: T[]) =>
  [...events].sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt) || (a.id < b.id ? -1 : 1))[0];

export function sampleExport(stream: string = readFileSync(SAMPLE_FILE, 'utf8')): string {
  const byDossier = new Map<string, DossierEvent[]>();
  for (const line of stream.split('\n')) {
    if (line.trim() === '') continue;
    const event = JSON.parse(line) as Event;
    if (event.type === 'document.issued') continue;
    byDossier.set(event.data.dossierId, [...(byDossier.get(event.data.dossierId) ?? []), event]);
  }
  const rows = [...byDossier.values()].map((events) => {
    const received = earliest(events.filter((e) => e.type === 'dossier.received'))!;
    const lastDue = events.filter((e) => e.type === 'dossier.rescheduled').sort((a, b) => Date.parse(b.occurredAt) - Date.parse(a.occurredAt))[0]?.data.dueAt ?? received.data.dueAt;
    const closing = earliest(events.filter((e) => e.type in STATUS && Date.parse(e.occurredAt) >= Date.parse(received.occurredAt)));
    const d = received.data;
    return {
      at: Date.parse(received.occurredAt),
      cells: [d.dossierId, d.procedureCode, d.procedureName ?? '', d.fieldCode ?? '', d.fieldName ?? '', CHANNEL[d.channel], shown(received.occurredAt), shown(lastDue), closing ? shown(closing.occurredAt) : '', closing ? STATUS[closing.type as keyof typeof STATUS] : 'Đang xử lý'],
    };
  });
  rows.sort((a, b) => a.at - b.at);
  return [Object.values(EXPORT_COLUMNS), ...rows.map((r) => r.cells)].map((cells) => cells.map(csvCell).join(',') + '\r\n').join('');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = sampleExport();
  writeFileSync(SAMPLE_EXPORT_FILE, text);
  console.log(`wrote ${SAMPLE_EXPORT_FILE}: ${text.split('\r\n').length - 2} dossiers`);
}
