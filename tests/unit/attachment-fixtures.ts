// Real files for the attachment tests: documents the check must accept, and the hostile ones
// it must refuse. Built in code so every byte is known.
import { constants, crc32, deflateRawSync, deflateSync } from 'node:zlib';
import { Document, Packer, Paragraph } from 'docx';
import type { AttachmentDocument } from '#domain/attachment.ts';
import { makeAttachmentPdf } from '#events/samples/attachments/make-pdf.ts';

export const sampleDocument: AttachmentDocument = {
  kind: 'KH',
  number: '2170/KH-SKHCN',
  issuedOn: '2022-12-30',
  issuer: 'Giám đốc Sở Khoa học và Công nghệ',
  subject: 'Kế hoạch cải cách hành chính năm 2023',
  reformArea: 'direction',
  periodId: '2023-H1',
};

export const pdfBytes = (document: AttachmentDocument = sampleDocument) => makeAttachmentPdf(document);

export async function docxBytes(text = 'Kế hoạch cải cách hành chính năm 2023'): Promise<Uint8Array> {
  const doc = new Document({ creator: 'test', sections: [{ children: [new Paragraph(text)] }] });
  return new Uint8Array(await Packer.toBuffer(doc));
}

export function odtBytes(mimetype = 'application/vnd.oasis.opendocument.text'): Uint8Array {
  return zip([
    { name: 'mimetype', data: Buffer.from(mimetype), store: true },
    { name: 'content.xml', data: Buffer.from('<office:document-content/>') },
    { name: 'META-INF/manifest.xml', data: Buffer.from('<manifest:manifest/>') },
  ]);
}

/** A 1×1 white PNG. */
export function pngBytes(): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0);
  header.writeUInt32BE(1, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from([0, 255, 255, 255]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A Linux executable's header (ELF, x86-64) and some padding. */
export const elfBytes = () => new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, ...new Array(504).fill(0)]);
/** A Windows executable's header (MZ … PE). */
export const exeBytes = () => {
  const bytes = new Uint8Array(512);
  bytes.set([0x4d, 0x5a]);
  bytes.set([0x80, 0, 0, 0], 0x3c);
  bytes.set([0x50, 0x45, 0, 0], 0x80);
  return bytes;
};

/** Content too large to hold, already deflated: the raw deflate stream, its inflated size and CRC-32. */
export interface Deflated {
  stream: Uint8Array;
  size: number;
  crc: number;
}

export interface ZipEntry {
  name: string;
  data: Uint8Array | Deflated;
  /** stored instead of deflated (for data given as it is) */
  store?: boolean;
  /** the uncompressed size the headers claim, when it should lie */
  claimedSize?: number;
}

/** An entry's bytes as written, its compression method (0 stored, 8 deflated), true size and CRC-32. */
function packed(entry: ZipEntry): { data: Buffer; method: number; size: number; crc: number } {
  const content = entry.data;
  if (!(content instanceof Uint8Array)) return { data: Buffer.from(content.stream), method: 8, size: content.size, crc: content.crc };
  const data = entry.store ? Buffer.from(content) : deflateRawSync(content, { level: 1 });
  return { data, method: entry.store ? 0 : 8, size: content.length, crc: crc32(content) };
}

/** A zip written byte by byte, so tests can make the headers claim what they like. */
function zip(entries: readonly ZipEntry[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const { data, method, crc, ...real } = packed(entry);
    const size = entry.claimedSize ?? real.size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // names are UTF-8
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const CONTENT_TYPES = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
);

/** A DOCX whose document part really inflates to 110 MiB (from about 110 KB). */
export function zipBombDocx(): Uint8Array {
  return zip([
    { name: '[Content_Types].xml', data: CONTENT_TYPES },
    { name: 'word/document.xml', data: new Uint8Array(110 * 1024 * 1024) },
  ]);
}

/**
 * `mib` MiB of zeros as raw deflate, without ever holding them: one MiB deflated with a full flush
 * ends byte-aligned and refers to nothing before it, so copies of it chain into one stream, which
 * an empty final block closes.
 */
export function deflatedZeros(mib: number): Deflated {
  const zeros = new Uint8Array(1024 * 1024);
  const piece = deflateRawSync(zeros, { finishFlush: constants.Z_FULL_FLUSH });
  let crc = 0;
  for (let i = 0; i < mib; i++) crc = crc32(zeros, crc);
  return { stream: Buffer.concat([...Array<Buffer>(mib).fill(piece), deflateRawSync(new Uint8Array(0))]), size: mib * zeros.length, crc };
}

/** A DOCX with this document part, whose local header and directory entry claim `claimedSize` bytes for it. */
export function docxClaiming(document: ZipEntry['data'], claimedSize?: number): Uint8Array {
  return zip([
    { name: '[Content_Types].xml', data: CONTENT_TYPES },
    { name: 'word/document.xml', data: document, ...(claimedSize === undefined ? {} : { claimedSize }) },
  ]);
}

/** A small DOCX whose headers claim a 3 GiB document part. */
export function lyingDocx(): Uint8Array {
  return zip([
    { name: '[Content_Types].xml', data: CONTENT_TYPES },
    { name: 'word/document.xml', data: Buffer.from('<w:document/>'), claimedSize: 3 * 1024 ** 3 },
  ]);
}

/** A DOCX-looking zip with more entries than allowed. */
export function manyEntriesDocx(count: number): Uint8Array {
  const entries: ZipEntry[] = [
    { name: '[Content_Types].xml', data: CONTENT_TYPES },
    { name: 'word/document.xml', data: Buffer.from('<w:document/>') },
  ];
  for (let i = 0; i < count; i++) entries.push({ name: `word/media/${i}.xml`, data: new Uint8Array(0), store: true });
  return zip(entries);
}

/** A zip with the DOCX content types but no word/document.xml. */
export function docxWithoutDocument(): Uint8Array {
  return zip([{ name: '[Content_Types].xml', data: CONTENT_TYPES }, { name: 'word/other.xml', data: Buffer.from('<x/>') }]);
}
