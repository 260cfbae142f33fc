// Use case: store one section's narrative for an agency and period, and read a period's back.
import { parsePeriodId } from '#domain/periods.ts';
import { Invalid } from '#domain/errors.ts';
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

export interface PeriodSections {
  agencyId: string;
  periodId: string;
  /** the period whose text this is: `periodId`, or the earlier period asked for to carry forward */
  fromPeriodId: string;
  sections: Partial<Record<SectionKey, string[]>>;
}

export async function saveSection(ports: SectionsPorts, section: SectionText): Promise<SectionText> {
  await ports.sections.putSection(section.agencyId, section.periodId, section.sectionKey, section.paragraphs, ports.now().toISOString());
  return section;
}

/**
 * Every stored section of the period, by key; with `from`, the text of that earlier period (what
 * the console carries forward into this one). A `from` not starting before the period is refused.
 */
export async function readSections(ports: Pick<SectionsPorts, 'sections'>, agencyId: string, periodId: string, from?: string): Promise<PeriodSections> {
  if (from !== undefined && parsePeriodId(from).start >= parsePeriodId(periodId).start) {
    throw new Invalid(`from must be a period that starts before ${periodId}`, [{ path: 'query.from', message: `must start before ${periodId}` }]);
  }
  const fromPeriodId = from ?? periodId;
  return { agencyId, periodId, fromPeriodId, sections: await ports.sections.listSections(agencyId, fromPeriodId) };
}
