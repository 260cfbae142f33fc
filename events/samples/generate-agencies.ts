// Writes the streams of more sample agencies of Quảng Ngãi for the province's roll-up (CONTRACT §8),
// one of each level besides SKHCN's: Sở Tư pháp (STP, a department with many online dossiers), UBND
// xã Tịnh Khê (XATINHKHE, a commune), UBND huyện Sơn Tịnh (HSONTINH, a district) and UBND tỉnh
// itself (UBNDT, the procedures it decides), October 2022 to September 2023, with the Decision 766
// indicators on their events. Procedure codes are illustrative.
// Deterministic: a seeded PRNG, no clock. Run: npx tsx events/samples/generate-agencies.ts
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Channel, Event } from '#events/event.schema.ts';
import { addWorkingDays, officeTime, prng, workingDays } from './generate.ts';

interface SampleAgency {
  agencyId: string;
  /** the one-stop-shop's code of the agency, the prefix of its dossier ids */
  code: string;
  seed: number;
  /** dossiers received per working day, at most */
  perDay: number;
  /** chance of each channel: online, then direct; the rest postal */
  online: number;
  direct: number;
  /** chance that a dossier is resolved after its due date */
  late: number;
  fields: Array<{ code: string; name: string; procedure: string; days: number }>;
}

export const SAMPLE_AGENCIES: SampleAgency[] = [
  {
    agencyId: 'STP',
    code: '000.00.21.H48',
    seed: 2023_0021,
    perDay: 3,
    online: 0.85,
    direct: 0.13,
    late: 0.03,
    fields: [
      { code: 'LLTP', name: 'Lý lịch tư pháp', procedure: '2.000488', days: 10 },
      { code: 'CT', name: 'Chứng thực', procedure: '2.000815', days: 2 },
      { code: 'QTC', name: 'Quốc tịch', procedure: '1.001650', days: 20 },
    ],
  },
  {
    agencyId: 'XATINHKHE',
    code: '000.27.33.H48',
    seed: 2023_3327,
    perDay: 2,
    online: 0.55,
    direct: 0.45,
    late: 0.08,
    fields: [
      { code: 'HT', name: 'Hộ tịch', procedure: '1.001193', days: 3 },
      { code: 'CT', name: 'Chứng thực', procedure: '2.000815', days: 1 },
      { code: 'DD', name: 'Đất đai', procedure: '1.003003', days: 15 },
    ],
  },
  {
    agencyId: 'HSONTINH',
    code: '000.22.33.H48',
    seed: 2023_2233,
    perDay: 3,
    online: 0.7,
    direct: 0.28,
    late: 0.05,
    fields: [
      { code: 'DD', name: 'Đất đai', procedure: '1.003003', days: 15 },
      { code: 'HKD', name: 'Thành lập và hoạt động của hộ kinh doanh', procedure: '2.000720', days: 3 },
      { code: 'XD', name: 'Hoạt động xây dựng', procedure: '1.009994', days: 15 },
    ],
  },
  {
    agencyId: 'UBNDT',
    code: '000.00.00.H48',
    seed: 2023_0000,
    perDay: 2,
    online: 0.9,
    direct: 0.08,
    late: 0.02,
    fields: [
      { code: 'DT', name: 'Đầu tư tại Việt Nam', procedure: '1.009645', days: 25 },
      { code: 'MT', name: 'Môi trường', procedure: '1.010728', days: 20 },
    ],
  },
];

export const sampleFile = (agency: SampleAgency) => fileURLToPath(new URL(`./${agency.agencyId.toLowerCase()}-2023.jsonl`, import.meta.url));

const local = (date: string, time: string) => `${date}T${time}+07:00`;

export function generateAgencyStream(agency: SampleAgency): string {
  const rng = prng(agency.seed);
  const events: Event[] = [];
  let n = 0;
  for (const day of workingDays('2022-10-03', '2023-09-29')) {
    for (let k = rng.int(0, agency.perDay); k > 0; k--) {
      const field = rng.pick(agency.fields);
      const dossierId = `${agency.code}-${day.slice(2).replaceAll('-', '')}-${String(++n).padStart(4, '0')}`;
      const roll = rng.next();
      const channel: Channel = roll < agency.online ? 'online' : roll < agency.online + agency.direct ? 'direct' : 'postal';
      const due = addWorkingDays(day, field.days);
      const id = (kind: string) => `mc-${agency.agencyId.toLowerCase()}-${String(n).padStart(6, '0')}-${kind}`;
      events.push({
        id: id('received'),
        type: 'dossier.received',
        occurredAt: local(day, officeTime(rng)),
        agencyId: agency.agencyId,
        data: {
          dossierId,
          procedureCode: field.procedure,
          channel,
          dueAt: local(due, '17:00:00'),
          fieldCode: field.code,
          fieldName: field.name,
          fullyOnline: channel === 'online' && rng.next() < 0.6,
          digitized: rng.next() < 0.8,
        },
      });
      // Dossiers received in the last weeks stay pending; a few are withdrawn.
      if (day > '2023-09-15') continue;
      const timing = rng.next();
      const closedOn =
        timing < agency.late ? addWorkingDays(due, rng.int(1, 5)) : timing < agency.late + 0.1 ? due : addWorkingDays(day, rng.int(0, field.days - 1));
      if (rng.next() < 0.02) {
        events.push({ id: id('withdrawn'), type: 'dossier.withdrawn', occurredAt: local(closedOn, officeTime(rng)), agencyId: agency.agencyId, data: { dossierId } });
        continue;
      }
      events.push({
        id: id('resolved'),
        type: 'dossier.resolved',
        occurredAt: local(closedOn, closedOn === day ? '17:15:00' : officeTime(rng)),
        agencyId: agency.agencyId,
        data: { dossierId, resultElectronic: rng.next() < 0.7 },
      });
    }
  }
  return events.map((e) => JSON.stringify(e) + '\n').join('');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const agency of SAMPLE_AGENCIES) {
    const text = generateAgencyStream(agency);
    writeFileSync(sampleFile(agency), text);
    console.log(`wrote ${sampleFile(agency)}: ${text.split('\n').length - 1} lines`);
  }
}
