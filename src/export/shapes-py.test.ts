// The exported script draws the Shapes images the lab trained on: its Python
// generator, run by a real python3, gives the lab's pixels byte for byte, and
// keeps the same images under a cap.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { SHAPE_CLASSES, shapesPool } from '../data/shapes';
import { hasPython, pyCompileError } from './py-test-helpers';
import { shapesGeneratorPy, shapesMakerPy } from './shapes-py';
import type { Target } from '../data/source';

/** Runs the generator plus `driver` in python3; returns what it prints. */
function python(driver: string): string {
  const run = spawnSync('python3', ['-c', `${shapesGeneratorPy()}\n\n${driver}`], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return run.stdout.trim();
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe.skipIf(!hasPython)('the Python Shapes generator', () => {
  it.each<Target>([
    { height: 32, width: 32, channels: 3 },
    { height: 20, width: 24, channels: 1 },
  ])('draws the pixels the lab draws, at %o', (target) => {
    const pool = shapesPool(target, 0, 1);
    const size = target.height * target.width * target.channels;
    // The first two images of each shape in each split.
    const picked = pool.items.filter((i) => Number(i.path.slice(-3)) < 2);
    expect(picked).toHaveLength(2 * SHAPE_CLASSES.length * 3);
    const calls = picked.map((i) => {
      const [, split, shape, n] = i.path.split('/');
      return `print(shape_pixels(${JSON.stringify(split)}, ${JSON.stringify(shape)}, ${Number(n)}, ${target.height}, ${target.width}, ${target.channels}).hex())`;
    });
    const lines = python(calls.join('\n')).split('\n');
    picked.forEach((item, k) =>
      expect(lines[k], item.path).toBe(hex(pool.sources[0]!.subarray(item.index * size, (item.index + 1) * size))),
    );
  });

  it('keeps the images the lab keeps under a cap', () => {
    const pool = shapesPool({ height: 4, width: 4, channels: 1 }, 7, 1337);
    const kept = python('print("\\n".join(f"shapes/{s}/{c}/{n:03d}" for s, c, n in shapes_kept(7, 1337)))');
    expect(kept.split('\n')).toEqual(pool.items.map((i) => i.path));
  });

  it('writes a script that compiles', () => {
    expect(
      pyCompileError(
        `import os\nDATA_DIR = "shapes"\n${shapesMakerPy({ height: 32, width: 32, channels: 3, maxPerClass: 0, seed: 1 })}`.replace(
          'make_shapes_folder(DATA_DIR)',
          'pass',
        ),
      ),
    ).toBeNull();
  });
});
