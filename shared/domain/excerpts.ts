// The province's excerpts (CONTRACT §8): paragraphs of the agencies' issued reports that Sở Nội vụ
// may take into the province's own narrative, each then cited by the agency report's number.
// Pure: the use case (shared/app/excerpts.ts) reads the profiles, versions and issued narratives.
import * as z from 'zod';
import { SECTION_KEYS, type SectionKey } from './sections.ts';

const ExcerptSchema = z.object({
  agencyId: z.string(),
  name: z.string().meta({ description: "the agency's name (the profile's agencyName)" }),
  number: z.string().meta({ description: 'the issued report\'s number, e.g. 1015/BC-SKHCN: the province cites it as {{cite:1015/BC-SKHCN}}' }),
  section: z.enum(SECTION_KEYS),
  text: z.string().meta({ description: "one paragraph as the issued report was rendered from it, without the agency's own {{…}} placeholders" }),
});

/** The answer of GET /v1/periods/{periodId}/excerpts. */
export const ExcerptsSchema = z.array(ExcerptSchema);
export type Excerpt = z.infer<typeof ExcerptSchema>;

/** Any {{…}} placeholder with the spaces before it: the agency's citations and data sentences. */
const PLACEHOLDER = /\s*\{\{[^{}]*\}\}/g;

/**
 * A paragraph as the province can take it in, or nothing to offer: sub-headings are the agency's
 * outline, not content; the agency's own {{cite:…}} name attachments the province does not hold
 * (its report cites the agency's report instead) and a data placeholder would print the
 * province's figures in the agency's words, so both are left out.
 */
export function excerptText(paragraph: string): string | undefined {
  if (paragraph.startsWith('### ')) return undefined;
  const text = paragraph.replace(PLACEHOLDER, '').trim();
  return /[\p{L}\p{N}]/u.test(text) ? text : undefined;
}

/** One agency's issued paragraphs of `section`, in the report's order. */
export function excerptsOf(agency: { agencyId: string; name: string; number: string }, section: SectionKey, paragraphs: readonly string[] = []): Excerpt[] {
  return paragraphs.flatMap((p) => {
    const text = excerptText(p);
    return text === undefined ? [] : [{ ...agency, section, text }];
  });
}

/**
 * An excerpt as the province's narrative takes it in: the agency's paragraph with the citation of
 * its report against the last word, before the closing punctuation, as the seed cites
 * ("… năm 2023{{cite:2170/KH-SKHCN}}.").
 */
export function citedExcerpt(excerpt: Pick<Excerpt, 'text' | 'number'>): string {
  const [, body, close] = /^([\s\S]*?)([.;:!?…]*)$/u.exec(excerpt.text)!;
  return `${body}{{cite:${excerpt.number}}}${close}`;
}
