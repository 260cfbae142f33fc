// Looks inside an uploaded file without trusting it: file-type names the type from the first
// bytes; fflate reads the zip's central directory (sizes as declared), inflating nothing but
// an ODT's tiny `mimetype` member, into a buffer of its declared size.
import { fileTypeFromBuffer } from 'file-type';
import { unzipSync } from 'fflate';
import { MAX_ZIP_ENTRIES, MAX_ZIP_UNCOMPRESSED_BYTES, type ZipSummary } from '#domain/attachment.ts';

/** MIME type of the content, from its leading bytes; undefined when unknown. */
export async function detectType(head: Uint8Array): Promise<string | undefined> {
  return (await fileTypeFromBuffer(head))?.mime;
}

const MAX_MIMETYPE_BYTES = 256;

class OverBound extends Error {}

export function summarizeZip(bytes: Uint8Array): ZipSummary {
  const names = new Set<string>();
  let entryCount = 0;
  let totalUncompressed = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter(entry) {
        // fflate does not check header signatures; a mangled directory reads as nonsense sizes.
        if (!Number.isSafeInteger(entry.originalSize) || entry.originalSize < 0 || entry.name === '') throw new Error('invalid zip entry');
        entryCount += 1;
        totalUncompressed += entry.originalSize;
        // Stop reading the directory once it is over a bound: the summary already condemns it.
        if (entryCount > MAX_ZIP_ENTRIES || totalUncompressed > MAX_ZIP_UNCOMPRESSED_BYTES) throw new OverBound();
        names.add(entry.name);
        return entry.name === 'mimetype' && entry.originalSize <= MAX_MIMETYPE_BYTES && entry.size <= MAX_MIMETYPE_BYTES;
      },
    });
  } catch (error) {
    if (error instanceof OverBound) return { valid: true, entryCount, totalUncompressed, names };
    return { valid: false };
  }
  if (entryCount === 0) return { valid: false };
  const mimetype = files['mimetype'];
  return {
    valid: true,
    entryCount,
    totalUncompressed,
    names,
    ...(mimetype ? { mimetype: new TextDecoder().decode(mimetype) } : {}),
  };
}
