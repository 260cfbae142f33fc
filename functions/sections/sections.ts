// Use case: store one section's narrative for an agency and period.
import type { SectionKey } from '#domain/sections.ts';
import type { SectionStore } from '#domain/report-ports.ts';

export interface SectionsPorts {
  sections: SectionStore;
  now: () => Date;
}

export interface SectionText {
  agencyId: string;
  periodId: string;
  sectionKey: SectionKey;
  paragraphs: string[];
}

export async function saveSection(ports: SectionsPorts, section: SectionText): Promise<SectionText> {
  await ports.sections.putSection(section.agencyId, section.periodId, section.sectionKey, section.paragraphs, ports.now().toISOString());
  return section;
}
