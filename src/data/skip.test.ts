import { describe, expect, it } from 'vitest';
import { skipReasonByName, sniffImage } from './skip';

describe('skip rules', () => {
  it('accepts every image extension in any case', () => {
    for (const name of ['a.jpg', 'a.JPEG', 'a.Png', 'a.gif', 'a.webp', 'a.BMP', 'dir with space/ünï çødé.jpg']) {
      expect(skipReasonByName(`cats/${name}`, 10)).toBeNull();
    }
  });

  it('skips system, hidden, non-image and empty files with a reason', () => {
    expect(skipReasonByName('cats/.DS_Store', 6148)).toMatch(/\.DS_Store/);
    expect(skipReasonByName('cats/._a.jpg', 4096)).toMatch(/resource-fork/);
    expect(skipReasonByName('cats/Thumbs.db', 10)).toMatch(/Windows system file/);
    expect(skipReasonByName('cats/desktop.ini', 10)).toMatch(/Windows system file/);
    expect(skipReasonByName('cats/.hidden.jpg', 10)).toBe('hidden file');
    expect(skipReasonByName('.git/cats/a.jpg', 10)).toBe('inside a hidden folder');
    expect(skipReasonByName('cats/notes.txt', 10)).toBe('not an image (.txt file)');
    expect(skipReasonByName('cats/README', 10)).toBe('not an image (no image file extension)');
    expect(skipReasonByName('cats/empty.png', 0)).toBe('empty file (0 bytes)');
  });

  it('recognises image formats by their first bytes', () => {
    const bytes = (...b: (number | string)[]) =>
      new Uint8Array(b.flatMap((x) => (typeof x === 'string' ? [...x].map((c) => c.charCodeAt(0)) : [x])));
    expect(sniffImage(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe('jpeg');
    expect(sniffImage(bytes(0x89, 'PNG', 0x0d, 0x0a))).toBe('png');
    expect(sniffImage(bytes('GIF89a'))).toBe('gif');
    expect(sniffImage(bytes('RIFF', 0, 0, 0, 0, 'WEBPVP8 '))).toBe('webp');
    expect(sniffImage(bytes('BM', 0, 0))).toBe('bmp');
    expect(sniffImage(bytes('hello world'))).toBeNull();
    expect(sniffImage(new Uint8Array())).toBeNull();
  });
});
