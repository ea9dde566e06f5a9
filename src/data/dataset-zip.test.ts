import { describe, expect, it } from 'vitest';
import { planZip, safeSegment, uniqueName } from './dataset-zip';
import type { ItemMeta, SplitItems } from './split-pixels';
import type { SplitName } from './types';

const item = (path: string, given: SplitName | null = null): ItemMeta => ({ path, given, hash: path });
const labelsOf = (items: SplitItems, classOf: (path: string) => number) => ({
  train: items.train.map((i) => classOf(i.path)),
  val: items.val.map((i) => classOf(i.path)),
  test: items.test.map((i) => classOf(i.path)),
});

describe('safeSegment', () => {
  it('keeps ordinary names and replaces what a file system refuses', () => {
    expect(safeSegment('cat 01.jpg')).toBe('cat 01.jpg');
    expect(safeSegment('a/b\\c:d*e?f"g<h>i|j')).toBe('a_b_c_d_e_f_g_h_i_j');
    expect(safeSegment('tab\there\u0000')).toBe('tab_here_');
    expect(safeSegment('trailing. ')).toBe('trailing');
    expect(safeSegment('..')).toBe('_');
    expect(safeSegment('')).toBe('_');
  });
});

describe('uniqueName', () => {
  it('numbers a taken name before its extension, ignoring case', () => {
    const taken = new Set<string>();
    expect(uniqueName('d/cat.png', taken)).toBe('d/cat.png');
    expect(uniqueName('d/CAT.png', taken)).toBe('d/CAT-2.png');
    expect(uniqueName('d/cat.png', taken)).toBe('d/cat-3.png');
    expect(uniqueName('d.x/noext', taken)).toBe('d.x/noext');
    expect(uniqueName('d.x/noext', taken)).toBe('d.x/noext-2');
  });
});

describe('planZip', () => {
  it("lays a class-folder dataset out as the lab split it, with each image's original file", () => {
    const items: SplitItems = {
      train: [item('cat/a.jpg'), item('dog/sub/b.png'), item('dog/c.jpg')],
      val: [item('cat/d.jpg')],
      test: [item('dog/e.jpg')],
    };
    const paths = ['pets/cat/a.jpg', 'pets/cat/d.jpg', 'pets/dog/sub/b.png', 'pets/dog/c.jpg', 'pets/dog/e.jpg'];
    const plan = planZip({
      root: 'pets',
      classNames: ['cat', 'dog'],
      items,
      labels: labelsOf(items, (p) => (p.startsWith('cat') ? 0 : 1)),
      folder: { layout: 'classes', paths },
    });
    expect(plan.entries).toEqual([
      { name: 'pets/train/cat/a.jpg', split: 'train', index: 0, file: 0 },
      { name: 'pets/train/dog/sub/b.png', split: 'train', index: 1, file: 2 },
      { name: 'pets/train/dog/c.jpg', split: 'train', index: 2, file: 3 },
      { name: 'pets/validation/cat/d.jpg', split: 'val', index: 0, file: 1 },
      { name: 'pets/test/dog/e.jpg', split: 'test', index: 0, file: 4 },
    ]);
    // Every class folder in every split, even where a class has no image (test/cat/).
    expect(plan.dirs).toEqual([
      'pets/train/cat/',
      'pets/train/dog/',
      'pets/validation/cat/',
      'pets/validation/dog/',
      'pets/test/cat/',
      'pets/test/dog/',
    ]);
    expect(plan.missing).toEqual([]);
    expect(plan.renamed).toEqual([]);
  });

  it("keeps a split folder's own name (val/) and puts images carved from train/ beside it", () => {
    const items: SplitItems = {
      train: [item('train/a/1.png', 'train')],
      val: [item('val/a/2.png', 'val')],
      test: [item('train/b/3.png', 'train')],
    };
    const plan = planZip({
      root: 'set',
      classNames: ['a', 'b'],
      items,
      labels: labelsOf(items, (p) => (p.includes('/a/') ? 0 : 1)),
      folder: { layout: 'splits', paths: ['set/train/a/1.png', 'set/val/a/2.png', 'set/train/b/3.png'] },
    });
    expect(plan.entries.map((e) => e.name)).toEqual(['set/train/a/1.png', 'set/val/a/2.png', 'set/test/b/3.png']);
  });

  it('names built-in images as PNGs, leaves out empty splits and keeps names unique and safe', () => {
    const items: SplitItems = {
      train: [item('mnist/0/0001'), item('mnist/1/0001'), item('mnist/1/0001')],
      val: [],
      test: [item('mnist/0/0002')],
    };
    const plan = planZip({
      root: 'mnist',
      classNames: ['0', 'a:b'],
      items,
      labels: labelsOf(items, (p) => (p.includes('/0/') ? 0 : 1)),
      folder: null,
    });
    expect(plan.entries.map((e) => [e.name, e.file])).toEqual([
      ['mnist/train/0/0001.png', null],
      ['mnist/train/a_b/0001.png', null],
      ['mnist/train/a_b/0001-2.png', null],
      ['mnist/test/0/0002.png', null],
    ]);
    expect(plan.dirs.some((d) => d.includes('/validation/'))).toBe(false);
    expect(plan.renamed).toEqual([{ from: 'a:b', to: 'a_b' }]);
  });

  it('says which images have lost their original file', () => {
    const items: SplitItems = { train: [item('a/1.png'), item('b/2.png')], val: [], test: [] };
    const plan = planZip({
      root: 'x',
      classNames: ['a', 'b'],
      items,
      labels: { train: [0, 1], val: [], test: [] },
      folder: { layout: 'classes', paths: ['x/a/1.png', 'x/c/3.png'] },
    });
    expect(plan.missing).toEqual(['b/2.png']);
  });
});
