// The national document exchange (trục liên thông văn bản quốc gia, reached through the province's
// LGSP) as a port (CONTRACT §10): the delivery worker sends one signed edXML envelope per exchange
// recipient through it; the receiving office's status messages come back later through the status
// intake, in any order and more than once. In AWS an HTTPS adapter talks to the province's gateway;
// locally the stand-in exchange of the local stack answers.

/** The status codes of QCVN 102:2016/BTTTT status messages that move a delivery (CONTRACT §10). */
export const EXCHANGE_STATUS_CODES = ['01', '02', '03', '04', '05', '06', '13', '15'] as const;
export type ExchangeStatusCode = (typeof EXCHANGE_STATUS_CODES)[number];

/** One status message about one sent document, from one receiving organ. */
export interface ExchangeStatus {
  /** the edXML `DocumentId` it answers: `{organId},{yyyy/MM/dd},{number}` */
  documentId: string;
  /** the organ code of the office that gives the status (the recipient's) */
  organId: string;
  code: ExchangeStatusCode;
  /** the office's or the exchange's words; a refusal's reason */
  description?: string;
  /** when the status was given, ISO 8601 with offset */
  at: string;
}

/** One signed edXML envelope to one receiving organ. */
export interface OutgoingEnvelope {
  /** the receiving organ's code (the envelope's one `To`) */
  to: string;
  documentId: string;
  /** the signed `edXMLEnvelope`, UTF-8 */
  xml: string;
}

export interface DocumentExchange {
  /**
   * Hands one envelope to the exchange. Answers the exchange's first status for it: `01` (taken),
   * or `02` (refused, with the reason). A transport failure throws: the worker retries it.
   */
  send(envelope: OutgoingEnvelope): Promise<ExchangeStatus>;
}
