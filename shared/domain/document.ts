// Outgoing documents (văn bản đi): counted once per documentId, by the earliest event.
import type { DocumentEvent, DocumentForm } from '#events/event.schema.ts';
import { bump, earliestFirst, emptyContribution, type Contribution, type DocumentMeasure } from './counters.ts';
import { monthOf } from './periods.ts';

export interface DocumentFact {
  id: string;
  at: number;
  form: DocumentForm;
  confidential: boolean;
}

export function documentFact(event: DocumentEvent): DocumentFact {
  return { id: event.id, at: Date.parse(event.occurredAt), form: event.data.form, confidential: event.data.confidential };
}

const FORM_MEASURE: Record<DocumentForm, DocumentMeasure> = {
  electronic: 'docElectronic',
  electronic_with_paper: 'docElectronicWithPaper',
  paper: 'docPaper',
};

export function documentContribution(facts: readonly DocumentFact[]): Contribution {
  const out = emptyContribution();
  const first = [...facts].sort(earliestFirst)[0];
  if (first && !first.confidential) bump(out.months, monthOf(first.at), FORM_MEASURE[first.form]);
  return out;
}
