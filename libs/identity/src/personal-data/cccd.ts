import { preReformProvinces } from '@hvs/geography';

export type Sex = 'male' | 'female';

/** Why a CCCD number was refused: the code names the field and the reason (see CCCD_PROBLEMS). */
export type CccdProblem =
  | 'CCCD_FORMAT'
  | 'CCCD_UNKNOWN_PROVINCE'
  | 'CCCD_SEX_MISMATCH'
  | 'CCCD_CENTURY_MISMATCH'
  | 'CCCD_BIRTH_YEAR_MISMATCH';

export const CCCD_PROBLEMS: Record<CccdProblem, string> = {
  CCCD_FORMAT: 'Số CCCD phải gồm đúng 12 chữ số.',
  CCCD_UNKNOWN_PROVINCE: 'Ba chữ số đầu của số CCCD không phải mã tỉnh nơi đăng ký khai sinh.',
  CCCD_SEX_MISMATCH: 'Chữ số thứ tư của số CCCD không khớp với giới tính đã khai.',
  CCCD_CENTURY_MISMATCH: 'Chữ số thứ tư của số CCCD không khớp với thế kỷ của năm sinh.',
  CCCD_BIRTH_YEAR_MISMATCH: 'Chữ số thứ năm và sáu của số CCCD không khớp với năm sinh.',
};

export interface CccdParts {
  /** Pre-2025 province code of birth registration ("001" -> "01"). */
  provinceCode: string;
  sex: Sex;
  /** First year of the century coded by the 4th digit: 1900, 2000, 2100… */
  century: number;
  /** Last two digits of the birth year. */
  yearOfCentury: number;
}

const FORMAT = /^[0-9]{12}$/;

/**
 * Reads the structure of a 12-digit CCCD number: 3 digits for the province of birth registration
 * ("0" + a pre-2025 province code), 1 for century and sex (0/1: 1900s male/female, 2/3: 2000s, 4/5:
 * 2100s …), 2 for the year of birth, 6 random. Returns null when the text is not 12 digits.
 */
export function parseCccd(value: string): CccdParts | null {
  if (!FORMAT.test(value)) return null;
  const centurySex = Number(value[3]);
  return {
    provinceCode: value.slice(1, 3),
    sex: centurySex % 2 === 0 ? 'male' : 'female',
    century: 1900 + 100 * Math.floor(centurySex / 2),
    yearOfCentury: Number(value.slice(4, 6)),
  };
}

/**
 * Checks a CCCD number against the person it is given for. Returns the first problem found, or null.
 * `birthYear` and `sex` are optional: without them only format and province are checked.
 */
export function validateCccd(value: string, person: { birthYear?: number; sex?: Sex } = {}): CccdProblem | null {
  const parts = parseCccd(value);
  if (!parts || value[0] !== '0') return parts ? 'CCCD_UNKNOWN_PROVINCE' : 'CCCD_FORMAT';
  if (!preReformProvinces().has(parts.provinceCode)) return 'CCCD_UNKNOWN_PROVINCE';
  if (person.sex && person.sex !== parts.sex) return 'CCCD_SEX_MISMATCH';
  if (person.birthYear !== undefined) {
    if (Math.floor(person.birthYear / 100) * 100 !== parts.century) return 'CCCD_CENTURY_MISMATCH';
    if (person.birthYear % 100 !== parts.yearOfCentury) return 'CCCD_BIRTH_YEAR_MISMATCH';
  }
  return null;
}

/** The CCCD digits for a person (for tests and demo data): province, century/sex and year digits. */
export function cccdPrefix(provinceCode: string, birthYear: number, sex: Sex): string {
  const centuryIndex = Math.floor(birthYear / 100) - 19;
  if (centuryIndex < 0 || centuryIndex > 4) throw new RangeError(`birth year ${birthYear} has no CCCD century digit`);
  const digit = centuryIndex * 2 + (sex === 'female' ? 1 : 0);
  return `0${provinceCode}${digit}${String(birthYear % 100).padStart(2, '0')}`;
}
