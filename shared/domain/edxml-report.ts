// An issued report as the edXML document the exchange carries (CONTRACT §10): who sends it (the
// agency by its organ code), to whom, its number and date, the signer as printed, the Nơi nhận lines,
// the signed PDF (and the editable DOCX where asked) as attachments; an amendment names the issued
// report it replaces.
import { buildEdxmlEnvelope, type EdxmlDocument, type EdxmlOrgan } from './edxml.ts';
import type { AgencyProfile } from './profile.ts';
import { REPORT_MIME, type ReportSigner, type ReportVersion } from './report-version.ts';
import { formatDate, nfc } from './vi-format.ts';
import { Invalid } from './errors.ts';

export interface IssuedReportMessage {
  profile: Pick<AgencyProfile, 'agencyName' | 'parentBody' | 'place' | 'email' | 'recipients' | 'signer'>;
  /** the agency's own organ code (Decision 20/2020/QĐ-TTg) */
  organId: string;
  /** what the profile does not hold: the agency's address, telephone, fax, website */
  contact?: Pick<EdxmlOrgan, 'organAdd' | 'telephone' | 'fax' | 'website'>;
  /** the issued version (a ReportVersion): its title, number, date, and the signature block as the leader signed it */
  report: Pick<ReportVersion, 'title' | 'amendment' | 'issued'> & { signed?: { signer: Pick<ReportSigner, 'title'> } };
  /** the receiving organs: one To each */
  to: { organId: string; organName: string }[];
  /** the issued files: the signed PDF, and the DOCX when a recipient gets the editable copy */
  files: { pdf: Uint8Array; docx?: Uint8Array };
  /** the signed PDF's page count (OtherInfo/PageAmount) */
  pageAmount: number;
  /** an amendment: the issued report of the period it replaces */
  replaces?: { number: string; issuedOn: string };
  /** ISO 8601: when the message is handed to the exchange */
  sentAt: string;
}

/** The report kind of QCVN 102's DocumentType: Type 1 (văn bản hành chính) with its name, "Báo cáo". */
const REPORT_TYPE = { type: '1', typeName: 'Báo cáo' };

/** File names the receiving office sees: the number with "/" made "-", e.g. "1015-BC-SKHCN.pdf". */
const fileStem = (number: string): string => number.replaceAll('/', '-');

/** The edXML document of an issued report; a version not issued yet is Invalid. */
export function issuedReportDocument(message: IssuedReportMessage): EdxmlDocument {
  const { profile, report } = message;
  const issued = report.issued;
  if (!issued) throw new Invalid('The report is not issued', [{ path: 'issued', message: 'an edXML message carries an issued report only' }]);
  // The signature block as printed: an authority line ("KT. GIÁM ĐỐC") when there is one, then the title.
  const lines = report.signed ? report.signed.signer.title.split('\n').map((l) => l.trim()).filter(Boolean) : [profile.signer.authority.trim(), profile.signer.title].filter(Boolean);
  const position = lines.at(-1) ?? '';
  const competence = lines.length > 1 ? lines[0]! : '';
  const agency = nfc(profile.agencyName);
  const stem = fileStem(issued.number);
  return {
    from: {
      organId: message.organId,
      organInCharge: nfc(profile.parentBody),
      organName: agency,
      ...message.contact,
      ...(profile.email ? { email: profile.email } : {}),
    },
    to: message.to.map((t) => ({ organId: t.organId, organName: nfc(t.organName) })),
    number: issued.number,
    place: nfc(profile.place),
    promulgationDate: issued.issuedOn,
    documentType: REPORT_TYPE,
    subject: nfc(report.title),
    content: `Báo cáo số ${issued.number} ngày ${formatDate(issued.issuedOn)} của ${agency}`,
    signer: { competence: nfc(competence), position: nfc(position), fullName: nfc(issued.signerName) },
    toPlaces: profile.recipients.map((r) => nfc(r.line)),
    otherInfo: { priority: 0, sphereOfPromulgation: 'Trong cơ quan nhà nước', promulgationAmount: profile.recipients.length, pageAmount: message.pageAmount },
    steeringType: 0,
    ...(message.replaces ? { replaces: { organId: message.organId, code: message.replaces.number, promulgationDate: message.replaces.issuedOn } } : {}),
    reason: message.replaces
      ? `Báo cáo bổ sung, thay thế Báo cáo số ${message.replaces.number} ngày ${formatDate(message.replaces.issuedOn)}`
      : report.amendment
        ? 'Báo cáo bổ sung'
        : 'Phát hành báo cáo',
    sentAt: message.sentAt,
    attachments: [
      { name: `${stem}.pdf`, contentType: REPORT_MIME.pdf, description: 'Báo cáo (bản ký số)', content: message.files.pdf },
      ...(message.files.docx ? [{ name: `${stem}.docx`, contentType: REPORT_MIME.docx, description: 'Báo cáo (bản có thể chỉnh sửa)', content: message.files.docx }] : []),
    ],
  };
}

/** The unsigned edXML envelope of an issued report (the limits checked first); sign it with signEdxml. */
export const issuedReportEnvelope = (message: IssuedReportMessage): string => buildEdxmlEnvelope(issuedReportDocument(message));
