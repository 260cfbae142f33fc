// The OpenAPI 3.1 document of the HTTP API (docs/openapi.json, served at GET /v1/openapi.json),
// built from the route table and the zod schemas the handlers validate with, so it describes the
// API that is deployed. Written by `npm run schema`; tests/unit/openapi.test.ts keeps the committed
// file equal to what this builds.
import * as z from 'zod';
import { event, eventBatch, agencyId } from '#events/event.schema.ts';
import { JSON_SCHEMA_OPTIONS, jsonFileText } from '#events/json-schema.ts';
import { uploadRequest, MAX_ATTACHMENT_BYTES, UPLOAD_EXPIRES_SECONDS } from '#domain/attachment.ts';
import { uploadId } from '#domain/upload-id.ts';
import { PeriodSummarySchema } from '#domain/figures.ts';
import { periodId } from '#domain/periods.ts';
import { AgencyProfileSchema } from '#domain/profile.ts';
import { ProvinceSummarySchema, SubmissionsSchema } from '#domain/rollup.ts';
import { ExcerptsSchema } from '#domain/excerpts.ts';
import { SectionBodySchema, SectionKeySchema } from '#domain/sections.ts';
import { MAX_BODY_BYTES, MAX_JSON_DEPTH, type ErrorDetail } from '#adapters/http.ts';
import type { ParkedEvent } from '#domain/event-ports.ts';
import { API_ROUTES, routeKey, type ApiPathParam, type ApiRoute, type ApiRouteKey } from '#functions/api-routes.ts';
import { REPLAY_WINDOW_SECONDS, type EventsAccepted } from '#domain/event-senders.ts';
import type { UploadTicket } from '#domain/attachment-ports.ts';
import { agencyPeriodParams, deliveryParams, excerptsQuery, issueRequest, renderRequest, returnRequest, sectionsQuery, summaryQuery, versionParams } from '#functions/api-schemas.ts';
import pkg from '../../package.json' with { type: 'json' };
import sampleProfile from '../../events/samples/skhcn-profile.json' with { type: 'json' };

// ---- response shapes that have no schema of their own in the code ------------------------------

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** A schema written here for a type the code answers with: tsc fails when the two part. */
const describing =
  <T>() =>
  <S extends z.ZodType>(schema: S & (Same<z.output<S>, T> extends true ? unknown : never)): S =>
    schema;

// Answers only, never parsed: the format says enough (z.iso's own pattern would fill the document).
const instant = (description: string) => z.string().meta({ format: 'date-time', description });

const eventsAccepted = describing<EventsAccepted>()(
  z.object({ accepted: z.int().min(1).meta({ description: 'how many events the request held; every one of them will show in the figures' }) }),
);

const uploadTicket = describing<UploadTicket>()(
  z.object({
    uploadId,
    upload: z
      .object({ url: z.string(), fields: z.record(z.string(), z.string()) })
      .meta({ description: 'POST the file to `url` as multipart/form-data: every field of `fields`, then the file last, under the name `file`' }),
    expiresAt: instant(`when the upload form stops working (${UPLOAD_EXPIRES_SECONDS / 60} minutes)`),
  }),
);

const parkedEvents = z.object({
  events: z.array(
    describing<ParkedEvent>()(
      z.object({
        event,
        reason: z.string().meta({ description: "the latest failure's reason" }),
        parkedAt: instant('when it was first parked'),
        attempts: z.int().min(1).meta({ description: 'failed deliveries and redrives, all together' }),
        firstFailedAt: instant('the first failed delivery'),
        lastFailedAt: instant('the latest failed delivery or redrive'),
      }),
    ),
  ),
});

const errorDetail = describing<ErrorDetail>()(
  z.object({
    path: z.string().meta({ description: 'the field: `events[3].data.dueAt`, `path.<name>` for a path parameter, `headers.<Name>`, or `(body)`' }),
    message: z.string(),
  }),
);

const errorBody = z.object({
  error: z.object({
    code: z.string().meta({ description: 'validation_failed, malformed_json, too_deep, payload_too_large, unauthorized, stale_timestamp, forbidden, not_found, profile_missing, concurrent_render or internal' }),
    message: z.string(),
    details: z.array(errorDetail),
  }),
});

// ---- components ----------------------------------------------------------------------------------

/** Every schema the operations name, by component name. */
const SCHEMAS = {
  Event: event,
  EventBatch: eventBatch,
  EventsAccepted: eventsAccepted,
  Summary: PeriodSummarySchema,
  AgencyProfile: AgencyProfileSchema,
  SectionBody: SectionBodySchema,
  Section: agencyPeriodParams.extend({ sectionKey: SectionKeySchema, ...SectionBodySchema.shape }),
  RenderRequest: renderRequest,
  ReturnRequest: returnRequest,
  IssueRequest: issueRequest,
  // The date only moves the "not after today" check on `issuedOn`, which JSON Schema cannot say.
  UploadRequest: uploadRequest(new Date(0)),
  UploadTicket: uploadTicket,
  ParkedEvents: parkedEvents,
  ProvinceSummary: ProvinceSummarySchema,
  Submissions: SubmissionsSchema,
  Excerpts: ExcerptsSchema,
  Error: errorBody,
} satisfies Record<string, z.ZodType>;
type SchemaName = keyof typeof SCHEMAS;

type JsonObject = Record<string, unknown>;
const ref = (name: SchemaName): JsonObject => ({ $ref: `#/components/schemas/${name}` });

/** A JSON Schema as an OpenAPI 3.1 schema object: the dialect is declared once, at the top. */
function bare(schema: JsonObject): JsonObject {
  const { $schema: _dialect, $id: _id, ...rest } = schema;
  return rest;
}

function componentSchemas(): JsonObject {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(SCHEMAS)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { ...JSON_SCHEMA_OPTIONS, uri: (id) => `#/components/schemas/${id}` });
  return Object.fromEntries(Object.keys(schemas).sort().map((id) => [id, bare(schemas[id] as JsonObject)]));
}

const PATH_PARAMETERS: Record<ApiPathParam, { schema: z.ZodType; description: string }> = {
  agencyId: { schema: agencyId, description: 'the reporting agency, e.g. SKHCN' },
  periodId: { schema: periodId, description: 'the reporting period (docs/contract.md §2), e.g. 2023-H1' },
  sectionKey: { schema: SectionKeySchema, description: 'a section of the report outline (docs/contract.md §4, docs/report.md)' },
  uploadId: { schema: uploadId, description: 'the id POST /v1/agencies/{agencyId}/uploads answered' },
  version: { schema: versionParams.shape.version, description: 'a version of the report, 1, 2, … as GET …/reports lists them' },
  recipient: { schema: deliveryParams.shape.recipient, description: 'a recipient\'s position in "Nơi nhận", 1, 2, …, as GET …/reports lists it in `deliveries[].recipientNo`' },
};

function pathParameters(path: string): JsonObject[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => {
    const parameter = PATH_PARAMETERS[name as ApiPathParam];
    if (!parameter) throw new Error(`no description of the path parameter {${name}} (PATH_PARAMETERS)`);
    const schema = bare(z.toJSONSchema(parameter.schema, JSON_SCHEMA_OPTIONS) as JsonObject);
    return { name, in: 'path', required: true, description: parameter.description, schema };
  });
}

const errorContent = { 'application/json': { schema: ref('Error') } };

const ERROR_RESPONSES = {
  BadRequest: {
    description: `A path parameter, the body or a field of it is invalid; \`details\` names each (validation_failed), or the body is not JSON (malformed_json) or nests deeper than ${MAX_JSON_DEPTH} levels (too_deep). Nothing was changed.`,
    content: errorContent,
  },
  SignatureRefused: {
    description: `X-Timestamp or X-Signature is missing or wrong (unauthorized), or X-Timestamp is more than ${REPLAY_WINDOW_SECONDS} s from the server's clock (stale_timestamp). Nothing was queued.`,
    content: errorContent,
  },
  StaffUnauthorized: {
    description:
      'No valid staff token. In AWS the JWT authorizer answers before the function, as `{"message": "Unauthorized"}`; the local router answers in the error shape.',
    content: {
      'application/json': {
        schema: { anyOf: [ref('Error'), { type: 'object', properties: { message: { type: 'string' } }, required: ['message'] }] },
      },
    },
  },
  Forbidden: {
    description:
      "The caller's role may not use this route (`(route)`: see the operation's x-roles), or a staff member or leader asks for another agency than their custom:agencyId (`path.agencyId`) (forbidden). Nothing was changed.",
    content: errorContent,
  },
  NotFound: { description: 'There is no such thing (not_found).', content: errorContent },
  Conflict: {
    description:
      'The agency has no profile yet (profile_missing); another rendering of the same report is being stored (concurrent_render) or another transition of the version came first (concurrent_transition): try again; the version is not in a state the action leaves from (wrong_state); the data changed since the version was rendered (stale): render and submit again.',
    content: errorContent,
  },
  PayloadTooLarge: { description: `The body is over ${MAX_BODY_BYTES} bytes (payload_too_large).`, content: errorContent },
  Internal: {
    description: 'The queue kept refusing messages: send the same request again; events already queued are ignored the second time by their ids (internal).',
    content: errorContent,
  },
} as const;
type ErrorResponse = keyof typeof ERROR_RESPONSES;

const SECURITY_SCHEMES = {
  eventTimestamp: {
    type: 'apiKey',
    in: 'header',
    name: 'X-Timestamp',
    description: `Unix seconds when the request was signed; more than ${REPLAY_WINDOW_SECONDS} s from the server's clock is refused. Sent with X-Signature.`,
  },
  eventSignature: {
    type: 'apiKey',
    in: 'header',
    name: 'X-Signature',
    description:
      '`sha256=` and the hex HMAC-SHA256, keyed with the events secret, of X-Timestamp, ".", and the raw body (docs/contract.md §4). The secret is in the stateful stack\'s Secrets Manager secret; locally $EVENTS_HMAC_SECRET (default local-dev-secret).',
  },
  staffToken: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'A Cognito ID token of the staff user pool. The role is the group: cchc-admin (every agency), cchc-province (reads every agency), cchc-leader (own agency), else staff (own agency, custom:agencyId). Locally the fixed tokens of docs/contract.md §5: $STAFF_DEV_TOKEN (default local-dev-token, an admin), local-staff-token, local-leader-token, local-province-token.',
  },
} as const;

// ---- operations ----------------------------------------------------------------------------------

type Auth = 'signature' | 'staff' | 'none';

interface Answer {
  description: string;
  /** the body's schema; prose only where the code has no schema of the answer */
  schema?: SchemaName;
  /** a file rather than JSON: its media type */
  file?: string;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface Operation {
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  auth: Auth;
  body?: { schema: SchemaName; required: boolean; example?: unknown };
  /** query parameters, by name; optional unless `required` */
  query?: Record<string, { schema: z.ZodType; description: string; required?: boolean }>;
  answers: Record<number, Answer>;
  errors: ErrorResponse[];
}

const staffErrors = (...more: ErrorResponse[]): ErrorResponse[] => ['BadRequest', 'StaffUnauthorized', 'Forbidden', ...more];

/** One entry per route of API_ROUTES (typed: a new route without one does not compile, nor build). */
const OPERATIONS: Record<ApiRouteKey, Operation> = {
  'POST /v1/events': {
    operationId: 'postEvents',
    tag: 'events',
    summary: 'Send one-stop-shop and e-office events',
    description:
      'All or nothing: one invalid event refuses the request and nothing is queued. A `202` promises that every event will show in the figures, whatever the order they arrive in and however often they are sent (an event id already taken is ignored). In local mode the answer comes once the events are applied. docs/contract.md §1, §4.',
    auth: 'signature',
    body: { schema: 'EventBatch', required: true },
    answers: { 202: { description: 'Every event was valid and is queued.', schema: 'EventsAccepted' } },
    errors: ['BadRequest', 'SignatureRefused', 'PayloadTooLarge', 'Internal'],
  },
  'GET /v1/agencies/{agencyId}/periods/{periodId}/summary': {
    operationId: 'getSummary',
    tag: 'figures',
    summary: 'The figures of a period',
    description: 'docs/contract.md §3. Always: received.total = resolved.total + withdrawn + returned + pending.total.',
    auth: 'staff',
    query: summaryQuery,
    answers: { 200: { description: 'The figures (zero for an agency without events).', schema: 'Summary' } },
    errors: staffErrors(),
  },
  'PUT /v1/agencies/{agencyId}': {
    operationId: 'putProfile',
    tag: 'profile',
    summary: 'Set the agency profile',
    description: 'Who reports, who signs, who receives the report. `agencyId` in the body must be the one of the path.',
    auth: 'staff',
    body: { schema: 'AgencyProfile', required: true, example: sampleProfile },
    answers: { 200: { description: 'The stored profile, normalised (NFC, trimmed).', schema: 'AgencyProfile' } },
    errors: staffErrors('PayloadTooLarge'),
  },
  'GET /v1/agencies/{agencyId}': {
    operationId: 'getProfile',
    tag: 'profile',
    summary: 'The agency profile',
    auth: 'staff',
    answers: { 200: { description: 'The stored profile.', schema: 'AgencyProfile' } },
    errors: staffErrors('NotFound'),
  },
  'PUT /v1/agencies/{agencyId}/periods/{periodId}/sections/{sectionKey}': {
    operationId: 'putSection',
    tag: 'sections',
    summary: "Set a report section's narrative",
    description:
      'One string per paragraph, with light markup: `### ` sub-heading, `- ` or `+ ` list line, `*italic*`, `**bold**`, `{{cite:<number>}}` where the footnote of an accepted attachment goes, `{{one-stop-results}}` (procedures) and `{{documents-issued}}` (digital-government) where the data paragraph goes. docs/contract.md §4.',
    auth: 'staff',
    body: { schema: 'SectionBody', required: true },
    answers: { 200: { description: 'What was stored.', schema: 'Section' } },
    errors: staffErrors('PayloadTooLarge'),
  },
  'GET /v1/agencies/{agencyId}/periods/{periodId}/sections': {
    operationId: 'listSections',
    tag: 'sections',
    summary: "A period's narrative, every section",
    description:
      'The stored paragraphs of every section of the period, by section key (a section never stored is absent). With `from`, an earlier period\'s text instead, for the staff to carry forward into this one. docs/contract.md §4.',
    auth: 'staff',
    query: sectionsQuery,
    answers: {
      200: { description: '`{"agencyId", "periodId", "fromPeriodId", "sections": {"<sectionKey>": ["paragraph", …], …}}`; `fromPeriodId` is the period the text is from.' },
    },
    errors: staffErrors(),
  },
  'POST /v1/agencies/{agencyId}/periods/{periodId}/reports': {
    operationId: 'renderReport',
    tag: 'reports',
    summary: 'Render the report now',
    description:
      'Renders a draft (DOCX and PDF) from the stored profile, figures, narrative and accepted attachments; nothing is mailed (only an issued version goes to the recipients). Unchanged input returns the latest version; anything changed makes the next version, an amendment (báo cáo bổ sung) once a version of the period was issued. A period not closed yet renders as provisional. The body may be empty or `{}`.',
    auth: 'staff',
    body: { schema: 'RenderRequest', required: false },
    answers: {
      201: { description: '`{"created": true, "report": {…}}`: a new draft version.' },
      200: { description: '`{"created": false, "report": {…}}`: nothing changed since the latest version.' },
    },
    errors: staffErrors('Conflict', 'PayloadTooLarge'),
  },
  'GET /v1/agencies/{agencyId}/periods/{periodId}/reports': {
    operationId: 'listReports',
    tag: 'reports',
    summary: 'The rendered versions of the report',
    auth: 'staff',
    answers: {
      200: {
        description:
          '`{"agencyId", "periodId", "reports": [{"version", "state", "number", "history": [{"state", "at", "by", "comment"}], "amendment", "provisional", "issuedOn", "title", "files", "issued", "downloads": {"docx", "pdf", "issued": {"docx", "pdf"}, "expiresAt"}, "deliveries": [{"recipient", "recipientNo", "channel": "exchange" | "email", "state": "queued" | "sent" | "accepted" | "done" | "refused" | "failed", "at", "detail"}], …}]}`, newest first; `number` is null and `downloads.issued` absent until the version is issued; download links work for 5 minutes; `detail` is the refusal\'s reason or the last error (else null).',
      },
    },
    errors: staffErrors(),
  },
  'POST /v1/agencies/{agencyId}/periods/{periodId}/reports/{version}/submit': {
    operationId: 'submitReport',
    tag: 'reports',
    summary: 'Submit a draft for signature (trình ký)',
    description: '`draft` (or `returned`) → `submitted`. The body may be empty or `{}`.',
    auth: 'staff',
    body: { schema: 'RenderRequest', required: false },
    answers: { 200: { description: '`{"report": {…}}`: the version, now submitted, its history one entry longer.' } },
    errors: staffErrors('NotFound', 'Conflict', 'PayloadTooLarge'),
  },
  'POST /v1/agencies/{agencyId}/periods/{periodId}/reports/{version}/return': {
    operationId: 'returnReport',
    tag: 'reports',
    summary: 'Send a submitted version back with a comment',
    description: '`submitted` → `returned`; the comment is kept in the history.',
    auth: 'staff',
    body: { schema: 'ReturnRequest', required: true },
    answers: { 200: { description: '`{"report": {…}}`: the version, now returned.' } },
    errors: staffErrors('NotFound', 'Conflict', 'PayloadTooLarge'),
  },
  'POST /v1/agencies/{agencyId}/periods/{periodId}/reports/{version}/sign': {
    operationId: 'signReport',
    tag: 'reports',
    summary: 'Sign a submitted version with the leader\'s own key (ký số)',
    description:
      '`submitted` → `signed`, by a leader the profile\'s `signers` lists (else 403): renders the PDF with the signer\'s title and the leader\'s own name (from the identity, never typed in), the number and the date still blank, and signs it with the leader\'s personal key, visibly, the leader\'s signature image between the title and the name. `409 stale` when the data changed since the version was rendered; `409 missing_citations` when the narrative cites a document no accepted attachment matches. The body may be empty or `{}`.',
    auth: 'staff',
    body: { schema: 'RenderRequest', required: false },
    answers: { 200: { description: '`{"report": {…}}`: the version, now signed, with `signed` (the signer, the time, the leader-signed PDF).' } },
    errors: staffErrors('NotFound', 'Conflict', 'PayloadTooLarge'),
  },
  'POST /v1/agencies/{agencyId}/periods/{periodId}/reports/{version}/issue': {
    operationId: 'issueReport',
    tag: 'reports',
    summary: 'Number, date and issue a signed version (cấp số và phát hành)',
    description:
      '`signed` → `issued`, by the clerk (or a leader where the profile names no clerk): adds the number ("Số: 1015/BC-SKHCN") and the date line of `issuedOn` (default: today, local) to the leader-signed PDF as an incremental update, then the agency\'s signature with the seal image; renders the issued DOCX; stores both beside the draft\'s files and queues one delivery per recipient of the profile (docs/contract.md §10: the document exchange where the recipient has an organ code, else e-mail), then answers; the delivery worker sends them. `issuedOn` may not be before the period starts, after today or before the version an amendment amends (400). `409 number_taken` when the agency already gave the number that year; of two clerks issuing at once one succeeds, the other gets 409.',
    auth: 'staff',
    body: { schema: 'IssueRequest', required: true, example: { number: '1015/BC-SKHCN', issuedOn: '2023-06-15' } },
    answers: { 200: { description: '`{"report": {…}, "deliveries": [{"version", "channel", "recipient": {"no", "line", "name", "organId", "emails"}, "state": "queued", "at", …}]}`: the issued version and the deliveries it queued.' } },
    errors: staffErrors('NotFound', 'Conflict', 'PayloadTooLarge'),
  },
  'POST /v1/agencies/{agencyId}/periods/{periodId}/reports/{version}/deliveries/{recipient}/resend': {
    operationId: 'resendDelivery',
    tag: 'reports',
    summary: 'Send a failed or refused delivery again (clerk)',
    description:
      'Queues again each delivery of the recipient (its position in "Nơi nhận") that is `failed` or `refused`, by the clerk (or a leader where the profile names no clerk); the worker sends it with its retries. `409 not_resendable` when none of them is failed or refused. The body may be empty or `{}`.',
    auth: 'staff',
    body: { schema: 'RenderRequest', required: false },
    answers: { 202: { description: '`{"deliveries": [{…, "state": "queued"}]}`: the deliveries queued again.' } },
    errors: staffErrors('NotFound', 'Conflict', 'PayloadTooLarge'),
  },
  'GET /v1/agencies/{agencyId}/periods/{periodId}/reports/{version}/indicators.json': {
    operationId: 'getIndicatorValues',
    tag: 'reports',
    summary: "An issued report's figures as indicator values",
    description:
      'The JSON the issue stored beside the issued files (docs/contract.md §10): `{"agencyCode", "agencyId", "periodId", "report": {"number", "issuedOn"}, "values": [{"agencyCode", "indicatorCode", "dataType", "period", "year", "value", "unit", …}]}`, for the province\'s reporting system to pull over LGSP. `409 not_issued` before the version is issued; `409 no_indicators` when the agency had no organ code then.',
    auth: 'staff',
    answers: { 200: { description: 'The indicator values.' } },
    errors: staffErrors('NotFound', 'Conflict'),
  },
  'POST /v1/exchange/statuses': {
    operationId: 'postExchangeStatus',
    tag: 'delivery',
    summary: 'A status message of the document exchange',
    description:
      'The body is one edXML status message (`application/xml`, QCVN 102:2016/BTTTT: the DocumentId it answers, the organ that gives it, the status code 01 sent, 02 refused, 03 accepted, 04 assigned, 05 processing, 06 done, 13 recalled, 15 updated). Signed like POST /v1/events (X-Timestamp, X-Signature) with the exchange\'s own secret. The delivery it names moves on, never back; a repeated or late message changes nothing. `404` when no delivery of that document went to that organ (nothing changes). docs/contract.md §10.',
    auth: 'signature',
    answers: { 200: { description: '`{"delivery": {"recipient", "recipientNo", "channel", "state", "at", "detail"}}`: the delivery as it stands now.' } },
    errors: ['BadRequest', 'SignatureRefused', 'NotFound', 'PayloadTooLarge', 'Internal'],
  },
  'POST /v1/agencies/{agencyId}/uploads': {
    operationId: 'requestUpload',
    tag: 'uploads',
    summary: 'Ask to upload an attachment',
    description: `Answers a presigned S3 form for one file of \`size\` bytes (at most ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MiB) of \`contentType\`. Once the file is in, its content is checked and the upload becomes \`accepted\` (the report cites it in the section of its \`reformArea\`) or \`rejected\` with a reason.`,
    auth: 'staff',
    body: { schema: 'UploadRequest', required: true },
    answers: { 201: { description: 'The upload form.', schema: 'UploadTicket' } },
    errors: staffErrors('PayloadTooLarge'),
  },
  'GET /v1/agencies/{agencyId}/uploads/{uploadId}': {
    operationId: 'getUpload',
    tag: 'uploads',
    summary: "An upload's state",
    auth: 'staff',
    answers: {
      200: {
        description:
          '`{"uploadId", "state": "pending" | "accepted" | "rejected", "fileName", "contentType", "size", "document", "createdAt"}`, with `reason`, `reasonCode` and `rejectedAt` when rejected, `sha256` and `acceptedAt` when accepted, `duplicateOf` when an earlier upload had the same content, `uploadExpiresAt` while pending.',
      },
    },
    errors: staffErrors('NotFound'),
  },
  'GET /v1/agencies/{agencyId}/periods/{periodId}/uploads': {
    operationId: 'listPeriodUploads',
    tag: 'uploads',
    summary: "A period's uploads",
    auth: 'staff',
    answers: { 200: { description: '`{"agencyId", "periodId", "uploads": [the upload of GET …/uploads/{uploadId}, …]}`, in upload order.' } },
    errors: staffErrors(),
  },
  'GET /v1/agencies/{agencyId}/events/parked': {
    operationId: 'listParkedEvents',
    tag: 'operations',
    summary: 'Events accepted but not applied',
    description:
      'Events that could not be applied after their 5 deliveries, oldest first, each with the reason; it should stay empty. After a fix the redrive applies them again (README, "Parked events and redrive").',
    auth: 'staff',
    answers: { 200: { description: "The agency's parked events.", schema: 'ParkedEvents' } },
    errors: staffErrors(),
  },
  'GET /v1/agencies/{agencyId}/periods/{periodId}/form06.xlsx': {
    operationId: 'getAgencyForm06',
    tag: 'province',
    summary: 'Biểu số 06/VPCP/KSTT of the agency, by field, as an Excel workbook',
    description: 'docs/contract.md §8. The same figures as the summary; the same figures give the same bytes.',
    auth: 'staff',
    answers: { 200: { description: 'The workbook (attachment).', file: XLSX } },
    errors: staffErrors('Conflict'),
  },
  'GET /v1/periods/{periodId}/summary': {
    operationId: 'getProvinceSummary',
    tag: 'province',
    summary: "Every agency's figures of a period and their sum",
    description: 'docs/contract.md §8: every agency with a profile, in agencyId order, grouped by level; the total is the sum, its rates from the summed counts.',
    auth: 'staff',
    answers: { 200: { description: 'The roll-up.', schema: 'ProvinceSummary' } },
    errors: staffErrors(),
  },
  'GET /v1/periods/{periodId}/submissions': {
    operationId: 'getSubmissions',
    tag: 'province',
    summary: 'Who has reported for a period',
    description: "docs/contract.md §8: per agency the state of its latest report version, the issued number and time, the deadline from its profile and whether it is late.",
    auth: 'staff',
    answers: { 200: { description: 'One entry per agency with a profile, in agencyId order.', schema: 'Submissions' } },
    errors: staffErrors(),
  },
  'GET /v1/periods/{periodId}/excerpts': {
    operationId: 'getExcerpts',
    tag: 'province',
    summary: "Paragraphs of the agencies' issued reports, for the province's own report",
    description:
      "docs/contract.md §8: one entry per paragraph of the section in each agency's latest issued report of the period (never a draft, submitted or signed version's text), in agencyId order, as the report was issued; sub-headings and the agency's own `{{…}}` placeholders left out. The province's narrative takes one in followed by ` {{cite:<number>}}`. For province and admin, and the staff and leaders of the agency whose profile has `level: province` (other agencies' staff: 403).",
    auth: 'staff',
    query: excerptsQuery,
    answers: { 200: { description: 'The paragraphs, possibly none.', schema: 'Excerpts' } },
    errors: staffErrors(),
  },
  'GET /v1/periods/{periodId}/form06.xlsx': {
    operationId: 'getProvinceForm06',
    tag: 'province',
    summary: 'Biểu số 06/VPCP/KSTT of the province, one row per agency, as an Excel workbook',
    description: "docs/contract.md §8: agencies grouped by level with each group's sum, and the total.",
    auth: 'staff',
    answers: { 200: { description: 'The workbook (attachment).', file: XLSX } },
    errors: staffErrors(),
  },
  'GET /v1/openapi.json': {
    operationId: 'getOpenApiDocument',
    tag: 'meta',
    summary: 'This document',
    description: 'The OpenAPI document of this API, as committed in the repository (docs/openapi.json).',
    auth: 'none',
    answers: { 200: { description: 'This document (OpenAPI 3.1).' } },
    errors: [],
  },
};

const SECURITY: Record<Auth, JsonObject[]> = {
  signature: [{ eventTimestamp: [], eventSignature: [] }],
  staff: [{ staffToken: [] }],
  none: [],
};

function operationObject(route: ApiRoute): JsonObject {
  const key = routeKey(route);
  const op = OPERATIONS[key];
  if (!op) throw new Error(`no OpenAPI description of ${key} (OPERATIONS in functions/openapi/openapi-document.ts)`);
  // The document must not promise an authentication the route table does not put on the route.
  if ((op.auth === 'staff') !== route.staff) throw new Error(`${key}: auth ${op.auth} but staff: ${route.staff}`);
  const answers = Object.entries(op.answers).map(([status, answer]) => [
    status,
    {
      description: answer.description,
      content: answer.file
        ? { [answer.file]: { schema: { type: 'string', contentMediaType: answer.file } } }
        : { 'application/json': { schema: answer.schema ? ref(answer.schema) : { type: 'object' } } },
    },
  ]);
  const errors = op.errors.map((name) => [String(ERROR_STATUS[name]), { $ref: `#/components/responses/${name}` }]);
  return {
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    // Who may call it, as the route table says (docs/contract.md §5): the roles staffApi checks.
    ...('roles' in route ? { 'x-roles': [...route.roles] } : {}),
    security: SECURITY[op.auth],
    ...(op.query
      ? {
          parameters: Object.entries(op.query).map(([name, q]) => ({
            name,
            in: 'query',
            required: q.required === true,
            description: q.description,
            schema: bare(z.toJSONSchema(q.schema, JSON_SCHEMA_OPTIONS) as JsonObject),
          })),
        }
      : {}),
    ...(op.body
      ? {
          requestBody: {
            required: op.body.required,
            content: { 'application/json': { schema: ref(op.body.schema), ...(op.body.example ? { example: op.body.example } : {}) } },
          },
        }
      : {}),
    responses: Object.fromEntries([...answers, ...errors].sort(([a], [b]) => String(a).localeCompare(String(b)))),
  };
}

const ERROR_STATUS: Record<ErrorResponse, number> = {
  BadRequest: 400,
  SignatureRefused: 401,
  StaffUnauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  Conflict: 409,
  PayloadTooLarge: 413,
  Internal: 500,
};

function paths(routes: readonly ApiRoute[]): JsonObject {
  const out: Record<string, JsonObject> = {};
  for (const route of routes) {
    const parameters = pathParameters(route.path);
    // Parameters are declared once per path, for all of its methods.
    const item = (out[route.path] ??= parameters.length ? { parameters } : {});
    item[route.method.toLowerCase()] = operationObject(route);
  }
  return out;
}

/** The document of `routes` (the API's, unless a test asks otherwise); throws on a route it cannot describe. */
export function openApiDocument(routes: readonly ApiRoute[] = API_ROUTES): JsonObject {
  return {
    openapi: '3.1.0',
    info: {
      title: 'CCHC report API',
      version: pkg.version,
      summary: 'Administrative-reform (CCHC) reports from one-stop-shop and e-office events',
      description:
        'Events in (signed), figures, agency profile, report narrative, attachments and rendered reports out (staff). The contract in words is docs/contract.md of the repository; this document is generated from the zod schemas the handlers validate with (`npm run schema`).',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [
      { url: '/', description: "where this document is served from: the HTTP API (the stateless stack's ApiUrl output)" },
      { url: 'http://127.0.0.1:3000', description: 'npm run dev (local mode, docs/contract.md §5)' },
    ],
    tags: [...new Set(Object.values(OPERATIONS).map((op) => op.tag))].map((name) => ({ name })),
    paths: paths(routes),
    components: {
      schemas: componentSchemas(),
      responses: ERROR_RESPONSES,
      securitySchemes: SECURITY_SCHEMES,
    },
  };
}

/** docs/openapi.json as committed. */
export const openApiText = (): string => jsonFileText(openApiDocument());
