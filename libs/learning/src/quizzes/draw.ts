import type { QuestionType } from '../courses/question.entity';
import type { AttemptQuestion } from './attempt.entity';

/** What a draw needs of a bank question. */
export interface DrawableQuestion {
  id: string;
  key: string;
  competencyCode: string;
  type: QuestionType;
  options: ReadonlyArray<{ key: string }>;
}

/** What a draw needs of the quiz definition. */
export interface DrawRules {
  questionCount: number;
  /** How many questions per competency code; when set, it replaces `questionCount` as the rule. */
  perCompetency: Record<string, number> | null;
}

/** mulberry32: a small, fast 32-bit PRNG; the same seed gives the same sequence on every platform. */
export function mulberry32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Fisher-Yates shuffle of a copy. */
function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** `n` items chosen uniformly without replacement (a partial Fisher-Yates), in the order drawn. */
function sample<T>(items: readonly T[], n: number, random: () => number): T[] {
  const out = [...items];
  const k = Math.min(n, out.length);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random() * (out.length - i));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out.slice(0, k);
}

const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * Draws the questions of an attempt from a pool (the version's bank for a final, the lesson's questions
 * for a lesson check): `questionCount` questions, or `perCompetency[code]` of each competency (in code
 * order); then the question order and each question's option order are shuffled. Everything comes from
 * one PRNG seeded with `seed`, and the pool is put in key order first, so the same pool, rules and seed
 * always give the same attempt (the stored seed reproduces it).
 *
 * True/false questions keep their authored option order ("Đúng" before "Sai"): swapping those two
 * helps nobody and confuses people who answer by position.
 *
 * If the pool is smaller than asked (or a competency has too few questions), all of it is used.
 */
export function drawAttempt(pool: readonly DrawableQuestion[], rules: DrawRules, seed: number): AttemptQuestion[] {
  const random = mulberry32(seed);
  const sorted = [...pool].sort(byKey);
  let chosen: DrawableQuestion[];
  if (rules.perCompetency && Object.keys(rules.perCompetency).length > 0) {
    chosen = [];
    for (const code of Object.keys(rules.perCompetency).sort()) {
      const n = rules.perCompetency[code];
      if (!Number.isInteger(n) || n <= 0) continue;
      chosen.push(...sample(sorted.filter((q) => q.competencyCode === code), n, random));
    }
  } else {
    chosen = sample(sorted, rules.questionCount, random);
  }
  return shuffled(chosen, random).map((q) => ({
    id: q.id,
    options: q.type === 'true_false' ? q.options.map((o) => o.key) : shuffled(q.options, random).map((o) => o.key),
  }));
}
