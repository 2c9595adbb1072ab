import fc from 'fast-check';
import { ageOn, checkBirthDate, checkPersonalFields } from './resident-rules';

describe('resident rules', () => {
  it.each([
    ['1966-11-22', '2026-11-22', 60],
    ['1966-11-23', '2026-11-22', 59],
    ['1966-12-01', '2026-11-22', 59],
    ['1966-01-31', '2026-11-22', 60],
    ['2000-02-29', '2026-02-28', 25],
    ['2000-02-29', '2026-03-01', 26],
  ])('someone born %s is, on %s, %i', (born, on, age) => {
    expect(ageOn(born, new Date(`${on}T12:00:00Z`))).toBe(age);
  });

  it('agrees with a date-arithmetic age for any birth date', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01'), max: new Date('2026-11-22'), noInvalidDate: true }), (born) => {
        const birthDate = born.toISOString().slice(0, 10);
        const today = new Date('2026-11-22T00:00:00Z');
        let expected = today.getUTCFullYear() - born.getUTCFullYear();
        const birthday = new Date(Date.UTC(today.getUTCFullYear(), born.getUTCMonth(), born.getUTCDate()));
        if (born.getUTCMonth() === 1 && born.getUTCDate() === 29 && birthday.getUTCMonth() !== 1) birthday.setUTCDate(0);
        if (today < birthday) expected--;
        expect(ageOn(birthDate, today)).toBe(expected);
      }),
    );
  });

  it('refuses impossible and out-of-range birth dates', () => {
    expect(checkBirthDate('1958-02-30')?.code).toBe('BIRTH_DATE_INVALID');
    expect(checkBirthDate('1899-12-31')?.code).toBe('BIRTH_DATE_OUT_OF_RANGE');
    expect(checkBirthDate('2100-01-01')?.code).toBe('BIRTH_DATE_OUT_OF_RANGE');
    expect(checkBirthDate('1958-04-12')).toBeNull();
  });

  it('normalises a phone and checks the CCCD against the person', () => {
    const ok = checkPersonalFields({ fullName: 'A B', birthDate: '1958-04-12', sex: 'female', cccd: '022158000001', phone: '+84 912 345 678' });
    expect(ok).toEqual({ problem: null, cccd: '022158000001', phone: '0912345678', birthYear: 1958 });
    const bad = checkPersonalFields({ fullName: 'A B', birthDate: '1958-04-12', sex: 'male', cccd: '022158000001' });
    expect(bad.problem).toMatchObject({ code: 'CCCD_SEX_MISMATCH', field: 'cccd' });
  });
});
