import type { EntityManager } from 'typeorm';
import type { FrameworkRepository } from '../courses/framework.repository';
import type { LessonRepository } from '../courses/lesson.repository';
import type { QuestionRepository } from '../courses/question.repository';
import { QuestionBank } from './question-bank';

/** Course repositories whose reads without a transaction's manager can be held back (an exhausted pool). */
function fakeCourses() {
  const calls: Array<'pool' | 'tx'> = [];
  let release: () => void = () => undefined;
  const poolReady = new Promise<void>((resolve) => (release = resolve));
  const read = async <T>(value: T, manager?: EntityManager): Promise<T> => {
    calls.push(manager ? 'tx' : 'pool');
    if (!manager) await poolReady;
    return value;
  };
  const question = { id: 'q1', key: 'a-1', lessonId: 'l1', competencyCode: '0.1', type: 'single', prompt: '?', options: [], correctKeys: ['a'], explanation: '' };
  const repo = {
    questionsOf: (_v: string, _l: string | undefined, m?: EntityManager) => read([question], m),
    lessonsOfVersion: (_v: string, m?: EntityManager) => read([{ lesson: { id: 'l1', position: 1, title: 'Bài 1' }, competencies: ['0.1'] }], m),
    competencies: (m?: EntityManager) => read([{ code: '0.1', name: 'Thiết bị', domainCode: '0', position: 1 }], m),
  } as unknown as FrameworkRepository & LessonRepository & QuestionRepository;
  return { repo, calls, release };
}

describe('QuestionBank', () => {
  it('reads a version once and serves it from memory after', async () => {
    const { repo, calls, release } = fakeCourses();
    release();
    const bank = new QuestionBank(repo, repo, repo);
    const first = await bank.of('v1');
    expect(first.byId.get('q1')?.correctKeys).toEqual(['a']);
    expect(first.lessons.get('l1')).toEqual({ id: 'l1', position: 1, title: 'Bài 1' });
    expect(first.competencies.get('0.1')).toEqual({ name: 'Thiết bị', order: 0 });
    expect(await bank.of('v1', {} as EntityManager)).toBe(first);
    expect(calls).toEqual(['pool', 'pool', 'pool']);
  });

  it('inside a transaction, does not wait for a load started elsewhere that waits for a pool connection', async () => {
    const { repo, calls, release } = fakeCourses();
    const bank = new QuestionBank(repo, repo, repo);
    const outside = bank.of('v1'); // held back: no pool connection
    const inside = await bank.of('v1', {} as EntityManager); // read on the transaction's own connection
    expect(inside.byId.has('q1')).toBe(true);
    expect(calls).toEqual(['pool', 'tx', 'tx', 'tx']);
    // and what the transaction read is what later callers get
    expect(await bank.of('v1')).toBe(inside);
    release();
    await outside;
  });
});
