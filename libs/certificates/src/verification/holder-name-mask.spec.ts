import { maskHolderName } from './holder-name-mask';

describe('maskHolderName', () => {
  it('keeps the first letter of every word and masks the rest, one star per letter', () => {
    expect(maskHolderName('Nguyễn Văn An')).toBe('N***** V** A*');
    expect(maskHolderName('Trần Thị Bảy')).toBe('T*** T** B**');
    expect(maskHolderName('  Lê   Đức  ')).toBe('L* Đ**');
    expect(maskHolderName('Ý')).toBe('Ý');
  });

  it('counts a letter with combining diacritics once (NFC)', () => {
    expect(maskHolderName('Nguye\u0302\u0303n')).toBe('N*****');
  });
});
