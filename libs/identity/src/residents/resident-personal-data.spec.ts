import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { normalizeSearchText } from '@hvs/platform';
import { parsePersonalDataKeys, PersonalDataCipher } from '../personal-data/personal-data-cipher';
import { normalizePhone, ResidentPersonalDataCodec } from './resident-personal-data';

const key = () => randomBytes(32).toString('base64');
const codec = new ResidentPersonalDataCodec(new PersonalDataCipher(parsePersonalDataKeys(`k1:${key()}`, 'k1', key())));

/** Vietnamese syllables with their diacritics, to build names. */
const SYLLABLES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Văn', 'Thị', 'Hữu', 'Đức', 'Minh', 'Thu',
  'Hương', 'Quốc', 'Bảo', 'Ngọc', 'Ánh', 'Tuấn', 'Thủy', 'Lực', 'Ơn', 'Ưng', 'Yến', 'Khánh', 'Nghiêng', 'A'];
const nameArb = fc.array(fc.constantFrom(...SYLLABLES), { minLength: 2, maxLength: 5 }).map((w) => w.join(' '));
/** How a person might type part of a name: any case, with or without diacritics, decomposed or not. */
const typed = (text: string, style: number) =>
  [text, normalizeSearchText(text), text.toUpperCase(), text.normalize('NFD'), normalizeSearchText(text).toUpperCase()][style % 5];
const matches = (name: string, query: string) => {
  const stored = new Set(codec.nameTokens(normalizeSearchText(name)));
  const wanted = codec.queryTokens(query);
  return wanted.length > 0 && wanted.every((t) => stored.has(t));
};

describe('resident name search tokens', () => {
  it('finds a name from any word prefixes, typed with or without diacritics and in any case', () => {
    fc.assert(
      fc.property(nameArb, fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 3 }), fc.nat(), (name, picks, style) => {
        const words = name.split(' ');
        const query = picks
          .map(([w, len]) => {
            const word = words[w % words.length];
            return word.slice(0, 1 + (len % word.length));
          })
          .join(' ');
        expect(matches(name, typed(query, style))).toBe(true);
      }),
    );
  });

  it('does not find a name from a word that no word of the name starts with', () => {
    fc.assert(
      fc.property(nameArb, fc.constantFrom('xyz', 'qq', 'zebra', 'thanh long'), (name, query) => {
        const words = normalizeSearchText(name).split(' ');
        fc.pre(!normalizeSearchText(query).split(' ').every((q) => words.some((w) => w.startsWith(q))));
        expect(matches(name, query)).toBe(false);
      }),
    );
  });

  it('examples: "nguyen van a" finds "Nguyễn Văn A", but not "Nguyễn Văn Bình"', () => {
    expect(matches('Nguyễn Văn A', 'nguyen van a')).toBe(true);
    expect(matches('Nguyễn Văn Bình', 'nguyen van a')).toBe(false);
    expect(matches('Đặng Thị Thu', 'dang thu')).toBe(true);
    expect(matches('Đặng Thị Thu', '   ')).toBe(false);
  });

  it('gives tokens that do not reveal the name (keyed: another key gives other tokens)', () => {
    const other = new ResidentPersonalDataCodec(new PersonalDataCipher(parsePersonalDataKeys(`k1:${key()}`, 'k1', key())));
    const a = codec.nameTokens('nguyen van a');
    const b = other.nameTokens('nguyen van a');
    expect(a.some((t) => b.includes(t))).toBe(false);
    for (const t of a) expect(t).toMatch(/^-?[0-9]+$/);
  });

  it('binds the personal blob to its resident id', () => {
    const data = { fullName: 'Nguyễn Văn A', birthDate: '1960-01-01', cccd: null, phone: null };
    const blob = codec.encrypt('id-1', data);
    expect(codec.decrypt('id-1', blob)).toEqual(data);
    expect(() => codec.decrypt('id-2', blob)).toThrow();
  });

  it.each([
    ['0912345678', '0912345678'],
    ['+84 912 345 678', '0912345678'],
    ['84912345678', '0912345678'],
    ['0912.345.678', '0912345678'],
    ['0212345678', null],
    ['091234567', null],
    ['abc', null],
  ])('normalises phone %s -> %s', (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });
});
