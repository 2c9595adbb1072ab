import fc from 'fast-check';
import { preReformProvinces } from '@hvs/geography';
import { cccdPrefix, parseCccd, validateCccd, type Sex } from './cccd';

const provinceCodes = [...preReformProvinces().keys()];
const unusedCodes = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0')).filter((c) => !provinceCodes.includes(c));

const person = fc.record({
  province: fc.constantFrom(...provinceCodes),
  birthYear: fc.integer({ min: 1900, max: 2099 }),
  sex: fc.constantFrom<Sex>('male', 'female'),
  random: fc.integer({ min: 0, max: 999_999 }),
});
const numberOf = (p: { province: string; birthYear: number; sex: Sex; random: number }) =>
  cccdPrefix(p.province, p.birthYear, p.sex) + String(p.random).padStart(6, '0');

describe('CCCD validation', () => {
  it('knows the 63 pre-2025 provinces', () => {
    expect(provinceCodes).toHaveLength(63);
  });

  it('examples', () => {
    expect(validateCccd('001090012345', { birthYear: 1990, sex: 'male' })).toBeNull();
    expect(validateCccd('001190012345', { birthYear: 1990, sex: 'female' })).toBeNull();
    expect(validateCccd('079305012345', { birthYear: 2005, sex: 'female' })).toBeNull();
    expect(validateCccd('00109001234')).toBe('CCCD_FORMAT');
    expect(validateCccd('00109001234a')).toBe('CCCD_FORMAT');
    expect(validateCccd(' 001090012345')).toBe('CCCD_FORMAT');
    expect(validateCccd('003090012345')).toBe('CCCD_UNKNOWN_PROVINCE'); // 03 is not a province code
    expect(validateCccd('101090012345')).toBe('CCCD_UNKNOWN_PROVINCE');
    expect(validateCccd('001090012345', { sex: 'female' })).toBe('CCCD_SEX_MISMATCH');
    expect(validateCccd('001290012345', { birthYear: 1990 })).toBe('CCCD_CENTURY_MISMATCH');
    expect(validateCccd('001091012345', { birthYear: 1990 })).toBe('CCCD_BIRTH_YEAR_MISMATCH');
  });

  it('accepts every number built from a valid province, birth year and sex, and reads them back', () => {
    fc.assert(
      fc.property(person, (p) => {
        const n = numberOf(p);
        expect(validateCccd(n, { birthYear: p.birthYear, sex: p.sex })).toBeNull();
        expect(parseCccd(n)).toEqual({
          provinceCode: p.province,
          sex: p.sex,
          century: Math.floor(p.birthYear / 100) * 100,
          yearOfCentury: p.birthYear % 100,
        });
      }),
    );
  });

  it('refuses a number given for another birth year or sex, naming the reason', () => {
    fc.assert(
      fc.property(person, fc.integer({ min: 1900, max: 2099 }), (p, otherYear) => {
        fc.pre(otherYear !== p.birthYear);
        const n = numberOf(p);
        const other: Sex = p.sex === 'male' ? 'female' : 'male';
        expect(validateCccd(n, { birthYear: p.birthYear, sex: other })).toBe('CCCD_SEX_MISMATCH');
        const problem = validateCccd(n, { birthYear: otherYear, sex: p.sex });
        expect(problem).toBe(
          Math.floor(otherYear / 100) !== Math.floor(p.birthYear / 100) ? 'CCCD_CENTURY_MISMATCH' : 'CCCD_BIRTH_YEAR_MISMATCH',
        );
      }),
    );
  });

  it('refuses unknown province codes and anything that is not 12 digits', () => {
    fc.assert(
      fc.property(person, fc.constantFrom(...unusedCodes), (p, code) => {
        const n = numberOf({ ...p, province: code });
        expect(validateCccd(n)).toBe('CCCD_UNKNOWN_PROVINCE');
      }),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (s) => {
        fc.pre(!/^[0-9]{12}$/.test(s));
        expect(validateCccd(s)).toBe('CCCD_FORMAT');
      }),
    );
  });
});
