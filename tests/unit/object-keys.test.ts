// The uploads bucket's keys (shared/adapters/object-keys.ts): where an upload's object is at each
// step, and the upload an S3 notification's key names.
import { describe, expect, it } from 'vitest';
import { attachmentKey, decodeS3EventKey, incomingKey, parseIncomingKey, quarantineKey } from '#adapters/object-keys.ts';

describe('upload object keys', () => {
  it('names incoming, attachment and quarantine objects, and reads incoming keys back', () => {
    const ref = { agencyId: 'SKHCN', uploadId: '01H3ABCDEFGHJKMNPQRSTVWXYZ' };
    expect(incomingKey(ref)).toBe('incoming/SKHCN/01H3ABCDEFGHJKMNPQRSTVWXYZ');
    expect(quarantineKey(ref)).toBe('quarantine/SKHCN/01H3ABCDEFGHJKMNPQRSTVWXYZ');
    expect(attachmentKey(ref, 'Kế hoạch 2170.pdf')).toBe('attachments/SKHCN/01H3ABCDEFGHJKMNPQRSTVWXYZ/Kế hoạch 2170.pdf');
    expect(parseIncomingKey(incomingKey(ref))).toEqual(ref);
    for (const key of [
      'incoming/SKHCN',
      'incoming/SKHCN/01H3ABCDEFGHJKMNPQRSTVWXYZ/x',
      'attachments/SKHCN/01H3ABCDEFGHJKMNPQRSTVWXYZ',
      'incoming/SK HCN/01H3ABCDEFGHJKMNPQRSTVWXYZ',
      'incoming/SKHCN/01H3abcdefghjkmnpqrstvwxyz',
      'incoming/SKHCN/01H3ABCDEFGHJKMNPQRSTVWXYI',
    ]) {
      expect(parseIncomingKey(key), key).toBeUndefined();
    }
  });

  it('decodes S3 notification keys: URL-encoded, + for a space', () => {
    expect(decodeS3EventKey('attachments/SKHCN/X/K%E1%BA%BF+ho%E1%BA%A1ch%2B1.pdf')).toBe('attachments/SKHCN/X/Kế hoạch+1.pdf');
  });
});
