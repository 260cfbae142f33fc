// The agency profile: who reports, who signs, who receives the report (PUT/GET /v1/agencies/{agencyId}).
import * as z from 'zod';
import { agencyId } from '#events/event.schema.ts';
import { uploadId } from './upload-id.ts';
import { textSchema, xmlText } from './report/text.ts';

/** Size limits on what staff type: the profile's lines and the sections' narrative. */
export const STAFF_TEXT_LIMITS = {
  /** one header or signature line, a recipient line, a name */
  line: 200,
  /** the short name ("Sở") and the archive note ("VT, HCTH") */
  short: 100,
  /** the "Thực hiện …" opening of the basis paragraph */
  basis: 2_000,
  recipients: 30,
  emailsPerRecipient: 20,
  /** narrative of one section */
  paragraphsPerSection: 200,
  paragraphChars: 10_000,
  sectionChars: 100_000,
} as const;

const PERIOD_KINDS = ['M', 'Q', 'H', '9M', 'FY'] as const;

/** A signature block's title, one or two lines: "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC" (the authority, then the position). */
const signerTitle = z
  .string()
  .transform((s) =>
    s
      .normalize('NFC')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .join('\n'),
  )
  .pipe(
    z
      .string()
      .min(1, 'must not be empty')
      .max(STAFF_TEXT_LIMITS.line, `must have at most ${STAFF_TEXT_LIMITS.line} characters`)
      .check(xmlText({ multiline: true }))
      .refine((s) => !/[\t\r\u2028\u2029]/u.test(s), 'must not contain tabs or line breaks other than the one between authority and title')
      .refine((s) => s.split('\n').length <= 2, 'must be one or two lines: the authority ("KT. GIÁM ĐỐC") and the title'),
  );

/** A user id as the identity gives it: Cognito `sub`, or a local token's user. */
const userId = z.string().regex(/^[\w.@:-]{1,128}$/u, 'must be a user id (Cognito sub): letters, digits, . _ @ : -');

export const AGENCY_LEVELS = ['province', 'province-department', 'district', 'commune', 'other'] as const;
export type AgencyLevel = (typeof AGENCY_LEVELS)[number];

const line = textSchema(STAFF_TEXT_LIMITS.line);

const RecipientSchema = z.object({
  /** as printed after "- " and before ";", e.g. "UBND tỉnh (báo cáo)" */
  line,
  /** the full name, for the salutation "Kính gửi: Ủy ban nhân dân tỉnh Quảng Ngãi." (CONTRACT §10); else the line without its note in brackets */
  name: line.optional(),
  /** this recipient also gets the DOCX, named as the editable copy ("bản có thể chỉnh sửa"); the signed PDF always goes */
  editableCopy: z.boolean().optional(),
  /** where the rendered report is e-mailed for this recipient; none for paper-only recipients */
  emails: z
    .array(z.email('must be an e-mail address').max(254))
    .max(STAFF_TEXT_LIMITS.emailsPerRecipient)
    .default([]),
});

export const AgencyProfileSchema = z.object({
  agencyId,
  /** "UBND tỉnh Quảng Ngãi"; the header prints it in capitals */
  parentBody: line,
  /** "Sở Khoa học và Công nghệ" */
  agencyName: line,
  /** how the text names the agency: "Sở" in "Sở đã tiếp nhận 63 hồ sơ" */
  shortName: textSchema(STAFF_TEXT_LIMITS.short),
  /** the agency's symbol in document numbers: "SKHCN" in "1015/BC-SKHCN" */
  symbol: z
    .string()
    .transform((s) => s.normalize('NFC').trim())
    .pipe(z.string().regex(/^[A-ZĐ0-9]{1,20}$/u, 'must be 1–20 capital letters or digits, e.g. SKHCN')),
  /** "Quảng Ngãi" in the date line */
  place: line,
  signer: z.object({
    /** "KT. GIÁM ĐỐC"; empty when the head of the agency signs himself */
    authority: textSchema(STAFF_TEXT_LIMITS.line, 0).default(''),
    /** "PHÓ GIÁM ĐỐC" */
    title: line,
    name: line,
  }),
  /**
   * The leaders who may sign (CONTRACT §6): `userId` is the identity's (Cognito `sub`); `name` is
   * printed under the signature where the identity carries no `name`; `title` the signature block's
   * lines; `signatureImage` an accepted upload of kind `signature-image` (PNG). The image may come
   * after the entry (upload, then PUT the profile again): signing waits for it (409).
   */
  signers: z
    .array(z.object({ userId, name: line, title: signerTitle, signatureImage: uploadId.optional() }))
    .max(STAFF_TEXT_LIMITS.recipients)
    .refine((list) => new Set(list.map((s) => s.userId)).size === list.length, 'must not list a user twice')
    .default([]),
  /** the agency's seal image: an accepted upload of kind `seal-image` (PNG, red, transparent), the agency signature's appearance */
  sealImage: uploadId.optional(),
  /**
   * The agency's clerks (văn thư), who number and issue what a leader signed. While none is named, a
   * leader of the agency issues too (a small agency without a văn thư); once one is, only clerks do.
   */
  clerks: z
    .array(z.object({ userId, name: line }))
    .max(STAFF_TEXT_LIMITS.recipients)
    .default([]),
  /** the agency's mailbox: issued reports are mailed from it, with the agency's name as display name */
  email: z.email('must be an e-mail address').max(254).optional(),
  recipients: z.array(RecipientSchema).min(1).max(STAFF_TEXT_LIMITS.recipients),
  /** "VT, HCTH", printed as the last recipient line "- Lưu: VT, HCTH." */
  archive: textSchema(STAFF_TEXT_LIMITS.short),
  /** the kinds of period the agency reports on */
  periodKinds: z
    .array(z.enum(PERIOD_KINDS))
    .min(1)
    .max(PERIOD_KINDS.length)
    .refine((kinds) => new Set(kinds).size === kinds.length, 'must not repeat a period kind'),
  /**
   * The "Thực hiện …" part of the opening paragraph only, e.g. "Thực hiện Công văn số 900/UBND-TTHC
   * ngày 03/3/2022 của UBND tỉnh về việc … chế độ thông tin, báo cáo". The report adds
   * "; <agency> báo cáo kết quả thực hiện công tác CCHC <period>, cụ thể như sau:" so the period
   * wording always follows the period being reported.
   */
  basis: textSchema(STAFF_TEXT_LIMITS.basis),
  /** the office that drafts the report: period-close drafts and deadline reminders are mailed here */
  officeEmails: z.array(z.email('must be an e-mail address').max(254)).max(STAFF_TEXT_LIMITS.emailsPerRecipient).default([]),
  /** how the province's roll-up and Biểu số 06 group the agency */
  level: z.enum(AGENCY_LEVELS).default('other'),
  /**
   * When the report of each period kind is due: days after the period's last date (negative =
   * before it, as when the province asks for the half-year report by 05/6). A kind without an
   * entry has no deadline: its draft comes with the close, nothing is owed before it.
   */
  deadlines: z.partialRecord(z.enum(PERIOD_KINDS), z.int().min(-60).max(60)).default({}),
});

export type AgencyProfile = z.infer<typeof AgencyProfileSchema>;
export type AgencyProfileInput = z.input<typeof AgencyProfileSchema>;
