import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Md5, md5Hex } from './md5';

describe('md5', () => {
  it('gives the RFC 1321 digests', () => {
    const text = (s: string) => new TextEncoder().encode(s);
    expect(md5Hex(text(''))).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(md5Hex(text('abc'))).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(md5Hex(text('12345678901234567890123456789012345678901234567890123456789012345678901234567890'))).toBe(
      '57edf4a22be3c955ac49da2e2107b67a',
    );
  });

  it('equals Node crypto on bytes fed in uneven pieces', () => {
    const bytes = new Uint8Array(200_003).map((_, i) => (i * 2654435761) >>> 24);
    const pieced = new Md5();
    for (let at = 0; at < bytes.length; at += 4_099) pieced.update(bytes.subarray(at, at + 4_099));
    expect(pieced.hex()).toBe(createHash('md5').update(bytes).digest('hex'));
  });
});
