import { NameIndex } from './name-index';

interface Unit {
  code: string;
  name: string;
  full: string;
  former: string[];
}

const units: Unit[] = [
  { code: '01', name: 'Bắc Ninh', full: 'Tỉnh Bắc Ninh', former: [] },
  { code: '02', name: 'Ninh Bình', full: 'Tỉnh Ninh Bình', former: ['Tỉnh Hà Nam'] },
  { code: '03', name: 'Bãi Cháy', full: 'Phường Bãi Cháy', former: ['Phường Hùng Thắng'] },
  { code: '04', name: 'Bắc Ninh Mới', full: 'Phường Bắc Ninh Mới', former: [] },
  { code: '05', name: 'Hà Nam', full: 'Phường Hà Nam', former: [] },
];

const index = new NameIndex(units, (u) => ({ name: u.name, aliases: [u.full], formerNames: u.former }));
const codes = (q: string) => index.search(q).map((u) => u.code);

describe('NameIndex', () => {
  it('finds names ignoring case and diacritics', () => {
    expect(codes('bac ninh')).toEqual(['01', '04']);
    expect(codes('BẮC NINH')).toEqual(['01', '04']);
    expect(codes('bai chay')).toEqual(['03']);
  });

  it('matches prefixes at word boundaries only', () => {
    expect(codes('bai ch')).toEqual(['03']);
    expect(codes('chay')).toEqual(['03']);
    expect(codes('ai chay')).toEqual([]);
  });

  it('ranks exact name, then name prefix, then another word, then former names', () => {
    // "ninh": prefix of "Ninh Bình"'s name (rank 1), a later word of "Bắc Ninh" and "Bắc Ninh Mới" (rank 2)
    expect(codes('ninh')).toEqual(['02', '01', '04']);
    // "ha nam": exact name of 05, former name of 02
    expect(codes('ha nam')).toEqual(['05', '02']);
    expect(codes('phuong')).toEqual(['03', '04', '05']);
  });

  it('returns nothing for an empty or punctuation-only query', () => {
    expect(codes('')).toEqual([]);
    expect(codes(' !! ')).toEqual([]);
  });

  it('answers repeated queries from its cache with the same result', () => {
    const first = index.search('bac');
    expect(index.search('BAC')).toBe(first);
  });
});
