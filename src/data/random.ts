// Seeded randomness: the same seed gives the same split, cap and generated images everywhere.

/** mulberry32: a tiny, fast 32-bit PRNG; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit hash of a string (FNV-1a), to derive independent seeds from names. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A generator seeded by the user's seed and a purpose, so streams don't overlap. */
export const seededRandom = (seed: number, purpose: string): (() => number) =>
  mulberry32(hashString(`${seed}|${purpose}`));

/** Fisher-Yates, in place (plain arrays, or typed arrays of indices). */
export function shuffleInPlace<A extends { length: number; [i: number]: unknown }>(items: A, random: () => number): A {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = items[i]!;
    items[i] = items[j]!;
    items[j] = tmp;
  }
  return items;
}

/** Keras orders class folders by Python's sorted(): plain code-point order, not the locale's. */
export const codePointCompare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
