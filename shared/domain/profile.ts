// The agency profile: who reports, who signs, who receives the report (PUT/GET /v1/agencies/{agencyId}).
import * as z from 'zod';
import { agencyId } from '#events/event.schema.ts';
import { textSchema } from './report/text.ts';

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

export const AGENCY_LEVELS = ['province-department', 'commune', 'other'] as const;
export type AgencyLevel = (typeof AGENCY_LEVELS)[number];

const line = textSchema(STAFF_TEXT_LIMITS.line);

const RecipientSchema = z.object({
  /** as printed after "- " and before ";", e.g. "UBND tỉnh (báo cáo)" */
  line,
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
