import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { maskCccd, maskPhone } from './masking';
import { parsePersonalDataKeys, PersonalDataCipher, PersonalDataError } from './personal-data-cipher';

const key = () => randomBytes(32).toString('base64');

describe('PersonalDataCipher', () => {
  const k1 = key();
  const k2 = key();
  const indexKey = key();
  const v1 = new PersonalDataCipher(parsePersonalDataKeys(`k1:${k1}`, 'k1', indexKey));
  const v2 = new PersonalDataCipher(parsePersonalDataKeys(`k1:${k1},k2:${k2}`, 'k2', indexKey));

  it('round-trips any text, and never stores it in clear', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 }), (text) => {
        const stored = v1.encrypt(text, 'resident.name');
        expect(v1.decrypt(stored, 'resident.name')).toBe(text);
        const plain = Buffer.from(text, 'utf8');
        if (plain.length >= 6) expect(stored.includes(plain)).toBe(false); // shorter runs could match by chance
      }),
    );
  });

  it('encrypts the same value differently each time, but indexes it the same way', () => {
    const a = v1.encrypt('001090012345', 'resident.cccd');
    const b = v1.encrypt('001090012345', 'resident.cccd');
    expect(a.equals(b)).toBe(false);
    expect(v1.index('001090012345', 'resident.cccd').equals(v1.index('001090012345', 'resident.cccd'))).toBe(true);
    expect(v1.index('001090012345', 'resident.cccd').equals(v1.index('001090012346', 'resident.cccd'))).toBe(false);
    expect(v1.index('001090012345', 'resident.cccd').equals(v1.index('001090012345', 'resident.phone'))).toBe(false);
    expect(v1.matches('001090012345', 'resident.cccd', v1.index('001090012345', 'resident.cccd'))).toBe(true);
  });

  it('refuses a tampered value and a value read for another purpose', () => {
    const stored = v1.encrypt('Nguyễn Văn A', 'resident.name');
    const tampered = Buffer.from(stored);
    tampered[tampered.length - 1] ^= 1;
    expect(() => v1.decrypt(tampered, 'resident.name')).toThrow(PersonalDataError);
    expect(() => v1.decrypt(stored, 'resident.phone')).toThrow(PersonalDataError);
    expect(() => v1.decrypt(stored.subarray(0, 10), 'resident.name')).toThrow(PersonalDataError);
  });

  it('rotates keys: old values stay readable, new ones use the current key', () => {
    const old = v1.encrypt('0912345678', 'resident.phone');
    expect(v2.decrypt(old, 'resident.phone')).toBe('0912345678');
    expect(v2.needsRotation(old)).toBe(true);
    const fresh = v2.encrypt('0912345678', 'resident.phone');
    expect(v2.keyIdOf(fresh)).toBe('k2');
    expect(v2.needsRotation(fresh)).toBe(false);
    expect(() => v1.decrypt(fresh, 'resident.phone')).toThrow(/no encryption key "k2"/);
  });

  it('refuses bad key configuration', () => {
    expect(() => new PersonalDataCipher(parsePersonalDataKeys(`k1:${k1}`, 'k9', indexKey))).toThrow(/no encryption key/);
    expect(() => new PersonalDataCipher(parsePersonalDataKeys(`k1:${randomBytes(16).toString('base64')}`, 'k1', indexKey))).toThrow(
      /32 bytes/,
    );
    expect(() => parsePersonalDataKeys('nocolon', 'k1', indexKey)).toThrow(/id:base64key/);
  });
});

describe('masking', () => {
  it('shows only the last four digits of a CCCD', () => {
    expect(maskCccd('001090012345')).toBe('********2345');
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{12}$/), (cccd) => {
        const masked = maskCccd(cccd);
        expect(masked).toHaveLength(12);
        expect(masked.slice(0, 8)).toBe('********');
        expect(masked.slice(8)).toBe(cccd.slice(8));
      }),
    );
  });

  it('hides the middle of a phone number', () => {
    expect(maskPhone('0912345678')).toBe('0912***678');
    expect(maskPhone('12345')).toBe('*****');
  });
});
