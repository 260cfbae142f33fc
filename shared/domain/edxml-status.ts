// The exchange's status message (QCVN 102:2016/BTTTT, the "Status" header, as the exchange's SDKs
// write it: edXMLHeader > Status > ResponseFor {OrganId, Code, PromulgationDate, DocumentId}, From,
// StatusCode, Description, Timestamp, StaffInfo) ↔ the port's ExchangeStatus (CONTRACT §10).
import { EXCHANGE_STATUS_CODES, type ExchangeStatus, type ExchangeStatusCode } from './document-exchange.ts';
import { child, edxmlRoot, edxmlString, edxmlTimestamp, EDXML_NAMESPACE, isoFromEdxmlTimestamp, optionalText, parseEdxml, text } from './edxml.ts';
import { Invalid } from './errors.ts';

/** What a status message says beyond the ExchangeStatus: who in the receiving office gave it. */
export interface StatusMessageExtras {
  /** the receiving office's name (From/OrganName) */
  organName?: string;
  staff?: { department?: string; staff?: string };
}

const DOCUMENT_ID = /^([^,]+),(\d{4})\/(\d{2})\/(\d{2}),(.+)$/u;

/** `{organId},{yyyy/MM/dd},{number}` split; a malformed one is Invalid at path. */
function splitDocumentId(documentId: string, path: string): { organId: string; date: string; code: string } {
  const m = DOCUMENT_ID.exec(documentId);
  if (!m) throw new Invalid('Bad DocumentId', [{ path, message: `"${documentId}" is not {organId},{yyyy/MM/dd},{number}` }]);
  return { organId: m[1]!, date: `${m[2]}/${m[3]}/${m[4]}`, code: m[5]! };
}

/** The status message about status.documentId given by status.organId. Same status, same bytes. */
export function buildStatusMessage(status: ExchangeStatus, extras: StatusMessageExtras = {}): string {
  const sent = splitDocumentId(status.documentId, 'documentId');
  const envelope = edxmlRoot();
  const el = envelope.ele(EDXML_NAMESPACE, 'edXML:edXMLHeader').ele(EDXML_NAMESPACE, 'edXML:Status');
  const leaf = (parent: typeof el, name: string, value: string | undefined) => {
    if (value !== undefined) parent.ele(EDXML_NAMESPACE, `edXML:${name}`).txt(value);
  };
  const responseFor = el.ele(EDXML_NAMESPACE, 'edXML:ResponseFor');
  leaf(responseFor, 'OrganId', sent.organId);
  leaf(responseFor, 'Code', sent.code);
  leaf(responseFor, 'PromulgationDate', sent.date);
  leaf(responseFor, 'DocumentId', status.documentId);
  const from = el.ele(EDXML_NAMESPACE, 'edXML:From');
  leaf(from, 'OrganId', status.organId);
  leaf(from, 'OrganName', extras.organName);
  leaf(el, 'StatusCode', status.code);
  leaf(el, 'Description', status.description);
  leaf(el, 'Timestamp', edxmlTimestamp(status.at));
  if (extras.staff) {
    const staff = el.ele(EDXML_NAMESPACE, 'edXML:StaffInfo');
    leaf(staff, 'Department', extras.staff.department);
    leaf(staff, 'Staff', extras.staff.staff);
  }
  envelope.ele(EDXML_NAMESPACE, 'edXML:edXMLBody');
  return edxmlString(envelope);
}

const isStatusCode = (code: string): code is ExchangeStatusCode => (EXCHANGE_STATUS_CODES as readonly string[]).includes(code);

/**
 * A status message as the port's ExchangeStatus: `at` as a UTC instant (the message says Vietnam time). A malformed message,
 * a missing element or a code the exchange does not define is Invalid naming the element.
 */
export function parseStatusMessage(xml: string): ExchangeStatus {
  const envelope = parseEdxml(xml, 'edXMLEnvelope');
  const status = child(child(envelope, 'edXMLHeader', 'edXMLHeader'), 'Status', 'Status');
  const responseFor = child(status, 'ResponseFor', 'Status.ResponseFor');
  const documentId = text(responseFor, 'DocumentId', 'Status.ResponseFor.DocumentId').trim();
  splitDocumentId(documentId, 'Status.ResponseFor.DocumentId');
  const organId = text(child(status, 'From', 'Status.From'), 'OrganId', 'Status.From.OrganId').trim();
  if (!organId) throw new Invalid('Missing organ', [{ path: 'Status.From.OrganId', message: 'must not be empty' }]);
  const code = text(status, 'StatusCode', 'Status.StatusCode').trim();
  if (!isStatusCode(code)) throw new Invalid('Unknown status code', [{ path: 'Status.StatusCode', message: `"${code}" is not one of ${EXCHANGE_STATUS_CODES.join(', ')}` }]);
  const at = isoFromEdxmlTimestamp(text(status, 'Timestamp', 'Status.Timestamp'), 'Status.Timestamp');
  const description = optionalText(status, 'Description');
  return { documentId, organId, code, ...(description ? { description } : {}), at };
}
