import { dammCheckDigit, formatSerial, isValidSerial, newVerificationCode } from './serial';

describe('certificate serials', () => {
  it('computes the Damm check digit of the textbook example', () => {
    expect(dammCheckDigit('572')).toBe(4);
    expect(dammCheckDigit('5724')).toBe(0);
  });

  it('formats PP-YYYY-NNNNNNN-C with a check digit that validates', () => {
    const serial = formatSerial('22', 2026, 123);
    expect(serial).toMatch(/^22-2026-0000123-[0-9]$/);
    expect(isValidSerial(serial)).toBe(true);
    expect(isValidSerial(serial.replace(/-/g, ' '))).toBe(true);
  });

  it('catches every single-digit error and every adjacent transposition', () => {
    const digits = formatSerial('79', 2026, 4051937).replace(/-/g, '');
    for (let i = 0; i < digits.length; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === digits[i]) continue;
        expect(isValidSerial(digits.slice(0, i) + d + digits.slice(i + 1))).toBe(false);
      }
      if (i + 1 < digits.length && digits[i] !== digits[i + 1]) {
        expect(isValidSerial(digits.slice(0, i) + digits[i + 1] + digits[i] + digits.slice(i + 2))).toBe(false);
      }
    }
  });

  it('refuses out-of-range parts', () => {
    expect(() => formatSerial('2', 2026, 1)).toThrow();
    expect(() => formatSerial('22', 2026, 0)).toThrow();
    expect(() => formatSerial('22', 2026, 10_000_000)).toThrow();
  });

  it('makes random Crockford base32 verification codes', () => {
    const codes = new Set(Array.from({ length: 200 }, () => newVerificationCode()));
    expect(codes.size).toBe(200);
    for (const c of codes) expect(c).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/);
  });
});
