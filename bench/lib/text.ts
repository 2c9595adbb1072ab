/**
 * Search normalisation as the benchmark checks it, written independently of the app's own
 * implementation so the verification is a second opinion: NFD, combining marks removed,
 * "đ" -> "d", lower case, anything else than a-z/0-9 becomes a single space.
 */
export function normalizeForCheck(input: string): string {
  return input
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Removes the diacritics but keeps case and spacing ("Bãi Cháy" -> "Bai Chay"). */
export function stripDiacritics(input: string): string {
  return input
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFC');
}

/** True when normalised `query` starts at a word boundary of normalised `name`. */
export function matchesAtWordBoundary(name: string, query: string): boolean {
  const q = normalizeForCheck(query);
  if (!q) return false;
  return ` ${normalizeForCheck(name)}`.includes(` ${q}`);
}

/** Small deterministic PRNG (mulberry32): the same seed sends the same requests. */
export function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const randomInt = (rng: () => number, min: number, max: number): number =>
  min + Math.floor(rng() * (max - min + 1));

export const pick = <T>(rng: () => number, items: readonly T[]): T => items[Math.floor(rng() * items.length)];
