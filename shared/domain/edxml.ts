// The edXML message of the national document exchange (CONTRACT §10): QCVN 102:2016/BTTTT "Yêu cầu kỹ
// thuật đối với cấu trúc thông điệp dữ liệu công văn điện tử", as amended by Circular 01/2022/TT-BTTTT.
// Element names and order follow the standard's schema as the exchange's SDKs write it (the VPCP
// .NET SDK sample edoc_new.edxml and public implementations of it): edXMLEnvelope > edXMLHeader >
// MessageHeader (From, To, Code, PromulgationInfo, DocumentType, Subject, Content, SignerInfo,
// DueDate, ToPlaces, OtherInfo, ResponseFor, SteeringType, DocumentId) and TraceHeaderList
// (TraceHeader, Bussiness — the standard's spelling — with ReplacementInfoList for a replacement),
// then edXMLBody with the attachments. Pure: no I/O; the XML signature is added by an adapter
// (shared/adapters/edxml-signature.ts) through the agency's Signer.
import { DOMParser, type Element as XmlElement } from '@xmldom/xmldom';
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { Invalid, type Problem } from './errors.ts';

export const EDXML_NAMESPACE = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';
const PREFIX = 'edXML';

/** The exchange's limits, checked before an envelope is built or sent (CONTRACT §10). */
const EDXML_LIMITS = { subject: 500, attachmentName: 200, place: 150 } as const;

/** An organ as the exchange knows it: its code by Decision 20/2020/QĐ-TTg and its name; the rest as available. */
export interface EdxmlOrgan {
  organId: string;
  organName: string;
  /** the governing body ("UBND tỉnh Quảng Ngãi") */
  organInCharge?: string;
  organAdd?: string;
  email?: string;
  telephone?: string;
  fax?: string;
  website?: string;
}

interface EdxmlAttachment {
  /** the file name the receiving office sees, e.g. "1015-BC-SKHCN.pdf" */
  name: string;
  contentType: string;
  description: string;
  content: Uint8Array;
}

/** The document a message refers to (ResponseFor, a replaced report). */
export interface EdxmlDocumentRef {
  organId: string;
  /** "1015/BC-SKHCN" */
  code: string;
  /** YYYY-MM-DD */
  promulgationDate: string;
}

/** Everything an envelope says; the builder writes exactly this, in the standard's order. */
export interface EdxmlDocument {
  from: EdxmlOrgan;
  to: Pick<EdxmlOrgan, 'organId' | 'organName'>[];
  /** the issued number, "1015/BC-SKHCN": CodeNumber "1015", CodeNotation "BC-SKHCN" */
  number: string;
  place: string;
  /** YYYY-MM-DD (the issue date) */
  promulgationDate: string;
  documentType: { type: string; typeName: string };
  subject: string;
  content: string;
  signer: { competence: string; position: string; fullName: string };
  /** YYYY-MM-DD, the reply's due date if one is asked for */
  dueDate?: string;
  /** the "Nơi nhận" lines */
  toPlaces: string[];
  /** TyperNotation: the typist's initials, where the agency writes them */
  otherInfo: { priority: number; sphereOfPromulgation: string; typerNotation?: string; promulgationAmount: number; pageAmount: number };
  steeringType: number;
  responseFor?: EdxmlDocumentRef;
  /** an amendment: the issued report it replaces (Circular 01/2022: Bussiness/ReplacementInfoList) */
  replaces?: EdxmlDocumentRef;
  /** why it is sent (BussinessDocReason) */
  reason: string;
  /** ISO 8601: when the sender hands it over (the TraceHeader's Timestamp) */
  sentAt: string;
  attachments: EdxmlAttachment[];
}

/** `{organId},{yyyy/MM/dd},{number}` (CONTRACT §10). */
export const edxmlDocumentId = (ref: EdxmlDocumentRef): string => `${ref.organId},${edxmlDate(ref.promulgationDate)},${ref.code}`;

/** YYYY-MM-DD → yyyy/MM/dd, the standard's date form. */
const edxmlDate = (isoDate: string): string => isoDate.replaceAll('-', '/');

const VIETNAM_OFFSET_MS = 7 * 3600_000;

/** An instant as the standard's timestamp, `yyyy/MM/dd HH:mm:ss` in Vietnam time (no daylight saving), whatever the machine's zone. */
export function edxmlTimestamp(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Invalid('Not an instant', [{ path: 'Timestamp', message: `"${iso}" is not an ISO 8601 instant` }]);
  const local = new Date(ms + VIETNAM_OFFSET_MS).toISOString();
  return `${local.slice(0, 10).replaceAll('-', '/')} ${local.slice(11, 19)}`;
}

/** The standard's timestamp (Vietnam time) back as an ISO 8601 instant in UTC, as every other instant is stored. */
export function isoFromEdxmlTimestamp(timestamp: string, path: string): string {
  const match = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})$/u.exec(timestamp.trim());
  if (!match) throw new Invalid('Bad edXML timestamp', [{ path, message: `"${timestamp}" is not yyyy/MM/dd HH:mm:ss` }]);
  const [, y, mo, d, h, mi, s] = match;
  const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}+07:00`);
  if (Number.isNaN(ms)) throw new Invalid('Bad edXML timestamp', [{ path, message: `"${timestamp}" is not a date and time` }]);
  return new Date(ms).toISOString();
}

function splitNumber(number: string): { codeNumber: string; codeNotation: string } {
  const slash = number.indexOf('/');
  return slash < 0 ? { codeNumber: number, codeNotation: '' } : { codeNumber: number.slice(0, slash), codeNotation: number.slice(slash + 1) };
}

/** What the exchange refuses, checked before building or sending (CONTRACT §10); each problem names the element. */
function edxmlLimitProblems(doc: Pick<EdxmlDocument, 'to' | 'subject' | 'toPlaces' | 'attachments'>): Problem[] {
  const problems: Problem[] = [];
  if (doc.to.length === 0) problems.push({ path: 'To', message: 'must name at least one receiving organ' });
  const seen = new Set<string>();
  doc.to.forEach((to, i) => {
    if (seen.has(to.organId)) problems.push({ path: `To[${i}].OrganId`, message: `names ${to.organId} twice` });
    seen.add(to.organId);
  });
  if ([...doc.subject].length > EDXML_LIMITS.subject) problems.push({ path: 'Subject', message: `must have at most ${EDXML_LIMITS.subject} characters` });
  doc.attachments.forEach((a, i) => {
    if ([...a.name].length > EDXML_LIMITS.attachmentName)
      problems.push({ path: `Attachment[${i}].AttachmentName`, message: `must have at most ${EDXML_LIMITS.attachmentName} characters` });
  });
  doc.toPlaces.forEach((p, i) => {
    if ([...p].length > EDXML_LIMITS.place) problems.push({ path: `ToPlaces.Place[${i}]`, message: `must have at most ${EDXML_LIMITS.place} characters` });
  });
  return problems;
}

function checkEdxmlLimits(doc: Pick<EdxmlDocument, 'to' | 'subject' | 'toPlaces' | 'attachments'>): void {
  const problems = edxmlLimitProblems(doc);
  if (problems.length > 0) throw new Invalid('The message breaks the document exchange limits', problems);
}

/** A child element in the edXML namespace, with text unless it is undefined (an optional element left out). */
function leaf(parent: XMLBuilder, name: string, text: string | number | undefined): void {
  if (text !== undefined) parent.ele(EDXML_NAMESPACE, `${PREFIX}:${name}`).txt(String(text));
}
const node = (parent: XMLBuilder, name: string, attributes?: Record<string, string>): XMLBuilder =>
  parent.ele(EDXML_NAMESPACE, `${PREFIX}:${name}`, attributes);

function organ(parent: XMLBuilder, name: 'From' | 'To', o: EdxmlOrgan): void {
  const el = node(parent, name);
  leaf(el, 'OrganId', o.organId);
  leaf(el, 'OrganInCharge', o.organInCharge);
  leaf(el, 'OrganName', o.organName);
  leaf(el, 'OrganAdd', o.organAdd);
  leaf(el, 'Email', o.email);
  leaf(el, 'Telephone', o.telephone);
  leaf(el, 'Fax', o.fax);
  leaf(el, 'Website', o.website);
}

function documentRef(parent: XMLBuilder, name: string, ref: EdxmlDocumentRef): void {
  const el = node(parent, name);
  leaf(el, 'OrganId', ref.organId);
  leaf(el, 'Code', ref.code);
  leaf(el, 'PromulgationDate', edxmlDate(ref.promulgationDate));
  leaf(el, 'DocumentId', edxmlDocumentId(ref));
}

/** A new edXML document (namespace declared with the standard's prefix on the root) and its root element. */
export function edxmlRoot(): XMLBuilder {
  return create({ version: '1.0', encoding: 'UTF-8' }).ele(EDXML_NAMESPACE, `${PREFIX}:edXMLEnvelope`);
}

/** Serialised without indentation: same document, same bytes (the signature covers them). */
export const edxmlString = (root: XMLBuilder): string => root.end({ prettyPrint: false });

const base64 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

/**
 * The unsigned envelope: limits checked first (Invalid naming the element), then the header and the
 * body in the standard's order. Same document, same bytes.
 */
export function buildEdxmlEnvelope(doc: EdxmlDocument): string {
  checkEdxmlLimits(doc);
  const envelope = edxmlRoot();
  const header = node(envelope, 'edXMLHeader');
  const message = node(header, 'MessageHeader');
  organ(message, 'From', doc.from);
  for (const to of doc.to) organ(message, 'To', to);
  const code = node(message, 'Code');
  const { codeNumber, codeNotation } = splitNumber(doc.number);
  leaf(code, 'CodeNumber', codeNumber);
  leaf(code, 'CodeNotation', codeNotation);
  const promulgation = node(message, 'PromulgationInfo');
  leaf(promulgation, 'Place', doc.place);
  leaf(promulgation, 'PromulgationDate', edxmlDate(doc.promulgationDate));
  const type = node(message, 'DocumentType');
  leaf(type, 'Type', doc.documentType.type);
  leaf(type, 'TypeName', doc.documentType.typeName);
  leaf(message, 'Subject', doc.subject);
  leaf(message, 'Content', doc.content);
  const signer = node(message, 'SignerInfo');
  leaf(signer, 'Competence', doc.signer.competence);
  leaf(signer, 'Position', doc.signer.position);
  leaf(signer, 'FullName', doc.signer.fullName);
  leaf(message, 'DueDate', doc.dueDate && edxmlDate(doc.dueDate));
  const places = node(message, 'ToPlaces');
  for (const place of doc.toPlaces) leaf(places, 'Place', place);
  const other = node(message, 'OtherInfo');
  leaf(other, 'Priority', doc.otherInfo.priority);
  leaf(other, 'SphereOfPromulgation', doc.otherInfo.sphereOfPromulgation);
  leaf(other, 'TyperNotation', doc.otherInfo.typerNotation);
  leaf(other, 'PromulgationAmount', doc.otherInfo.promulgationAmount);
  leaf(other, 'PageAmount', doc.otherInfo.pageAmount);
  if (doc.responseFor) documentRef(message, 'ResponseFor', doc.responseFor);
  leaf(message, 'SteeringType', doc.steeringType);
  leaf(message, 'DocumentId', edxmlDocumentId({ organId: doc.from.organId, code: doc.number, promulgationDate: doc.promulgationDate }));

  const traces = node(header, 'TraceHeaderList');
  const trace = node(traces, 'TraceHeader');
  leaf(trace, 'OrganId', doc.from.organId);
  leaf(trace, 'Timestamp', edxmlTimestamp(doc.sentAt));
  const business = node(traces, 'Bussiness');
  // BussinessDocType: 0 a new document, 3 a replacement (QCVN 102:2016 as amended by Circular 01/2022).
  leaf(business, 'BussinessDocType', doc.replaces ? 3 : 0);
  leaf(business, 'BussinessDocReason', doc.reason);
  leaf(business, 'Paper', 0);
  if (doc.replaces) {
    const info = node(node(business, 'ReplacementInfoList'), 'ReplacementInfo');
    leaf(info, 'DocumentId', edxmlDocumentId(doc.replaces));
    const organs = node(info, 'OrganIdList');
    for (const to of doc.to) leaf(organs, 'OrganId', to.organId);
  }

  const body = node(envelope, 'edXMLBody');
  doc.attachments.forEach((a, i) => {
    const el = node(body, 'Attachment');
    leaf(el, 'ContentId', `attachment-${i + 1}`);
    leaf(el, 'ContentType', a.contentType);
    leaf(el, 'Description', a.description);
    leaf(el, 'AttachmentName', a.name);
    leaf(el, 'ContentTransferEncoded', base64(a.content));
  });
  return edxmlString(envelope);
}

// ---- reading a message (the stand-in exchange, the status intake, the tests) ----

/** The edXML document parsed; a malformed one is Invalid naming the root. */
export function parseEdxml(xml: string, root: string): XmlElement {
  const problems: string[] = [];
  let el: XmlElement | null = null;
  try {
    el = new DOMParser({ onError: (level, message) => void (level !== 'warning' && problems.push(message)) }).parseFromString(xml, 'text/xml').documentElement;
  } catch (error) {
    // xmldom throws on a fatal error after reporting it (onError has it already)
    if (problems.length === 0) problems.push(error instanceof Error ? error.message : String(error));
  }
  if (problems.length > 0 || !el) throw new Invalid('Not well-formed XML', [{ path: root, message: problems[0] ?? 'no root element' }]);
  if (el.namespaceURI !== EDXML_NAMESPACE || el.localName !== root)
    throw new Invalid('Not an edXML message', [{ path: root, message: `the root must be ${root} in ${EDXML_NAMESPACE}` }]);
  return el;
}

/** The element's children in the edXML namespace named name. */
const children = (parent: XmlElement, name: string): XmlElement[] =>
  Array.from(parent.childNodes).filter((n): n is XmlElement => n.nodeType === 1 && (n as XmlElement).namespaceURI === EDXML_NAMESPACE && (n as XmlElement).localName === name);

/** The one child named name; missing, Invalid naming its path. */
export function child(parent: XmlElement, name: string, path: string): XmlElement {
  const found = children(parent, name)[0];
  if (!found) throw new Invalid(`Missing element ${path}`, [{ path, message: 'is required' }]);
  return found;
}

export const text = (parent: XmlElement, name: string, path: string): string => child(parent, name, path).textContent ?? '';
export const optionalText = (parent: XmlElement, name: string): string | undefined => children(parent, name)[0]?.textContent ?? undefined;

/** What the exchange reads of an envelope to route and check it. */
export interface ReceivedEnvelope {
  from: string;
  to: string[];
  documentId: string;
  subject: string;
  toPlaces: string[];
  attachments: { name: string; contentType: string; content: Uint8Array }[];
}

/** Reads an envelope's routing fields and attachments; a missing element is Invalid naming it. */
export function readEdxmlEnvelope(xml: string): ReceivedEnvelope {
  const envelope = parseEdxml(xml, 'edXMLEnvelope');
  const message = child(child(envelope, 'edXMLHeader', 'edXMLHeader'), 'MessageHeader', 'MessageHeader');
  const body = child(envelope, 'edXMLBody', 'edXMLBody');
  return {
    from: text(child(message, 'From', 'From'), 'OrganId', 'From.OrganId'),
    to: children(message, 'To').map((to, i) => text(to, 'OrganId', `To[${i}].OrganId`)),
    documentId: text(message, 'DocumentId', 'DocumentId'),
    subject: text(message, 'Subject', 'Subject'),
    toPlaces: children(message, 'ToPlaces').flatMap((places) => children(places, 'Place').map((p) => p.textContent ?? '')),
    attachments: children(body, 'Attachment').map((a, i) => ({
      name: text(a, 'AttachmentName', `Attachment[${i}].AttachmentName`),
      contentType: text(a, 'ContentType', `Attachment[${i}].ContentType`),
      content: new Uint8Array(Buffer.from(text(a, 'ContentTransferEncoded', `Attachment[${i}].ContentTransferEncoded`), 'base64')),
    })),
  };
}

/** The limits of CONTRACT §10 over a received envelope (the exchange's own check). */
export const receivedLimitProblems = (env: ReceivedEnvelope): Problem[] =>
  edxmlLimitProblems({
    to: env.to.map((organId) => ({ organId, organName: '' })),
    subject: env.subject,
    toPlaces: env.toPlaces,
    attachments: env.attachments.map((a) => ({ ...a, description: '' })),
  });
