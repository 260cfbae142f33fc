// The signed edXML envelope of an issued report to one exchange recipient (CONTRACT §10): the
// edXML builder (shared/domain/edxml-report.ts) over the issued files, signed through the agency's
// signer (its KMS key in AWS). What the delivery worker hands to the document exchange.
import { PDFDocument } from '@cantoo/pdf-lib';
import type { DeliveryRecipient } from '#domain/delivery.ts';
import type { OutgoingEnvelope } from '#domain/document-exchange.ts';
import { issuedReportEnvelope } from '#domain/edxml-report.ts';
import { amendedBy } from '#domain/report-workflow.ts';
import type { AgencyProfile } from '#domain/profile.ts';
import type { ReportVersion } from '#domain/report-version.ts';
import { signEdxml } from '#adapters/edxml-signature.ts';
import { documentIdOf } from './deliver-report.ts';
import type { ReportPorts } from './report-ports.ts';

export function exchangeEnvelopes(ports: Pick<ReportPorts, 'files' | 'versions' | 'signerFor' | 'now'>) {
  return async (report: ReportVersion, profile: AgencyProfile, recipient: DeliveryRecipient): Promise<OutgoingEnvelope> => {
    const issued = report.issued!;
    if (!profile.organId || !recipient.organId) throw new Error(`No organ code for the exchange: the agency's ${profile.organId ?? 'unset'}, the recipient's ${recipient.organId ?? 'unset'}`);
    const pdf = await ports.files.get(issued.files.pdf.key);
    const docx = recipient.editableCopy ? await ports.files.get(issued.files.docx.key) : undefined;
    // An amendment replaces the issued report of the period before it (ReplacementInfoList).
    const earlier = await ports.versions.listVersions(report.agencyId, report.periodId);
    const replaced = report.amendment ? amendedBy(earlier, report.version) : undefined;
    const pageAmount = (await PDFDocument.load(pdf, { updateMetadata: false })).getPageCount();
    const xml = issuedReportEnvelope({
      profile,
      organId: profile.organId,
      report,
      to: [{ organId: recipient.organId, organName: recipient.name }],
      files: { pdf, ...(docx ? { docx } : {}) },
      pageAmount,
      ...(replaced?.issued ? { replaces: { number: replaced.issued.number, issuedOn: replaced.issued.issuedOn } } : {}),
      sentAt: ports.now().toISOString(),
    });
    return { to: recipient.organId, documentId: documentIdOf(profile.organId, issued), xml: await signEdxml(xml, ports.signerFor(profile)) };
  };
}
