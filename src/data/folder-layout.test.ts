import { describe, expect, it } from 'vitest';
import { detectLayout, foldersToProbe, stripRoot } from './folder-layout';

const files = (...paths: string[]) => paths.map((path) => ({ path, size: 100 }));

describe('detectLayout', () => {
  it('reads one folder per class, in Keras label order (code points, not locale)', () => {
    const layout = detectLayout(
      files('pets/dogs/a.jpg', 'pets/cats/b.png', 'pets/Zebra/c.jpg', 'pets/cats/d.JPG', 'pets/apple/e.gif'),
    );
    expect(layout.ok && layout.kind).toBe('classes');
    if (!layout.ok) return;
    expect(layout.rootName).toBe('pets');
    expect(layout.classNames).toEqual(['Zebra', 'apple', 'cats', 'dogs']);
    expect(layout.candidates.map((c) => [c.path, c.label, c.given])).toEqual([
      ['dogs/a.jpg', 3, null],
      ['cats/b.png', 2, null],
      ['Zebra/c.jpg', 0, null],
      ['cats/d.JPG', 2, null],
      ['apple/e.gif', 1, null],
    ]);
  });

  it('puts images of nested sub-folders in their class', () => {
    const layout = detectLayout(files('r/cats/2019/summer/a.jpg', 'r/dogs/b.jpg'));
    expect(layout.ok && layout.candidates.map((c) => [c.path, c.label])).toEqual([
      ['cats/2019/summer/a.jpg', 0],
      ['dogs/b.jpg', 1],
    ]);
  });

  it('takes train/validation/test folders as given splits', () => {
    const layout = detectLayout(
      files(
        'r/train/cats/a.jpg',
        'r/train/dogs/b.jpg',
        'r/validation/cats/c.jpg',
        'r/validation/dogs/d.jpg',
        'r/test/cats/e.jpg',
        'r/test/dogs/f.jpg',
      ),
    );
    expect(layout.ok && layout.kind).toBe('splits');
    if (!layout.ok) return;
    expect(layout.classNames).toEqual(['cats', 'dogs']);
    expect(layout.candidates.map((c) => c.given)).toEqual(['train', 'train', 'val', 'val', 'test', 'test']);
    expect(layout.missingSplits).toEqual([]);
  });

  it('accepts val/ for validation, any case, and reports a missing split', () => {
    const layout = detectLayout(
      files('r/Train/cats/a.jpg', 'r/Train/dogs/b.jpg', 'r/VAL/cats/c.jpg', 'r/val/dogs/d.jpg'),
    );
    expect(layout.ok && layout.candidates.map((c) => c.given)).toEqual(['train', 'train', 'val', 'val']);
    expect(layout.ok && layout.missingSplits).toEqual(['test']);
  });

  it('skips files outside class folders when class folders exist', () => {
    const layout = detectLayout(files('r/top.jpg', 'r/cats/a.jpg', 'r/dogs/b.jpg'));
    expect(layout.ok && layout.skipped).toEqual([
      { path: 'top.jpg', reason: 'not inside a class folder (top level of the folder)' },
    ]);
    const splits = detectLayout(
      files('r/train/loose.png', 'r/train/cats/a.jpg', 'r/train/dogs/b.jpg', 'r/extra/c.jpg'),
    );
    expect(splits.ok && splits.skipped.map((s) => s.path)).toEqual(['train/loose.png', 'extra/c.jpg']);
  });

  it('explains layouts it cannot read, with the expected tree', () => {
    const top = detectLayout(files('r/a.jpg', 'r/b.jpg'));
    expect(top.ok).toBe(false);
    if (!top.ok) {
      expect(top.error).toMatch(/top level/);
      expect(top.expectedTree).toContain('train/');
    }
    const one = detectLayout(files('r/cats/a.jpg', 'r/cats/b.jpg'));
    expect(!one.ok && one.error).toMatch(/Only one class folder \(cats\/\)/);
    const none = detectLayout(files('r/cats/notes.txt', 'r/.DS_Store'));
    expect(!none.ok && none.error).toMatch(/no images/);
    expect(!none.ok && none.skipped).toHaveLength(2);
    const empty = detectLayout([]);
    expect(!empty.ok && empty.error).toMatch(/empty/);
    const splitsWithoutClasses = detectLayout(files('r/train/a.jpg', 'r/test/b.jpg'));
    expect(!splitsWithoutClasses.ok && splitsWithoutClasses.error).toMatch(/one sub-folder per class/);
  });

  it('treats dropped items without a shared folder as the root', () => {
    expect(stripRoot(['cats/a.jpg', 'dogs/b.jpg'])).toEqual({
      rootName: 'dropped items',
      paths: ['cats/a.jpg', 'dogs/b.jpg'],
    });
    const layout = detectLayout(files('cats/a.jpg', 'dogs/b.jpg'));
    expect(layout.ok && layout.classNames).toEqual(['cats', 'dogs']);
  });
});

describe('a folder of junk', () => {
  it('groups the files that pass by name by their folder, to decode until one image per folder reads', () => {
    expect(
      foldersToProbe(files('junk/cats/a.jpg', 'junk/notes.txt', 'junk/dogs/b.png', 'junk/top.jpg', 'junk/cats/c.jpg')),
    ).toEqual([[0, 4], [2]]);
  });

  it('skips the files found not to decode with their reason, and says the folder holds no readable image', () => {
    const listing = files('junk/cats/broken.jpg', 'junk/cats/notes.txt');
    expect(detectLayout(listing).ok === false && detectLayout(listing).skipped).toHaveLength(1);
    const layout = detectLayout(listing, new Map([[0, 'corrupt image: the browser could not decode it']]));
    expect(layout.ok).toBe(false);
    if (layout.ok) return;
    expect(layout.error).toContain('no image the browser can read');
    expect(layout.skipped).toEqual([
      { path: 'cats/broken.jpg', reason: 'corrupt image: the browser could not decode it' },
      { path: 'cats/notes.txt', reason: 'not an image (.txt file)' },
    ]);
  });
});
