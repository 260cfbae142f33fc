// Looks inside an uploaded file without trusting it: file-type names the type from the first
// bytes; a DOCX/ODT's zip directory is read for what it claims (names, entries, sizes), then every
// member is inflated as a bounded stream, since the sizes the directory claims may be lies.
import { fileTypeFromBuffer } from 'file-type';
import { Inflate } from 'fflate';
import { MAX_ZIP_ENTRIES, MAX_ZIP_UNCOMPRESSED_BYTES, type ZipSummary } from '#domain/attachment.ts';

/** MIME type of the content, from its leading bytes; undefined when unknown. */
export async function detectType(head: Uint8Array): Promise<string | undefined> {
  return (await fileTypeFromBuffer(head))?.mime;
}

const MAX_MIMETYPE_BYTES = 256;
/**
 * Compressed bytes handed to the inflater at a time. Deflate expands at most ~1032:1, so one push
 * yields at most ~4 MiB: the memory the check needs whatever a member really holds.
 */
const INFLATE_CHUNK = 4096;

interface Member {
  name: string;
  /** 0 stored, 8 deflated */
  method: number;
  compressedSize: number;
  /** the uncompressed size the directory claims */
  size: number;
  /** where the member's data starts, after its local header */
  dataStart: number;
}

const SIGNATURE = { end: 0x06054b50, end64: 0x06064b50, locator64: 0x07064b50, central: 0x02014b50, local: 0x04034b50 };
const ZIP64_VALUE = 0xffffffff;
const utf8 = new TextDecoder('utf-8');
const latin1 = new TextDecoder('latin1');

/**
 * The members the central directory lists, as a consumer (Word, LibreOffice) finds them, one at a
 * time so that reading can stop at a bound. Throws on anything that is not a well-formed zip
 * (DataView throws on reads past the end).
 */
function* centralDirectory(bytes: Uint8Array): Generator<Member> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  const u64 = (at: number) => Number(view.getBigUint64(at, true));

  // The end record is the last 22 bytes, or sits before a comment of at most 65,535 bytes.
  let end = bytes.length - 22;
  while (u32(end) !== SIGNATURE.end) {
    if (--end < 0 || bytes.length - end > 22 + 0xffff) throw new Error('no end of central directory');
  }
  let count = u16(end + 10);
  let at = u32(end + 16);
  if (end >= 20 && u32(end - 20) === SIGNATURE.locator64) {
    const end64 = u64(end - 12);
    if (u32(end64) !== SIGNATURE.end64) throw new Error('bad zip64 end record');
    count = u64(end64 + 32);
    at = u64(end64 + 48);
  }
  for (let i = 0; i < count; i++) {
    if (u32(at) !== SIGNATURE.central) throw new Error('bad central directory header');
    const [flags, method, nameLength, extraLength, commentLength] = [u16(at + 8), u16(at + 10), u16(at + 28), u16(at + 30), u16(at + 32)];
    let [compressedSize, size, offset] = [u32(at + 20), u32(at + 24), u32(at + 42)];
    const nameEnd = at + 46 + nameLength;
    if (nameEnd > bytes.length) throw new Error('truncated central directory');
    const name = (flags & 0x800 ? utf8 : latin1).decode(bytes.subarray(at + 46, nameEnd));
    if (size === ZIP64_VALUE || compressedSize === ZIP64_VALUE || offset === ZIP64_VALUE) {
      // Zip64: each field that reads 0xFFFFFFFF is in extra block 0x0001, in this order.
      let extra = nameEnd;
      while (u16(extra) !== 0x0001) {
        extra += 4 + u16(extra + 2);
        if (extra >= nameEnd + extraLength) throw new Error('zip64 sizes missing');
      }
      let field = extra + 4;
      if (size === ZIP64_VALUE) (size = u64(field)), (field += 8);
      if (compressedSize === ZIP64_VALUE) (compressedSize = u64(field)), (field += 8);
      if (offset === ZIP64_VALUE) offset = u64(field);
    }
    if (name === '' || !Number.isSafeInteger(size) || !Number.isSafeInteger(compressedSize)) throw new Error('invalid zip entry');
    if (u32(offset) !== SIGNATURE.local) throw new Error('bad local header');
    const dataStart = offset + 30 + u16(offset + 26) + u16(offset + 28);
    if (dataStart + compressedSize > bytes.length) throw new Error('member data past the end');
    yield { name, method, compressedSize, size, dataStart };
    at = nameEnd + extraLength + commentLength;
  }
}

class PastDeclaredSize extends Error {}

/**
 * Inflates one member as a stream, passing its output to `keep` (or dropping it), and stops at
 * the first byte past the size the directory declares for it: so a member never inflates past its
 * declared size, and as the declared sizes add up to at most MAX_ZIP_UNCOMPRESSED_BYTES before
 * anything is inflated, neither does the whole. Returns false when the member holds more than it
 * declares; throws when it holds less, or is not stored or deflated.
 */
function inflatesWithinDeclared(bytes: Uint8Array, member: Member, keep?: (chunk: Uint8Array) => void): boolean {
  const data = bytes.subarray(member.dataStart, member.dataStart + member.compressedSize);
  let produced = 0;
  const take = (chunk: Uint8Array) => {
    produced += chunk.length;
    if (produced > member.size) throw new PastDeclaredSize();
    keep?.(chunk);
  };
  try {
    if (member.method === 0) take(data);
    else if (member.method === 8) {
      const inflater = new Inflate(take);
      // The last chunk goes in as final, so a stream cut short throws instead of ending quietly.
      for (let at = 0; at < data.length; at += INFLATE_CHUNK) inflater.push(data.subarray(at, at + INFLATE_CHUNK), at + INFLATE_CHUNK >= data.length);
    } else throw new Error(`compression method ${member.method}`);
  } catch (error) {
    if (error instanceof PastDeclaredSize) return false;
    throw error;
  }
  if (produced !== member.size) throw new Error('member shorter than declared');
  return true;
}

export function summarizeZip(bytes: Uint8Array): ZipSummary {
  const members: Member[] = [];
  let totalUncompressed = 0;
  const claims = () => ({ valid: true as const, entryCount: members.length, totalUncompressed, names: new Set(members.map((m) => m.name)) });
  try {
    for (const member of centralDirectory(bytes)) {
      members.push(member);
      totalUncompressed += member.size;
      // Stop reading the directory once it is over a bound: what it claims already condemns it.
      if (members.length > MAX_ZIP_ENTRIES || totalUncompressed > MAX_ZIP_UNCOMPRESSED_BYTES) return claims();
    }
    if (members.length === 0) return { valid: false };
    // Only an ODT's tiny `mimetype` member is kept, to be read; everything else is dropped as it inflates.
    let mimetype: Uint8Array[] | undefined;
    for (const member of members) {
      const keep = member.name === 'mimetype' && member.size <= MAX_MIMETYPE_BYTES ? (chunk: Uint8Array) => (mimetype ??= []).push(chunk) : undefined;
      if (!inflatesWithinDeclared(bytes, member, keep)) return { ...claims(), inflatesPastDeclared: true };
    }
    return { ...claims(), ...(mimetype ? { mimetype: new TextDecoder().decode(Buffer.concat(mimetype)) } : {}) };
  } catch {
    return { valid: false };
  }
}
