import {
  becomesAttended,
  isChange,
  isLater,
  normaliseRemark,
  parseSyncMark,
  planPairs,
  rosterProblem,
  windowProblem,
  type Candidate,
  type CurrentMark,
} from './mark-rules';

const S = '0190a000-0000-7000-8000-000000000001';
const R1 = '0190a000-0000-7000-8000-0000000000a1';
const R2 = '0190a000-0000-7000-8000-0000000000a2';
const id = (n: number) => `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 1, minute));
const candidate = (ord: number, residentId: string, status: Candidate['status'], minute: number, markId = id(100 + ord)): Candidate => ({
  ord,
  id: markId,
  sessionId: S,
  residentId,
  status,
  remark: null,
  deviceTime: at(minute),
});

describe('parseSyncMark', () => {
  const good = { id: id(1).toUpperCase(), sessionId: S, residentId: R1, status: 'late', remark: '  Đến   muộn ', deviceTime: '2026-03-02T08:15:00.250+07:00' };

  it('accepts a well-formed mark, ids in lower case, remark tidied, the device time as an instant', () => {
    expect(parseSyncMark(good)).toEqual({
      mark: { id: id(1), sessionId: S, residentId: R1, status: 'late', remark: 'Đến muộn', deviceTime: new Date('2026-03-02T01:15:00.250Z') },
    });
    expect(parseSyncMark({ ...good, remark: null, deviceTime: '2026-03-02T01:15Z' }).mark?.remark).toBeNull();
    expect(parseSyncMark({ ...good, remark: '   ' }).mark?.remark).toBeNull();
  });

  it.each([
    [null, 'object'],
    [[], 'object'],
    [{ ...good, id: 'abc' }, 'id must be a UUID'],
    [{ ...good, sessionId: undefined }, 'sessionId must be a UUID'],
    [{ ...good, status: 'sick' }, 'status'],
    [{ ...good, remark: 5 }, 'remark'],
    [{ ...good, remark: 'x'.repeat(301) }, 'remark'],
    [{ ...good, deviceTime: '2026-03-02T08:15:00' }, 'offset'],
    [{ ...good, deviceTime: 1772414100000 }, 'offset'],
    [{ ...good, deviceTime: '2026-13-02T08:15:00+07:00' }, 'offset'],
    [{ ...good, photo: 'x' }, 'field "photo" is not allowed'],
  ])('rejects %j', (raw, problem) => {
    expect(parseSyncMark(raw).problem).toContain(problem);
  });
});

describe('isLater', () => {
  it('a later device time wins; at the same time, the larger id', () => {
    expect(isLater({ deviceTime: at(5), id: id(1) }, { deviceTime: at(4), id: id(9) })).toBe(true);
    expect(isLater({ deviceTime: at(4), id: id(9) }, { deviceTime: at(5), id: id(1) })).toBe(false);
    expect(isLater({ deviceTime: at(4), id: id(2) }, { deviceTime: at(4), id: id(1) })).toBe(true);
    expect(isLater({ deviceTime: at(4), id: id(1) }, { deviceTime: at(4), id: id(1) })).toBe(false);
  });
});

describe('windowProblem', () => {
  const now = new Date('2026-03-02T03:00:00Z'); // 10:00 in Vietnam
  const window = { futureH: 24, pastDays: 30 };
  const session = (day: string, ageDays: number) => ({ start: new Date(`${day}T00:00:00+07:00`), ageDays });

  it('accepts today, tomorrow and a month ago', () => {
    expect(windowProblem(now, session('2026-03-02', 0), now, window)).toBeNull();
    expect(windowProblem(now, session('2026-03-03', -1), now, window)).toBeNull();
    expect(windowProblem(now, session('2026-01-31', 30), now, window)).toBeNull();
  });

  it('refuses a session or a device time more than the window ahead, and a session too long ago', () => {
    expect(windowProblem(now, session('2026-03-04', -2), now, window)).toBe('MARK_TOO_FAR_IN_FUTURE');
    expect(windowProblem(new Date(now.getTime() + 25 * 3_600_000), session('2026-03-02', 0), now, window)).toBe('MARK_TOO_FAR_IN_FUTURE');
    expect(windowProblem(now, session('2026-01-30', 31), now, window)).toBe('MARK_TOO_OLD');
  });
});

describe('rosterProblem', () => {
  it('maps roster states to rejection codes', () => {
    expect(rosterProblem('on_roster')).toBeNull();
    expect(rosterProblem('not_enrolled_yet')).toBe('NOT_ENROLLED_YET');
    expect(rosterProblem('withdrawn')).toBe('WITHDRAWN');
    expect(rosterProblem('not_enrolled')).toBe('NOT_ON_ROSTER');
  });
});

describe('planPairs', () => {
  const current = (status: CurrentMark['status'], minute: number, extra: Partial<CurrentMark> = {}): CurrentMark => ({
    status,
    remark: null,
    markId: id(50),
    deviceTime: at(minute),
    ...extra,
  });

  it('the latest mark of the request replaces an earlier current mark; the request\'s others are superseded', () => {
    const marks = [candidate(0, R1, 'present', 10), candidate(1, R1, 'late', 12), candidate(2, R2, 'absent', 1)];
    const { outcomes, pairs } = planPairs(marks, (_s, r) => (r === R1 ? current('absent', 5) : null));
    expect([...outcomes.entries()].sort()).toEqual([
      [0, 'superseded'],
      [1, 'accepted'],
      [2, 'accepted'],
    ]);
    expect(pairs.map((p) => [p.residentId, p.winner?.ord ?? null, p.next?.status])).toEqual([
      [R1, 1, 'late'],
      [R2, 2, 'absent'],
    ]);
    expect(isChange(pairs[0])).toBe(true);
    expect(becomesAttended(pairs[0])).toBe(true);
    expect(becomesAttended(pairs[1])).toBe(false);
  });

  it('a mark earlier than the current one is superseded on arrival; the current mark stays', () => {
    const { outcomes, pairs } = planPairs([candidate(0, R1, 'absent', 3)], () => current('present', 5));
    expect(outcomes.get(0)).toBe('superseded');
    expect(pairs[0]).toMatchObject({ winner: null, next: { status: 'present' } });
    expect(isChange(pairs[0])).toBe(false);
  });

  it('any real mark replaces the stand-in absent of a closed session, even one taken before the closing', () => {
    const { outcomes } = planPairs([candidate(0, R1, 'present', 3)], () => current('absent', 30, { fromClose: true }));
    expect(outcomes.get(0)).toBe('accepted');
  });

  it('the same status and remark again is no change (no history line), and attended stays attended', () => {
    const { pairs } = planPairs([candidate(0, R1, 'late', 10)], () => current('present', 5));
    expect(isChange(pairs[0])).toBe(true);
    expect(becomesAttended(pairs[0])).toBe(false);
    const same = planPairs([candidate(0, R1, 'present', 10)], () => current('present', 5)).pairs[0];
    expect(same.winner).not.toBeNull();
    expect(isChange(same)).toBe(false);
  });

  it('orders pairs by session then resident (the order rows are locked and written in)', () => {
    const { pairs } = planPairs([candidate(0, R2, 'present', 1), candidate(1, R1, 'present', 1)], () => null);
    expect(pairs.map((p) => p.residentId)).toEqual([R1, R2]);
  });
});

describe('normaliseRemark', () => {
  it('NFC, collapsed spaces, empty as none', () => {
    expect(normaliseRemark('Ô\u0301m  nặng ')).toBe('Ốm nặng');
    expect(normaliseRemark('')).toBeNull();
    expect(normaliseRemark(undefined)).toBeNull();
  });
});
