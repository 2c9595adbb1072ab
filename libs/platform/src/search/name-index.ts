import { BoundedCache } from '../cache/bounded-cache';
import { normalizeSearchText } from '../text/normalize';

/** How well an item matched: lower is better. */
export const MatchRank = {
  ExactName: 0,
  NamePrefix: 1,
  WordPrefix: 2,
  FormerName: 3,
} as const;

export interface IndexedNames {
  /** The short name ("Bãi Cháy"): an exact or prefix match on it ranks first. */
  name: string;
  /** Other current names (full name with its prefix, English name). */
  aliases: string[];
  /** Names the unit had before (merged units): matches rank last. */
  formerNames: string[];
}

interface Entry {
  text: string; // normalised text from a word boundary to the end
  item: number;
  rank: number;
}

/**
 * In-memory name search for lists that change rarely (provinces, communes).
 * A query matches when its normalised form starts at a word boundary of a name, so "bai ch",
 * "Bãi Cháy" and "BAI CHAY" all find "Phường Bãi Cháy". Results are ranked (exact name, name prefix,
 * other word, former name) and then kept in the items' own order, so paging is stable.
 * Lookups are a binary search in a sorted array of word suffixes, with a cache of recent queries
 * (bounded by `cacheSize`, least recently used out first; an index never changes, a reload builds a new
 * one, so it needs no invalidation).
 */
export class NameIndex<T> {
  private readonly entries: Entry[] = [];
  private readonly exactNames: string[];
  private readonly cache: BoundedCache<string, readonly T[]>;

  constructor(
    private readonly items: readonly T[],
    names: (item: T) => IndexedNames,
    cacheSize = 5000,
  ) {
    this.cache = new BoundedCache({ maxEntries: cacheSize });
    this.exactNames = items.map((item) => normalizeSearchText(names(item).name));
    items.forEach((item, index) => {
      const n = names(item);
      const seen = new Map<string, number>();
      const add = (raw: string, baseRank: number, isName: boolean) => {
        const text = normalizeSearchText(raw);
        if (!text) return;
        const words = text.split(' ');
        for (let w = 0; w < words.length; w++) {
          const suffix = words.slice(w).join(' ');
          const rank = isName && w === 0 ? MatchRank.NamePrefix : baseRank;
          const prev = seen.get(suffix);
          if (prev === undefined || rank < prev) seen.set(suffix, rank);
        }
      };
      add(n.name, MatchRank.WordPrefix, true);
      for (const a of n.aliases) add(a, MatchRank.WordPrefix, false);
      for (const f of n.formerNames) add(f, MatchRank.FormerName, false);
      for (const [text, rank] of seen) this.entries.push({ text, item: index, rank });
    });
    this.entries.sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : a.item - b.item));
  }

  /** Items matching `query` (raw user text), best first; an empty query matches nothing. */
  search(query: string): readonly T[] {
    const q = normalizeSearchText(query);
    if (!q) return [];
    const cached = this.cache.get(q);
    if (cached) return cached;
    const best = new Map<number, number>();
    for (let i = this.lowerBound(q); i < this.entries.length && this.entries[i].text.startsWith(q); i++) {
      const e = this.entries[i];
      let rank = e.rank;
      if (rank === MatchRank.NamePrefix && this.exactNames[e.item] === q) rank = MatchRank.ExactName;
      const prev = best.get(e.item);
      if (prev === undefined || rank < prev) best.set(e.item, rank);
    }
    const result = [...best.entries()]
      .sort((a, b) => a[1] - b[1] || a[0] - b[0])
      .map(([item]) => this.items[item]);
    this.cache.set(q, result);
    return result;
  }

  private lowerBound(q: string): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.entries[mid].text < q) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
