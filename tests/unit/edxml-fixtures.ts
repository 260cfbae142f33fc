// An edXML document and a signer for the exchange tests: the agency's software key under a
// temporary directory, certified by the local test CA (no KMS needed: the local signer is the real
// adapter of local mode).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localCaCertificatePath, localSigner } from '#adapters/local-signer.ts';
import type { EdxmlDocument } from '#domain/edxml.ts';
import type { Signer } from '#domain/signer.ts';

/** A PDF-like payload with every byte value, so a base64 or text round trip that alters bytes shows. */
export const PDF_BYTES = new Uint8Array([...Buffer.from('%PDF-1.7\n'), ...Array.from({ length: 256 }, (_, i) => i)]);

export function edxmlDocument(overrides: Partial<EdxmlDocument> = {}): EdxmlDocument {
  return {
    from: { organId: '000.19.31.H49', organName: 'Sở Khoa học và Công nghệ', organInCharge: 'UBND tỉnh Quảng Ngãi' },
    to: [{ organId: '000.00.00.H49', organName: 'Ủy ban nhân dân tỉnh Quảng Ngãi' }],
    number: '1015/BC-SKHCN',
    place: 'Quảng Ngãi',
    promulgationDate: '2023-06-15',
    documentType: { type: '4', typeName: 'Báo cáo' },
    subject: 'Báo cáo công tác cải cách hành chính 6 tháng đầu năm 2023',
    content: 'Báo cáo công tác cải cách hành chính 6 tháng đầu năm 2023',
    signer: { competence: 'KT. GIÁM ĐỐC', position: 'PHÓ GIÁM ĐỐC', fullName: 'Nguyễn Văn Đông' },
    toPlaces: ['UBND tỉnh (báo cáo)', 'Sở Nội vụ'],
    otherInfo: { priority: 0, sphereOfPromulgation: 'Lưu hành nội bộ', typerNotation: 'VT', promulgationAmount: 1, pageAmount: 1 },
    steeringType: 0,
    reason: 'Phát hành báo cáo',
    sentAt: '2023-06-15T03:00:00Z',
    attachments: [{ name: '1015-BC-SKHCN.pdf', contentType: 'application/pdf', description: 'Báo cáo (bản ký số)', content: PDF_BYTES }],
    ...overrides,
  };
}

/** The agency's local signer under a fresh directory, its CA's certificate, and a cleanup. */
export function testSigner(): { signer: Signer; caPem: () => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'edxml-signing-'));
  return {
    signer: localSigner(dir, { agencyId: 'SKHCN', agencyName: 'Sở Khoa học và Công nghệ', parentBody: 'UBND tỉnh Quảng Ngãi' }),
    caPem: () => readFileSync(localCaCertificatePath(dir), 'utf8'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
