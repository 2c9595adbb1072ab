/** A pseudo-random number in [0, 1); a seeded one repeats its sequence exactly. */
export type Random = () => number;

/**
 * mulberry32: a tiny 32-bit generator, plenty for simulating a partner (not for secrets). The same seed
 * gives the same sequence on every machine and Node version.
 */
export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit hash of some words (FNV-1a with a final mix), to seed mulberry32 from text. */
export function hashSeed(...parts: string[]): number {
  let h = 0x811c9dc5;
  for (const unit of parts.join('\u001f')) {
    h ^= unit.codePointAt(0) as number;
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

/** A generator seeded by words: `seededRandom(seed, 'citizen', cccd)`. */
export function seededRandom(...parts: string[]): Random {
  return mulberry32(hashSeed(...parts));
}

/** One element of a non-empty list. */
export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** A whole number in [min, max]. */
export function intBetween(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}
