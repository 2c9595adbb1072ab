import { parseCccd } from '@hvs/identity';
import { normalizeSearchText } from '@hvs/platform';
import { MIDDLE_NAMES } from './names';
import { compareWithRegistry, generatedCitizen, sampleCccd, type GeneratedCitizen } from './registry';

const SHARES = { seed: 'test-seed', notFoundRate: 0.02, mismatchRate: 0.05 };
const PROVINCES = ['01', '22', '24', '79'];
const TODAY = new Date('2026-06-01T00:00:00Z');
const numbers = (seed: string, n: number) => Array.from({ length: n }, (_, i) => sampleCccd(seed, i, PROVINCES, TODAY));

describe('the generated citizen registry', () => {
  it('gives every well-formed number one person, the same for the same seed, another for another seed', () => {
    const cccds = numbers('any', 200);
    const a = cccds.map((c) => generatedCitizen(c, SHARES, TODAY));
    const again = cccds.map((c) => generatedCitizen(c, SHARES, TODAY));
    const other = cccds.map((c) => generatedCitizen(c, { ...SHARES, seed: 'other-seed' }, TODAY));
    expect(again).toEqual(a);
    const differing = a.filter((p, i) => p?.person.fullName !== other[i]?.person.fullName).length;
    expect(differing).toBeGreaterThan(150);
    expect(new Set(a.map((p) => p?.person.fullName)).size).toBeGreaterThan(100);
  });

  it('keeps the person of a number when only the shares change', () => {
    for (const cccd of numbers('any', 100)) {
      const person = generatedCitizen(cccd, SHARES, TODAY)?.person;
      expect(generatedCitizen(cccd, { ...SHARES, notFoundRate: 0.5, mismatchRate: 0.5 }, TODAY)?.person).toEqual(person);
    }
  });

  it('makes sex and birth year agree with the number, birth dates real and not in the future', () => {
    for (const cccd of numbers('any', 500)) {
      const { person } = generatedCitizen(cccd, SHARES, TODAY) as GeneratedCitizen;
      const parts = parseCccd(cccd)!;
      expect(person.sex).toBe(parts.sex);
      expect(Number(person.birthDate.slice(0, 4))).toBe(parts.century + parts.yearOfCentury);
      expect(new Date(`${person.birthDate}T00:00:00Z`).toISOString().slice(0, 10)).toBe(person.birthDate);
      expect(person.birthDate <= '2026-06-01').toBe(true);
      expect(MIDDLE_NAMES[parts.sex]).toContain(person.fullName.split(' ')[1]);
    }
  });

  it('has no one under a malformed number, an unknown province or a birth year still to come', () => {
    expect(generatedCitizen('12345', SHARES, TODAY)).toBeNull();
    expect(generatedCitizen('099062912001', SHARES, TODAY)).toBeNull(); // no province 99
    expect(generatedCitizen('122062912001', SHARES, TODAY)).toBeNull(); // not "0" + a code
    expect(generatedCitizen('022230912001', SHARES, TODAY)).toBeNull(); // a man born in 2030
    expect(generatedCitizen('022226912001', SHARES, TODAY)).not.toBeNull(); // born 2026
  });

  it('leaves the configured shares unregistered and registered with errors, half in the name, half in the birth date', () => {
    const people = numbers('shares', 6000).map((c) => generatedCitizen(c, SHARES, TODAY) as GeneratedCitizen);
    const outcomes = people.map((p) => compareWithRegistry(p.registry, p.person));
    const share = (f: (o: (typeof outcomes)[number]) => boolean) => outcomes.filter(f).length / outcomes.length;
    expect(share((o) => o.result === 'not_found')).toBeCloseTo(0.02, 2);
    expect(share((o) => o.result === 'mismatch')).toBeGreaterThan(0.04);
    expect(share((o) => o.result === 'mismatch')).toBeLessThan(0.06);
    const byName = share((o) => o.result === 'mismatch' && o.field === 'fullName');
    const byDate = share((o) => o.result === 'mismatch' && o.field === 'birthDate');
    expect(byName).toBeGreaterThan(0.015);
    expect(byDate).toBeGreaterThan(0.015);
    // every error is in one field only, and some name typos are only a tone mark (same letters)
    expect(outcomes.every((o) => o.result !== 'mismatch' || o.fields.length === 1)).toBe(true);
    const toneOnly = people.filter((p) => p.registry && p.registry.fullName !== p.person.fullName && normalizeSearchText(p.registry.fullName) === normalizeSearchText(p.person.fullName));
    expect(toneOnly.length).toBeGreaterThan(5);
    expect(compareWithRegistry(null, people[0]!.person)).toEqual({ result: 'not_found' });
    const none = numbers('shares', 300).map((c) => generatedCitizen(c, { ...SHARES, notFoundRate: 0, mismatchRate: 0 }, TODAY) as GeneratedCitizen);
    expect(none.every((p) => compareWithRegistry(p.registry, p.person).result === 'match')).toBe(true);
  });

  it('compares names ignoring case and spaces, but not diacritics; birth dates exactly', () => {
    const registry = { fullName: 'Trần Văn Bảy', birthDate: '1962-05-20' };
    const ok = ['Trần Văn Bảy', '  trần   văn BẢY ', 'Trần Văn Bảy'.normalize('NFD')];
    for (const fullName of ok) expect(compareWithRegistry(registry, { fullName, birthDate: '1962-05-20' })).toEqual({ result: 'match' });
    for (const fullName of ['Tran Van Bay', 'Trần Văn Bẩy', 'Trần Văn Bảyy', 'Trần Bảy']) {
      expect(compareWithRegistry(registry, { fullName, birthDate: '1962-05-20' })).toEqual({ result: 'mismatch', field: 'fullName', fields: ['fullName'] });
    }
    expect(compareWithRegistry(registry, { fullName: 'Trần Văn Bảy', birthDate: '1962-20-05' })).toEqual({ result: 'mismatch', field: 'birthDate', fields: ['birthDate'] });
    expect(compareWithRegistry(registry, { fullName: 'Trần Văn Bẩy', birthDate: '1962-05-21' })).toEqual({
      result: 'mismatch',
      field: 'fullName',
      fields: ['fullName', 'birthDate'],
    });
  });
});
