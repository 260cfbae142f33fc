// SHA-256 through Node's crypto: kept out of shared/domain, so the console (a browser bundle,
// type-checked without Node's types) can import the domain's types as they are.
import { createHash } from 'node:crypto';

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
