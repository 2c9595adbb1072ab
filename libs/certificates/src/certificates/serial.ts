import { randomBytes } from 'node:crypto';

/** Damm's quasigroup of order 10 (totally anti-symmetric): catches every single-digit error and every adjacent transposition. */
const DAMM = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
] as const;

/** The Damm check digit of a string of digits. */
export function dammCheckDigit(digits: string): number {
  if (!/^[0-9]+$/.test(digits)) throw new Error('Damm check digit of a non-digit string');
  let interim = 0;
  for (const d of digits) interim = DAMM[interim][Number(d)];
  return interim;
}

export const SERIAL_PATTERN = /^([0-9]{2})-([0-9]{4})-([0-9]{7})-([0-9])$/;

/** `PP-YYYY-NNNNNNN-C`: province code, year, sequence within the province and year, Damm check digit. */
export function formatSerial(provinceCode: string, year: number, sequence: number): string {
  if (!/^[0-9]{2}$/.test(provinceCode)) throw new Error(`bad province code ${provinceCode}`);
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new Error(`bad year ${year}`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 9_999_999) throw new Error(`bad sequence ${sequence}`);
  const body = `${provinceCode}${year}${String(sequence).padStart(7, '0')}`;
  return `${provinceCode}-${year}-${String(sequence).padStart(7, '0')}-${dammCheckDigit(body)}`;
}

/** Whether a serial (as read over the phone: spaces and dashes optional) is well formed and its check digit holds. */
export function isValidSerial(input: string): boolean {
  const digits = input.replace(/[\s-]/g, '');
  return /^[0-9]{14}$/.test(digits) && dammCheckDigit(digits) === 0;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const VERIFICATION_CODE_LENGTH = 16;

/** A random verification code (Crockford base32, 16 characters = 80 bits): unguessable, unlike the serial. */
export function newVerificationCode(): string {
  const bytes = randomBytes(VERIFICATION_CODE_LENGTH);
  let out = '';
  for (const b of bytes) out += CROCKFORD[b & 31];
  return out;
}
