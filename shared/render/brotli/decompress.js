// Stand-in for the `brotli` package's decompressor, which fontkit imports for WOFF2 fonts only:
// Node has Brotli built in, and the pure-JS copy would add ~475 KB to the report bundle.
import { brotliDecompressSync } from 'node:zlib';

export default function decompress(buffer) {
  return new Uint8Array(brotliDecompressSync(buffer));
}
