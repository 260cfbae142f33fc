// The figures of a period (CONTRACT §3), as the summary route answers them.

export interface DossierFigures {
  received: { total: number; carriedOver: number; online: number; direct: number; postal: number };
  resolved: { total: number; early: number; onTime: number; late: number };
  withdrawn: number;
  returned: number;
  pending: { total: number; withinDeadline: number; overdue: number };
}

export interface DocumentFigures {
  issued: { total: number; electronic: number; electronicWithPaper: number; paper: number };
}

export interface PeriodSummary {
  agencyId: string;
  period: { id: string; from: string; to: string };
  dossiers: DossierFigures;
  documents: DocumentFigures;
}

/** One row of form 06/VPCP/KSTT: the dossier figures of one field (lĩnh vực). */
export interface FieldFigures {
  fieldCode: string;
  /** the field's name as the one-stop-shop sent it; the code when it sent none */
  fieldName: string;
  dossiers: DossierFigures;
}

/** The summary plus the per-field breakdown the report's form-06 table needs. */
export interface PeriodFigures extends PeriodSummary {
  fields: FieldFigures[];
}
