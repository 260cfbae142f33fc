// Office packages (DOCX, XLSX) written again so that the same content gives the same bytes: the
// libraries stamp the packing time into docProps/core.xml and into every zip entry.
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';

const FIXED_DATE = /(<dcterms:(?:created|modified)[^>]*>)[^<]*(<\/dcterms:(?:created|modified)>)/g;

/**
 * 2000-01-01 12:00 as *local* wall-clock time. A zip entry's DOS date and time are local fields,
 * which fflate fills from the Date's local getters, so a fixed instant (e.g. a UTC one) would
 * give different fields, and bytes, in each time zone; a fixed local time gives the same ones in
 * every zone. Noon, because no zone moves its clocks then.
 */
const zipEntryTime = () => new Date(2000, 0, 1, 12, 0, 0);

/** The package with `stamp` (an ISO instant) as its created and modified dates and a fixed time on every entry, entries in name order. */
export function repackZip(packed: Uint8Array, stamp: string): Uint8Array {
  const files = unzipSync(packed);
  const date = stamp.replace(/\.\d{3}Z$/, 'Z');
  const mtime = zipEntryTime();
  const out: Record<string, [Uint8Array, { mtime: Date }]> = {};
  for (const name of Object.keys(files).sort()) {
    const data = files[name]!;
    out[name] = [name === 'docProps/core.xml' ? strToU8(strFromU8(data).replace(FIXED_DATE, `$1${date}$2`)) : data, { mtime }];
  }
  return zipSync(out, { level: 6 });
}
