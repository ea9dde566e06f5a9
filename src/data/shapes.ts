// The built-in "shapes" dataset: a seeded generator of small colour images.
// Training images are tidy (centred, upright, one size); validation and test
// images vary rotation and scale much more, so that data augmentation
// (RandomRotation / RandomZoom) measurably helps and a plain convnet visibly
// overfits, as for cats vs dogs in the textbook (numbers in docs/BENCHMARKS.md).
import { hashPixels } from './hash';
import { luminance } from './pixels';
import type { Pool, PoolItem } from './split-pixels';
import { seededRandom } from './random';
import { capPerClass } from './split';
import type { Target } from './source';
import type { SplitName } from './types';

export const SHAPE_CLASSES = ['circle', 'square', 'star', 'triangle'] as const;
export type ShapeClass = (typeof SHAPE_CLASSES)[number];
export const SHAPES_PER_CLASS: Record<SplitName, number> = { train: 60, val: 40, test: 100 };
/** Images in all: every split of every class. */
export const SHAPES_TOTAL =
  SHAPE_CLASSES.length * (SHAPES_PER_CLASS.train + SHAPES_PER_CLASS.val + SHAPES_PER_CLASS.test);
export const SHAPES_SEED = 20240601;
export const SHAPES_NATIVE = { height: 32, width: 32, channels: 3 as const };

/**
 * How the images are drawn (sizes as a fraction of the image: from, plus up to; turns up to ± degrees): one place
 * for the generator, its Python replica (export/shapes-py.ts) and the words the Data view shows.
 */
export const SHAPE_DRAWING = {
  trainSize: [0.6, 0.1],
  wildSize: [0.45, 0.35],
  trainTurnDegrees: 8,
  wildTurnDegrees: 40,
  noise: 10,
} as const;

/** In words, for the Data view: how the training and the validation / test images are drawn. */
export function shapesDrawnHow(): string {
  const d = SHAPE_DRAWING;
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  const span = (s: readonly [number, number]) => `${pct(s[0])}-${pct(s[0] + s[1])}`;
  return (
    `Drawn by a seeded generator, the same on every machine. Training: ${SHAPES_PER_CLASS.train} tidy images per ` +
    `shape, upright within ±${d.trainTurnDegrees}°, ${span(d.trainSize)} of the picture wide, near the centre. ` +
    `Validation (${SHAPES_PER_CLASS.val} per shape) and test (${SHAPES_PER_CLASS.test}) come from the wild: turned up ` +
    `to ±${d.wildTurnDegrees}°, ${span(d.wildSize)} wide, off centre. Colours vary alike in every split.`
  );
}

type Pt = [number, number];
const polygon = (n: number, outer: number, inner: number | null, turn = -Math.PI / 2): Pt[] => {
  const pts: Pt[] = [];
  const k = inner === null ? n : n * 2;
  for (let i = 0; i < k; i++) {
    const r = inner !== null && i % 2 === 1 ? inner : outer;
    const a = turn + (i * 2 * Math.PI) / k;
    pts.push([r * Math.cos(a), r * Math.sin(a)]);
  }
  return pts;
};
const STAR = polygon(5, 1, 0.42);
const TRIANGLE = polygon(3, 1, null);

function inPolygon(x: number, y: number, pts: Pt[]): boolean {
  let inside = false;
  for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
    const [xi, yi] = pts[i]!;
    const [xj, yj] = pts[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

const INSIDE: Record<ShapeClass, (x: number, y: number) => boolean> = {
  circle: (x, y) => x * x + y * y <= 0.85,
  square: (x, y) => Math.abs(x) <= 0.78 && Math.abs(y) <= 0.78,
  star: (x, y) => inPolygon(x, y, STAR),
  triangle: (x, y) => inPolygon(x, y, TRIANGLE),
};

function hsl(h: number, s: number, l: number): [number, number, number] {
  const f = (n: number) => {
    const k = (n + h * 12) % 12;
    return Math.round(255 * (l - s * Math.min(l, 1 - l) * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

export interface ShapeParams {
  cx: number;
  cy: number;
  size: number;
  angle: number;
  flipX: boolean;
  flipY: boolean;
  fg: [number, number, number];
  bg: [number, number, number];
  noise: number;
}

/**
 * Drawing parameters of one image. The training images are tidy (upright to
 * within ±8°, one size, near the centre), as photos taken for a dataset often
 * are; validation and test images come from the world (tilted up to ±40°,
 * sizes within a factor of 1.7). Colours vary alike in every split. A plain
 * convnet fits the tidy pictures, and its val_loss turns up after a few
 * epochs; RandomRotation and RandomZoom show it the variety it lacks, so
 * augmentation measurably helps, as it does for cats vs dogs in the textbook.
 */
export function shapeParams(random: () => number, split: SplitName): ShapeParams {
  const d = SHAPE_DRAWING;
  const wild = split !== 'train';
  const size = wild ? d.wildSize[0] + random() * d.wildSize[1] : d.trainSize[0] + random() * d.trainSize[1];
  const room = Math.max(0, 0.95 - size) * 0.3;
  const fgLight = 0.3 + random() * 0.4;
  let bgLight = random();
  if (Math.abs(bgLight - fgLight) < 0.3) bgLight = fgLight > 0.5 ? fgLight - 0.35 : fgLight + 0.35;
  return {
    cx: (random() * 2 - 1) * room,
    cy: (random() * 2 - 1) * room,
    size,
    angle: (random() * 2 - 1) * (wild ? (d.wildTurnDegrees * Math.PI) / 180 : (d.trainTurnDegrees * Math.PI) / 180),
    flipX: random() < 0.5,
    flipY: random() < 0.5,
    fg: hsl(random(), 0.75, fgLight),
    bg: hsl(random(), 0.5, bgLight),
    noise: d.noise,
  };
}

/** Renders one image (2x2 supersampled) into `out` (height x width x channels). */
export function renderShape(
  shape: ShapeClass,
  p: ShapeParams,
  height: number,
  width: number,
  channels: 1 | 3,
  random: () => number,
  out: Uint8Array,
): void {
  const inside = INSIDE[shape];
  const cos = Math.cos(-p.angle);
  const sin = Math.sin(-p.angle);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let cover = 0;
      for (let s = 0; s < 4; s++) {
        const u = ((x + 0.25 + (s % 2) * 0.5) / width) * 2 - 1 - p.cx;
        const v = ((y + 0.25 + (s >> 1) * 0.5) / height) * 2 - 1 - p.cy;
        let sx = (u * cos - v * sin) / p.size;
        let sy = (u * sin + v * cos) / p.size;
        if (p.flipX) sx = -sx;
        if (p.flipY) sy = -sy;
        if (inside(sx, sy)) cover++;
      }
      const t = cover / 4;
      const n = (random() * 2 - 1) * p.noise;
      const rgb = [0, 1, 2].map((c) => Math.max(0, Math.min(255, Math.round(p.fg[c]! * t + p.bg[c]! * (1 - t) + n))));
      const o = (y * width + x) * channels;
      if (channels === 1) out[o] = luminance(rgb[0]!, rgb[1]!, rgb[2]!);
      else out.set(rgb, o);
    }
  }
}

/** The whole dataset as a pool with given splits, at the requested size, capped per class and split. */
export function shapesPool(target: Target, maxPerClass: number, seed: number): Pool {
  const all: { path: string; label: number; given: SplitName; n: number }[] = [];
  for (const split of ['train', 'val', 'test'] as SplitName[]) {
    SHAPE_CLASSES.forEach((cls, label) => {
      for (let n = 0; n < SHAPES_PER_CLASS[split]; n++)
        all.push({ path: `shapes/${split}/${cls}/${String(n).padStart(3, '0')}`, label, given: split, n });
    });
  }
  const kept = capPerClass(all, maxPerClass, seed);
  const size = target.height * target.width * target.channels;
  const pixels = new Uint8Array(kept.length * size);
  const items: PoolItem[] = kept.map((i, k) => {
    const it = all[i]!;
    const random = seededRandom(SHAPES_SEED, it.path);
    const out = pixels.subarray(k * size, (k + 1) * size);
    renderShape(
      SHAPE_CLASSES[it.label]!,
      shapeParams(random, it.given),
      target.height,
      target.width,
      target.channels,
      random,
      out,
    );
    return { path: it.path, label: it.label, given: it.given, hash: hashPixels(out), src: 0, index: k };
  });
  return { ...target, classNames: [...SHAPE_CLASSES], sources: [pixels], items };
}
