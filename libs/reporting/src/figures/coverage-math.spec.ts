import { communeDenominator, gapText, gapTo, mergeDenominators, projectTarget, rateOf, sumDenominators, trendSeries, weekStart } from './coverage-math';

describe('denominators', () => {
  it('takes the entered population, labels an estimate, and falls back to registered adults', () => {
    expect(communeDenominator({ adults: 900, estimate: false }, 120)).toEqual({ adults: 900, source: 'official' });
    expect(communeDenominator({ adults: 900, estimate: true }, 120)).toEqual({ adults: 900, source: 'estimate' });
    expect(communeDenominator(undefined, 120)).toEqual({ adults: 120, source: 'registered' });
  });

  it('sums communes and says mixed when the sources differ', () => {
    const official = sumDenominators([
      { adults: 900, source: 'official' },
      { adults: 100, source: 'official' },
    ]);
    expect(official).toEqual({ adults: 1000, source: 'official', communes: { official: 2, estimate: 0, registered: 0 } });
    const mixed = sumDenominators([
      { adults: 900, source: 'official' },
      { adults: 40, source: 'registered' },
    ]);
    expect(mixed).toMatchObject({ adults: 940, source: 'mixed', communes: { official: 1, registered: 1 } });
    expect(sumDenominators([]).source).toBe('registered');
  });

  it('merges units made of communes as if their communes were summed at once', () => {
    const a = [
      { adults: 900, source: 'official' as const },
      { adults: 40, source: 'registered' as const },
    ];
    const b = [{ adults: 300, source: 'estimate' as const }];
    expect(mergeDenominators([sumDenominators(a), sumDenominators(b)])).toEqual(sumDenominators([...a, ...b]));
    expect(mergeDenominators([sumDenominators(a.slice(0, 1)), sumDenominators([{ adults: 5, source: 'official' }])])).toEqual({
      adults: 905,
      source: 'official',
      communes: { official: 2, estimate: 0, registered: 0 },
    });
    expect(mergeDenominators([])).toEqual(sumDenominators([]));
  });
});

describe('rate and gap', () => {
  it('divides by the population, none without one', () => {
    expect(rateOf(312, 1000)).toBeCloseTo(0.312);
    expect(rateOf(0, 0)).toBeNull();
  });

  it('counts the people still missing, rounding the needed people up, and never below zero', () => {
    expect(gapTo(0.8, 1000, 488)).toEqual({ needed: 800, gap: 312 });
    expect(gapTo(0.85, 101, 0)).toEqual({ needed: 86, gap: 86 }); // 85.85 people: 86 are needed
    expect(gapTo(0.8, 1000, 900)).toEqual({ needed: 800, gap: 0 });
    expect(gapText(312, 1000)).toBe('còn thiếu 312 người');
    expect(gapText(1234, 5000)).toBe('còn thiếu 1.234 người');
    expect(gapText(0, 1000)).toBe('đã đạt mục tiêu');
  });
});

describe('projection at the last four weeks\' pace', () => {
  it('gives the day the gap closes, and whether that is before the due date', () => {
    // 56 gained over 28 days: 2 a day; 100 missing: 50 days
    const p = projectTarget(100, 56, '2026-12-07', '2026-12-31');
    expect(p).toMatchObject({ perWeek: 14, reachedOn: '2027-01-26', reached: false, beforeDue: false });
    expect(p.text).toBe('Với tốc độ 4 tuần gần đây (14 người/tuần), dự kiến đạt mục tiêu vào 26/01/2027 — sau hạn 31/12/2026.');
    expect(projectTarget(10, 56, '2026-12-07', '2026-12-31')).toMatchObject({ reachedOn: '2026-12-12', beforeDue: true });
  });

  it('says "not at this pace" when nothing (or less than nothing) was gained, and "reached" when it is', () => {
    expect(projectTarget(100, 0, '2026-12-07', '2026-12-31')).toMatchObject({ reachedOn: null, reached: false, text: 'Với tốc độ 4 tuần gần đây, sẽ không đạt mục tiêu.' });
    expect(projectTarget(100, -3, '2026-12-07', '2026-12-31').reachedOn).toBeNull();
    // 35,000 people at a little over one a week: centuries away, reported as not at this pace
    const far = projectTarget(35_000, 1, '2026-12-07', '2026-12-31');
    expect(far).toMatchObject({ reachedOn: null, reached: false, beforeDue: false, perWeek: 0.3 });
    expect(far.text).toBe('Với tốc độ 4 tuần gần đây (0,3 người/tuần), sẽ không đạt mục tiêu trong 10 năm tới.');
    // just inside ten years: a date
    expect(projectTarget(3653, 28, '2026-12-07', '2026-12-31').reachedOn).toBe('2036-12-07');
    expect(projectTarget(0, 5, '2026-12-07', '2026-12-31')).toMatchObject({ reached: true, reachedOn: null });
  });
});

describe('trend', () => {
  const period = { startsOn: '2026-01-01', endsOn: '2026-12-31' };

  it('buckets a year by week (Monday to Sunday, clipped to the period), starting from what came before', () => {
    expect(weekStart('2026-01-01')).toBe('2025-12-29'); // a Thursday
    const days = [
      { day: '2025-11-30', recognitions: 5, certifiedAdults: 5 },
      { day: '2026-01-02', recognitions: 2, certifiedAdults: 2 },
      { day: '2026-01-05', recognitions: 3, certifiedAdults: 2 },
      { day: '2026-01-11', recognitions: 0, certifiedAdults: -1 },
    ];
    const series = trendSeries(days, period, '2026-01-13', false, 100);
    expect(series).toEqual([
      { from: '2026-01-01', to: '2026-01-04', recognitions: 2, gained: 2, certified: 7, rate: 0.07 },
      { from: '2026-01-05', to: '2026-01-11', recognitions: 3, gained: 1, certified: 8, rate: 0.08 },
      { from: '2026-01-12', to: '2026-01-13', recognitions: 0, gained: 0, certified: 8, rate: 0.08 },
    ]);
  });

  it('buckets a campaign by day, and stops at the period\'s end', () => {
    const series = trendSeries([{ day: '2026-03-02', recognitions: 1, certifiedAdults: 1 }], { startsOn: '2026-03-01', endsOn: '2026-03-03' }, '2026-12-07', true, 0);
    expect(series.map((p) => [p.from, p.to, p.certified, p.rate])).toEqual([
      ['2026-03-01', '2026-03-01', 0, null],
      ['2026-03-02', '2026-03-02', 1, null],
      ['2026-03-03', '2026-03-03', 1, null],
    ]);
    expect(trendSeries([], { startsOn: '2027-01-01', endsOn: '2027-12-31' }, '2026-12-07', false, 10)).toEqual([]);
  });
});
