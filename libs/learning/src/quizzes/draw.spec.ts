import fc from 'fast-check';
import type { QuestionType } from '../courses/question.entity';
import { drawAttempt, mulberry32, type DrawableQuestion } from './draw';

/** A bank of 30 questions over 3 competencies, of all three types. */
function bank(): DrawableQuestion[] {
  const types: QuestionType[] = ['single', 'multiple', 'true_false'];
  return Array.from({ length: 30 }, (_, i) => {
    const type = types[i % 3];
    return {
      id: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`,
      key: `q-${String(i).padStart(2, '0')}`,
      competencyCode: ['0.1', '2.2', '4.3'][i % 3 === 2 ? 2 : Math.floor(i / 10) % 2],
      type,
      options: type === 'true_false' ? [{ key: 'dung' }, { key: 'sai' }] : [{ key: 'a' }, { key: 'b' }, { key: 'c' }, { key: 'd' }],
    };
  });
}

const shuffledCopy = <T>(items: T[], seed: number) => {
  const r = mulberry32(seed);
  return [...items].sort(() => r() - 0.5);
};

describe('drawAttempt', () => {
  const pool = bank();

  it('is reproducible: same pool, rules and seed give the same questions and option orders, whatever order the pool comes in', () => {
    fc.assert(
      fc.property(fc.integer({ min: -0x8000_0000, max: 0x7fff_ffff }), fc.integer({ min: 1, max: 30 }), (seed, count) => {
        const rules = { questionCount: count, perCompetency: null };
        const a = drawAttempt(pool, rules, seed);
        expect(drawAttempt(pool, rules, seed)).toEqual(a);
        expect(drawAttempt(shuffledCopy(pool, seed), rules, seed)).toEqual(a);
      }),
    );
  });

  it('draws distinct questions of the pool, as many as asked, each with all its options', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 40 }), (seed, count) => {
        const drawn = drawAttempt(pool, { questionCount: count, perCompetency: null }, seed);
        expect(drawn).toHaveLength(Math.min(count, pool.length));
        expect(new Set(drawn.map((q) => q.id)).size).toBe(drawn.length);
        for (const q of drawn) {
          const source = pool.find((p) => p.id === q.id);
          expect(source).toBeDefined();
          expect([...q.options].sort()).toEqual(source?.options.map((o) => o.key).sort());
        }
      }),
    );
  });

  it('differs between seeds: question choice, question order and option order', () => {
    const rules = { questionCount: 10, perCompetency: null };
    const draws = Array.from({ length: 50 }, (_, seed) => drawAttempt(pool, rules, seed * 7919));
    const asText = draws.map((d) => JSON.stringify(d));
    expect(new Set(asText).size).toBe(50);
    // the whole pool drawn: the same set, but in different orders
    const all = [1, 2, 3].map((seed) => drawAttempt(pool, { questionCount: 30, perCompetency: null }, seed));
    expect(new Set(all.map((d) => d.map((q) => q.id).join())).size).toBe(3);
    // option orders of multiple-choice questions vary across seeds
    const orders = new Set(Array.from({ length: 30 }, (_, seed) => drawAttempt(pool, { questionCount: 30, perCompetency: null }, seed))
      .map((d) => d.find((q) => q.id === pool[0].id)?.options.join()));
    expect(orders.size).toBeGreaterThan(5);
  });

  it('keeps true/false options in their authored order', () => {
    for (let seed = 0; seed < 20; seed++) {
      for (const q of drawAttempt(pool, { questionCount: 30, perCompetency: null }, seed)) {
        if (pool.find((p) => p.id === q.id)?.type === 'true_false') expect(q.options).toEqual(['dung', 'sai']);
      }
    }
  });

  it('draws the asked number per competency when perCompetency is set', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const drawn = drawAttempt(pool, { questionCount: 6, perCompetency: { '4.3': 2, '0.1': 3, '2.2': 1 } }, seed);
        const byCode = (code: string) => drawn.filter((q) => pool.find((p) => p.id === q.id)?.competencyCode === code).length;
        expect([byCode('0.1'), byCode('2.2'), byCode('4.3')]).toEqual([3, 1, 2]);
      }),
    );
  });

  it('uses the whole pool when it is smaller than asked', () => {
    expect(drawAttempt(pool.slice(0, 3), { questionCount: 10, perCompetency: null }, 1)).toHaveLength(3);
    expect(drawAttempt(pool, { questionCount: 1, perCompetency: { '9.9': 4 } }, 1)).toEqual([]);
  });
});

describe('mulberry32', () => {
  it('gives numbers in [0, 1) and a fixed sequence per seed', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    for (let i = 0; i < 1000; i++) {
      const x = a();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      expect(b()).toBe(x);
    }
    expect(mulberry32(1)()).not.toBe(mulberry32(2)());
  });
});
