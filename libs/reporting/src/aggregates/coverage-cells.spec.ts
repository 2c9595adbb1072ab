import { ageBandOn, birthday, cellChanges, COUNTERS, copyCounters, dailyChanges, sameProjection, zeroCounters, type Counters, type ProjectionRow } from './coverage-cells';

const row = (over: Partial<ProjectionRow> = {}): ProjectionRow => ({
  residentId: 'r1',
  communeCode: '06673',
  villageCode: '06673-0001',
  provinceCode: '22',
  birthYear: 1980,
  ageBand: '36-59',
  bandChangesOn: '2040-05-01',
  sex: 'female',
  ethnicMinority: false,
  disability: false,
  poverty: 'none',
  noSmartphone: false,
  enrolled: false,
  attended: false,
  completed: false,
  classIds: [],
  attendedClassIds: [],
  recognised: 0,
  pending: 0,
  rejected: 0,
  failed: 0,
  revoked: 0,
  asOf: '2026-12-07',
  ...over,
});

describe('age bands', () => {
  it('turns adult on the 18th birthday, not the day before', () => {
    expect(ageBandOn('2008-12-08', '2026-12-07', 18)).toEqual({ band: 'minor', changesOn: '2026-12-08' });
    expect(ageBandOn('2008-12-08', '2026-12-08', 18)).toEqual({ band: '18-35', changesOn: '2044-12-08' });
    expect(ageBandOn('1990-01-01', '2026-01-01', 18)).toEqual({ band: '36-59', changesOn: '2050-01-01' });
    expect(ageBandOn('1950-06-30', '2026-12-07', 18)).toEqual({ band: '60+', changesOn: null });
  });

  it('follows the adult-age setting and puts 29 February birthdays on 1 March in common years', () => {
    expect(ageBandOn('2010-03-01', '2026-12-07', 16).band).toBe('18-35');
    expect(ageBandOn('2010-03-01', '2026-12-07', 18).band).toBe('minor');
    expect(birthday('2008-02-29', 18)).toBe('2026-03-01');
    expect(ageBandOn('2008-02-29', '2026-02-28', 18).band).toBe('minor');
    expect(ageBandOn('2008-02-29', '2026-03-01', 18).band).toBe('18-35');
  });
});

describe('cell changes', () => {
  const cells = (changes: ReturnType<typeof cellChanges>) =>
    Object.fromEntries(changes.map((c) => [`${c.key.level} ${c.key.unitCode} ${c.key.group} ${c.key.adult ? 'adult' : 'minor'}`, c.counters]));

  it('adds a new resident to every unit from the village up, in each of their groups', () => {
    const got = cells(cellChanges([{ before: null, after: row({ disability: true, poverty: 'poor' }) }]));
    expect(Object.keys(got).sort()).toEqual(
      ['village 06673-0001', 'commune 06673', 'province 22', 'country VN']
        .flatMap((u) => ['all', 'age:36-59', 'sex:female', 'disability', 'poverty:poor'].map((g) => `${u} ${g} adult`))
        .sort(),
    );
    expect(got['country VN all adult']).toMatchObject({ registered: 1, certified: 0 });
  });

  it('moves only what changed: a recognition adds certified and recognised, a move shifts the village', () => {
    const before = row({ pending: 1 });
    const got = cells(cellChanges([{ before, after: { ...before, pending: 0, recognised: 1 } }]));
    expect(got['commune 06673 all adult']).toEqual({ registered: 0, enrolled: 0, attended: 0, completed: 0, certified: 1, recognised: 1, pending: -1, rejected: 0, failed: 0, revoked: 0 });
    const moved = cells(cellChanges([{ before, after: { ...before, villageCode: '06673-0002' } }]));
    expect(Object.keys(moved).filter((k) => k.endsWith('all adult')).sort()).toEqual(['village 06673-0001 all adult', 'village 06673-0002 all adult']);
    expect(moved['village 06673-0001 all adult'].registered).toBe(-1);
    expect(moved['village 06673-0002 all adult'].registered).toBe(1);
  });

  it('moves a resident between minor and adult cells on a birthday, and removes an erased one', () => {
    const minor = row({ ageBand: 'minor', bandChangesOn: '2026-12-08' });
    const got = cells(cellChanges([{ before: minor, after: { ...minor, ageBand: '18-35' } }]));
    expect(got['commune 06673 all minor'].registered).toBe(-1);
    expect(got['commune 06673 all adult'].registered).toBe(1);
    expect(got['commune 06673 age:18-35 adult'].registered).toBe(1);
    const erased = cells(cellChanges([{ before: row({ recognised: 1 }), after: null }]));
    expect(erased['country VN all adult']).toMatchObject({ registered: -1, certified: -1, recognised: -1 });
  });

  it('counts a resident in each class they were in, attended only where they attended, group all only', () => {
    const r = row({ enrolled: true, attended: true, recognised: 1, classIds: ['c1', 'c2'], attendedClassIds: ['c2'] });
    const got = cells(cellChanges([{ before: null, after: r }]));
    expect(Object.keys(got).filter((k) => k.startsWith('class')).sort()).toEqual(['class c1 all adult', 'class c2 all adult']);
    expect(got['class c1 all adult']).toMatchObject({ registered: 1, enrolled: 1, attended: 0, certified: 1 });
    expect(got['class c2 all adult']).toMatchObject({ registered: 1, enrolled: 1, attended: 1, certified: 1 });
    // attending the first class later moves only that class's attended
    const later = cells(cellChanges([{ before: r, after: { ...r, attendedClassIds: ['c1', 'c2'] } }]));
    expect(Object.keys(later)).toEqual(['class c1 all adult']);
    expect(later['class c1 all adult'].attended).toBe(1);
    expect(sameProjection(r, { ...r, classIds: ['c1', 'c2'] })).toBe(true);
    expect(sameProjection(r, { ...r, classIds: ['c1'] })).toBe(false);
    // classes are not in the daily series
    expect(dailyChanges([{ before: null, after: r }]).map((d) => d.level).sort()).toEqual(['commune', 'country', 'province']);
  });

  it('records recognitions and certified adults per day, a certified minor turning adult included', () => {
    const before = row({ pending: 1 });
    expect(dailyChanges([{ before, after: { ...before, pending: 0, recognised: 1 } }])).toEqual(
      expect.arrayContaining([{ level: 'commune', unitCode: '06673', recognitions: 1, certifiedAdults: 1 }]),
    );
    const certifiedMinor = row({ ageBand: 'minor', recognised: 1 });
    expect(dailyChanges([{ before: certifiedMinor, after: { ...certifiedMinor, ageBand: '18-35' } }])).toEqual(
      expect.arrayContaining([{ level: 'country', unitCode: 'VN', recognitions: 0, certifiedAdults: 1 }]),
    );
    expect(dailyChanges([{ before: row(), after: row({ enrolled: true }) }])).toEqual([]);
  });

  it('makes zero and copied counters with every counter, and only those', () => {
    expect(Object.keys(zeroCounters()).sort()).toEqual([...COUNTERS].sort());
    expect(Object.values(zeroCounters()).every((v) => v === 0)).toBe(true);
    const summed = { ...Object.fromEntries(COUNTERS.map((c, i) => [c, i + 1])), unit_code: '06673', grp: 'all' } as unknown as Counters;
    const copy = copyCounters(summed);
    expect(Object.keys(copy).sort()).toEqual([...COUNTERS].sort());
    for (const [i, c] of COUNTERS.entries()) expect(copy[c]).toBe(i + 1);
  });
});
