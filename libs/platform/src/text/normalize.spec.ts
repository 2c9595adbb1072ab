import fc from 'fast-check';
import { cleanDisplayName, normalizeSearchText } from './normalize';

describe('normalizeSearchText', () => {
  it.each([
    ['Phường Bãi Cháy', 'phuong bai chay'],
    ['Bắc Ninh', 'bac ninh'],
    ['BAC NINH', 'bac ninh'],
    ['  Đặc khu   Vân Đồn ', 'dac khu van don'],
    ['Nguyễn Văn A', 'nguyen van a'],
    ['Hoà / Hòa', 'hoa hoa'],
    ['Tổ dân phố 1', 'to dan pho 1'],
  ])('%s -> %s', (input, expected) => {
    expect(normalizeSearchText(input)).toBe(expected);
  });

  it('treats precomposed and decomposed input alike', () => {
    expect(normalizeSearchText('Bãi Cháy'.normalize('NFD'))).toBe(normalizeSearchText('Bãi Cháy'.normalize('NFC')));
  });

  it('always yields only a-z, 0-9 and single inner spaces, and is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (s) => {
        const n = normalizeSearchText(s);
        expect(n).toMatch(/^([a-z0-9]+( [a-z0-9]+)*)?$/);
        expect(normalizeSearchText(n)).toBe(n);
      }),
    );
  });

  it('ignores case and Vietnamese diacritics: any diacritic/case variant normalises the same', () => {
    const base = 'aaaaeeiioooouuyd';
    const variants: Record<string, string[]> = {
      a: ['a', 'á', 'à', 'ả', 'ã', 'ạ', 'ă', 'ắ', 'ằ', 'ẳ', 'ẵ', 'ặ', 'â', 'ấ', 'ầ', 'ẩ', 'ẫ', 'ậ', 'A', 'Â', 'Ă'],
      e: ['e', 'é', 'è', 'ẻ', 'ẽ', 'ẹ', 'ê', 'ế', 'ề', 'ể', 'ễ', 'ệ', 'E', 'Ê'],
      i: ['i', 'í', 'ì', 'ỉ', 'ĩ', 'ị', 'I'],
      o: ['o', 'ó', 'ò', 'ỏ', 'õ', 'ọ', 'ô', 'ố', 'ồ', 'ổ', 'ỗ', 'ộ', 'ơ', 'ớ', 'ờ', 'ở', 'ỡ', 'ợ', 'O', 'Ô', 'Ơ'],
      u: ['u', 'ú', 'ù', 'ủ', 'ũ', 'ụ', 'ư', 'ứ', 'ừ', 'ử', 'ữ', 'ự', 'U', 'Ư'],
      y: ['y', 'ý', 'ỳ', 'ỷ', 'ỹ', 'ỵ', 'Y'],
      d: ['d', 'đ', 'D', 'Đ'],
    };
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...base.split('')), { minLength: 1, maxLength: 20 }),
        fc.infiniteStream(fc.nat()),
        (letters, picks) => {
          const plain = letters.join('');
          const it = picks[Symbol.iterator]();
          const decorated = letters.map((l) => variants[l][it.next().value % variants[l].length]).join('');
          expect(normalizeSearchText(decorated)).toBe(plain);
        },
      ),
    );
  });
});

describe('cleanDisplayName', () => {
  it('keeps diacritics, trims and collapses spaces, composes to NFC', () => {
    expect(cleanDisplayName('  Thôn   Đông '.normalize('NFD'))).toBe('Thôn Đông');
  });
});
