import type { ProgressStatus } from './progress.entity';
import { blockingLesson, lessonStates } from './lesson-locks';

const lessons = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
const of = (m: Record<string, ProgressStatus>) => (id: string): ProgressStatus => m[id] ?? 'not_started';

describe('lesson locks', () => {
  it('opens the first lesson, and each next one once the previous is completed', () => {
    expect(lessonStates(lessons, of({}), true)).toEqual(['not_started', 'locked', 'locked']);
    expect(lessonStates(lessons, of({ a: 'in_progress' }), true)).toEqual(['in_progress', 'locked', 'locked']);
    expect(lessonStates(lessons, of({ a: 'completed' }), true)).toEqual(['completed', 'not_started', 'locked']);
    expect(blockingLesson(lessons, 'c', of({ a: 'completed', b: 'in_progress' }), true)).toBe('b');
    expect(blockingLesson(lessons, 'a', of({}), true)).toBeNull();
  });

  it('locks nothing in a version that is not sequential', () => {
    expect(lessonStates(lessons, of({ b: 'completed' }), false)).toEqual(['not_started', 'completed', 'not_started']);
    expect(blockingLesson(lessons, 'c', of({}), false)).toBeNull();
  });
});
