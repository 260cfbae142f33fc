// The edXML envelope of an issued report (CONTRACT §10, QCVN 102:2016 as amended by Circular
// 01/2022): every header field from the issued report and the profile, the exchange's limits
// refused naming the element, the replacement of an amendment, the XML signature through the
// agency's signer (xml-crypto verifies it; one changed byte breaks it), and the attachments' bytes.
import { DOMParser, type Element as XmlElement } from '@xmldom/xmldom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signEdxml, verifyEdxmlSignature } from '#adapters/edxml-signature.ts';
import { buildEdxmlEnvelope, EDXML_NAMESPACE, edxmlTimestamp, readEdxmlEnvelope } from '#domain/edxml.ts';
import { issuedReportDocument, issuedReportEnvelope, type IssuedReportMessage } from '#domain/edxml-report.ts';
import { Invalid } from '#domain/errors.ts';
import { buildReportModel } from '#domain/report-model.ts';
import { renderPdf } from '#render/pdf.ts';
import { signPdf } from '#render/sign-pdf.ts';
import { SEED_PROFILE, seedReportInput } from '../fixtures/seed-report-input.ts';
import { edxmlDocument, PDF_BYTES, testSigner } from './edxml-fixtures.ts';

const keys = testSigner();
afterAll(keys.cleanup);

const TITLE = 'Báo cáo công tác cải cách hành chính 6 tháng đầu năm 2023 của Sở Khoa học và Công nghệ';
const DOCX = new Uint8Array([80, 75, 3, 4, 0, 255, 10, 13]);

function message(overrides: Partial<IssuedReportMessage> = {}): IssuedReportMessage {
  return {
    profile: SEED_PROFILE,
    organId: '000.19.31.H49',
    contact: { organAdd: '15 Lê Trung Đình, TP. Quảng Ngãi', telephone: '0255 3822 645', website: 'https://skhcn.quangngai.gov.vn' },
    report: {
      title: TITLE,
      amendment: false,
      signed: { signer: { title: 'KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC' } },
      issued: { number: '1015/BC-SKHCN', signerName: 'Trần Quốc Bảo', issuedOn: '2023-06-15', files: { docx: { key: 'd', sha256: 'd', size: 1 }, pdf: { key: 'p', sha256: 'p', size: 1 } } },
    },
    to: [
      { organId: '000.00.00.H49', organName: 'Ủy ban nhân dân tỉnh Quảng Ngãi' },
      { organId: '000.00.21.H49', organName: 'Sở Nội vụ tỉnh Quảng Ngãi' },
    ],
    files: { pdf: PDF_BYTES, docx: DOCX },
    pageAmount: 7,
    sentAt: '2023-06-15T02:30:00.000Z',
    ...overrides,
  };
}

/** The texts of the elements at a path of edXML local names under the envelope. */
function at(xml: string, path: string): string[] {
  let nodes: XmlElement[] = [new DOMParser().parseFromString(xml, 'text/xml').documentElement!];
  for (const name of path.split('/'))
    nodes = nodes.flatMap((n) => Array.from(n.childNodes).filter((c): c is XmlElement => c.nodeType === 1 && (c as XmlElement).namespaceURI === EDXML_NAMESPACE && (c as XmlElement).localName === name));
  return nodes.map((n) => n.textContent ?? '');
}

describe('the envelope of an issued report', () => {
  const xml = issuedReportEnvelope(message());
  const h = (path: string) => at(xml, `edXMLHeader/MessageHeader/${path}`);

  it('is an edXMLEnvelope in the QCVN 102:2016 namespace', () => {
    expect(xml.startsWith(`<?xml version="1.0" encoding="UTF-8"?><edXML:edXMLEnvelope xmlns:edXML="${EDXML_NAMESPACE}">`)).toBe(true);
  });

  it('says who sends it: the agency by its organ code, its governing body, name, address and contacts', () => {
    expect(['OrganId', 'OrganInCharge', 'OrganName', 'OrganAdd', 'Email', 'Telephone', 'Fax', 'Website'].map((f) => [f, h(`From/${f}`)])).toEqual([
      ['OrganId', ['000.19.31.H49']],
      ['OrganInCharge', ['UBND tỉnh Quảng Ngãi']],
      ['OrganName', ['Sở Khoa học và Công nghệ']],
      ['OrganAdd', ['15 Lê Trung Đình, TP. Quảng Ngãi']],
      ['Email', ['vanthu@skhcn.example.vn']],
      ['Telephone', ['0255 3822 645']],
      ['Fax', []],
      ['Website', ['https://skhcn.quangngai.gov.vn']],
    ]);
  });

  it('has one To per receiving organ, with its code and full name', () => {
    expect(h('To/OrganId')).toEqual(['000.00.00.H49', '000.00.21.H49']);
    expect(h('To/OrganName')).toEqual(['Ủy ban nhân dân tỉnh Quảng Ngãi', 'Sở Nội vụ tỉnh Quảng Ngãi']);
  });

  it('carries the number, date, place, kind, subject, content and signer of the issued report', () => {
    expect(h('DocumentId')).toEqual(['000.19.31.H49,2023/06/15,1015/BC-SKHCN']);
    expect([h('Code/CodeNumber'), h('Code/CodeNotation')]).toEqual([['1015'], ['BC-SKHCN']]);
    expect([h('PromulgationInfo/Place'), h('PromulgationInfo/PromulgationDate')]).toEqual([['Quảng Ngãi'], ['2023/06/15']]);
    expect([h('DocumentType/Type'), h('DocumentType/TypeName')]).toEqual([['1'], ['Báo cáo']]);
    expect(h('Subject')).toEqual([TITLE]);
    expect(h('Content')).toEqual(['Báo cáo số 1015/BC-SKHCN ngày 15/6/2023 của Sở Khoa học và Công nghệ']);
    expect([h('SignerInfo/Competence'), h('SignerInfo/Position'), h('SignerInfo/FullName')]).toEqual([['KT. GIÁM ĐỐC'], ['PHÓ GIÁM ĐỐC'], ['Trần Quốc Bảo']]);
    expect(h('DueDate')).toEqual([]);
    expect(h('ResponseFor')).toEqual([]);
  });

  it('lists the Nơi nhận lines as ToPlaces, and the other information', () => {
    expect(h('ToPlaces/Place')).toEqual(['UBND tỉnh (báo cáo)', 'Sở Nội vụ', 'GĐ, các PGĐ Sở', 'Các phòng, đơn vị thuộc Sở']);
    expect(['Priority', 'SphereOfPromulgation', 'PromulgationAmount', 'PageAmount'].map((f) => h(`OtherInfo/${f}`)[0])).toEqual(['0', 'Trong cơ quan nhà nước', '4', '7']);
    expect(h('SteeringType')).toEqual(['0']);
  });

  it('traces the sender and the hand-over time in Vietnam time, as a new document', () => {
    const t = (path: string) => at(xml, `edXMLHeader/TraceHeaderList/${path}`);
    expect([t('TraceHeader/OrganId'), t('TraceHeader/Timestamp')]).toEqual([['000.19.31.H49'], ['2023/06/15 09:30:00']]);
    expect([t('Bussiness/BussinessDocType'), t('Bussiness/BussinessDocReason'), t('Bussiness/ReplacementInfoList')]).toEqual([['0'], ['Phát hành báo cáo'], []]);
  });

  it('attaches the signed PDF and the DOCX, named by the number, byte for byte', () => {
    const body = (f: string) => at(xml, `edXMLBody/Attachment/${f}`);
    expect(body('AttachmentName')).toEqual(['1015-BC-SKHCN.pdf', '1015-BC-SKHCN.docx']);
    expect(body('ContentType')).toEqual(['application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document']);
    expect(body('ContentId')).toEqual(['attachment-1', 'attachment-2']);
    expect(body('Description')).toEqual(['Báo cáo (bản ký số)', 'Báo cáo (bản có thể chỉnh sửa)']);
    expect(readEdxmlEnvelope(xml).attachments.map((a) => a.content)).toEqual([PDF_BYTES, DOCX]);
    expect(at(issuedReportEnvelope(message({ files: { pdf: PDF_BYTES } })), 'edXMLBody/Attachment/AttachmentName')).toEqual(['1015-BC-SKHCN.pdf']);
  });

  it('is the same bytes for the same report in any process time zone, and refuses a version not issued', () => {
    expect(issuedReportEnvelope(message())).toBe(xml);
    const zone = process.env.TZ;
    try {
      for (const tz of ['America/Los_Angeles', 'Pacific/Kiritimati', 'UTC']) {
        process.env.TZ = tz;
        expect(issuedReportEnvelope(message())).toBe(xml);
      }
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
    expect(() => issuedReportDocument(message({ report: { ...message().report, issued: undefined } }))).toThrow(Invalid);
  });

  it('takes the profile’s signer when the version records none, with no Competence line for a head who signs himself', () => {
    const own = message({ profile: { ...SEED_PROFILE, signer: { authority: '', title: 'GIÁM ĐỐC', name: 'Lê Văn A' } }, report: { ...message().report, signed: undefined } });
    expect(issuedReportDocument(own).signer).toEqual({ competence: '', position: 'GIÁM ĐỐC', fullName: 'Trần Quốc Bảo' });
  });
});

describe('an amendment', () => {
  it('names the report it replaces in ReplacementInfoList, for each receiving organ, as a replacement (3)', () => {
    const xml = issuedReportEnvelope(
      message({
        report: { ...message().report, amendment: true, issued: { ...message().report.issued!, number: '1102/BC-SKHCN', issuedOn: '2023-07-03' } },
        replaces: { number: '1015/BC-SKHCN', issuedOn: '2023-06-15' },
      }),
    );
    const b = (path: string) => at(xml, `edXMLHeader/TraceHeaderList/Bussiness/${path}`);
    expect(b('BussinessDocType')).toEqual(['3']);
    expect(b('BussinessDocReason')).toEqual(['Báo cáo bổ sung, thay thế Báo cáo số 1015/BC-SKHCN ngày 15/6/2023']);
    expect(b('ReplacementInfoList/ReplacementInfo/DocumentId')).toEqual(['000.19.31.H49,2023/06/15,1015/BC-SKHCN']);
    expect(b('ReplacementInfoList/ReplacementInfo/OrganIdList/OrganId')).toEqual(['000.00.00.H49', '000.00.21.H49']);
    expect(at(xml, 'edXMLHeader/MessageHeader/DocumentId')).toEqual(['000.19.31.H49,2023/07/03,1102/BC-SKHCN']);
  });
});

describe('the exchange’s limits, checked before building', () => {
  const refusal = (overrides: Parameters<typeof edxmlDocument>[0]) => {
    try {
      buildEdxmlEnvelope(edxmlDocument(overrides));
    } catch (error) {
      expect(error).toBeInstanceOf(Invalid);
      return (error as Invalid).details;
    }
    throw new Error('not refused');
  };
  const to = (organId: string) => ({ organId, organName: 'Cơ quan' });

  it.each([
    ['no To', { to: [] }, 'To', 'at least one'],
    ['the same To twice', { to: [to('000.00.00.H49'), to('000.00.21.H49'), to('000.00.00.H49')] }, 'To[2].OrganId', 'names 000.00.00.H49 twice'],
    ['a Subject over 500 characters', { subject: 'ả'.repeat(501) }, 'Subject', 'at most 500'],
    ['an attachment name over 200 characters', { attachments: [{ name: `${'ệ'.repeat(197)}.pdf`, contentType: 'application/pdf', description: '', content: PDF_BYTES }] }, 'Attachment[0].AttachmentName', 'at most 200'],
    ['a place over 150 characters', { toPlaces: ['Sở Nội vụ', 'ờ'.repeat(151)] }, 'ToPlaces.Place[1]', 'at most 150'],
  ])('refuses %s naming the element', (_name, overrides, path, words) => {
    expect(refusal(overrides)).toEqual([{ path, message: expect.stringContaining(words) }]);
  });

  it('takes each limit exactly, counting characters, not bytes', () => {
    const ok = edxmlDocument({
      subject: 'ả'.repeat(500),
      toPlaces: ['ờ'.repeat(150)],
      attachments: [{ name: `${'ệ'.repeat(196)}.pdf`, contentType: 'application/pdf', description: '', content: PDF_BYTES }],
    });
    expect(readEdxmlEnvelope(buildEdxmlEnvelope(ok)).subject).toBe('ả'.repeat(500));
  });
});

describe('the XML signature', () => {
  let signedPdf: Uint8Array;
  let signed: string;
  beforeAll(async () => {
    signedPdf = await signPdf((await renderPdf(buildReportModel(seedReportInput()))).bytes, keys.signer, {
      signerName: 'Sở Khoa học và Công nghệ',
      reason: 'Phát hành báo cáo',
      signedAt: new Date('2023-06-15T02:30:00Z'),
      location: 'Quảng Ngãi',
    });
    signed = await signEdxml(issuedReportEnvelope(message({ files: { pdf: signedPdf } })), keys.signer);
  });

  it('is one enveloped ds:Signature in edXMLHeader: RSA-SHA256, exclusive c14n, the agency’s certificate', async () => {
    expect(signed).toMatch(/<\/edXML:TraceHeaderList><ds:Signature xmlns:ds="http:\/\/www\.w3\.org\/2000\/09\/xmldsig#">/u);
    expect(signed).toContain('<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>');
    expect(signed).toContain('<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>');
    expect(signed).toContain('<ds:Reference URI=""><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>');
    const check = verifyEdxmlSignature(signed, keys.caPem());
    expect(check).toMatchObject({ valid: true });
    const [agencyCertificate] = await keys.signer.certificateChain();
    expect(check.valid && check.certificate.raw.equals(Buffer.from(agencyCertificate!))).toBe(true);
    expect(check.valid && check.certificate.subject).toContain('CN=Sở Khoa học và Công nghệ');
  });

  it('fails after one changed byte, in the header or in the attached PDF', () => {
    const header = signed.replace('<edXML:PageAmount>7<', '<edXML:PageAmount>8<');
    expect(header).not.toBe(signed);
    expect(verifyEdxmlSignature(header)).toEqual({ valid: false, reason: expect.stringContaining('does not verify') });
    const start = signed.indexOf('<edXML:ContentTransferEncoded>') + 100;
    const flipped = signed.slice(0, start) + (signed[start] === 'A' ? 'B' : 'A') + signed.slice(start + 1);
    expect(verifyEdxmlSignature(flipped)).toMatchObject({ valid: false });
  });

  it('fails for a certificate the caller does not trust', async () => {
    const other = testSigner();
    try {
      const chain = await other.signer.certificateChain();
      expect(verifyEdxmlSignature(signed, chain.at(-1))).toEqual({ valid: false, reason: expect.stringContaining('not trusted') });
    } finally {
      other.cleanup();
    }
  });

  it('keeps the signed PDF byte for byte in the body', () => {
    expect(Buffer.from(readEdxmlEnvelope(signed).attachments[0]!.content).equals(Buffer.from(signedPdf))).toBe(true);
  });
});

describe('edxmlTimestamp', () => {
  it('is Vietnam time whatever the process time zone', () => {
    expect(edxmlTimestamp('2023-12-31T17:00:00Z')).toBe('2024/01/01 00:00:00');
    expect(() => edxmlTimestamp('hôm nay')).toThrow(Invalid);
  });
});
