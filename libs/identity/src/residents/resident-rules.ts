import { AppError } from '@hvs/platform';
import { CCCD_PROBLEMS, validateCccd, type Sex } from '../personal-data/cccd';
import { normalizePhone } from './resident-personal-data';

/** Age from which a resident counts as elderly (người cao tuổi: Law on the Elderly, from 60). */
export const ELDERLY_AGE = 60;
export const OLDEST_BIRTH_YEAR = 1900;

/** A problem with one field of a resident: a stable code, the field, a Vietnamese message. */
export interface FieldProblem {
  code: string;
  field: string;
  message: string;
}

export const fieldProblemError = (p: FieldProblem) => AppError.badRequest(p.code, p.message, { field: p.field });

/** Age in whole years on `today` of someone born on `birthDate` (YYYY-MM-DD). */
export function ageOn(birthDate: string, today = new Date()): number {
  // read as digits (called for every row of every list)
  const digit = (i: number) => birthDate.charCodeAt(i) - 48;
  const y = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3);
  const m = digit(5) * 10 + digit(6);
  const d = digit(8) * 10 + digit(9);
  const t = { y: today.getUTCFullYear(), m: today.getUTCMonth() + 1, d: today.getUTCDate() };
  return t.y - y - (t.m < m || (t.m === m && t.d < d) ? 1 : 0);
}

/** Checks a birth date: a real calendar date, not in the future, not before 1900. */
export function checkBirthDate(birthDate: string, today = new Date()): FieldProblem | null {
  const match = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(birthDate);
  const date = match ? new Date(`${birthDate}T00:00:00Z`) : null;
  if (!match || !date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== birthDate) {
    return { code: 'BIRTH_DATE_INVALID', field: 'birthDate', message: 'Ngày sinh không hợp lệ (định dạng YYYY-MM-DD).' };
  }
  if (Number(match[1]) < OLDEST_BIRTH_YEAR || date.getTime() > today.getTime()) {
    return { code: 'BIRTH_DATE_OUT_OF_RANGE', field: 'birthDate', message: 'Ngày sinh phải từ năm 1900 đến hôm nay.' };
  }
  return null;
}

/** The checked, normalised personal fields of a resident, or the first problem. */
export function checkPersonalFields(input: {
  fullName: string;
  birthDate: string;
  sex: Sex;
  cccd?: string | null;
  phone?: string | null;
}): { problem: FieldProblem } | { problem: null; cccd: string | null; phone: string | null; birthYear: number } {
  const dateProblem = checkBirthDate(input.birthDate);
  if (dateProblem) return { problem: dateProblem };
  const birthYear = Number(input.birthDate.slice(0, 4));
  let cccd: string | null = null;
  if (input.cccd !== undefined && input.cccd !== null && input.cccd !== '') {
    const problem = validateCccd(input.cccd, { birthYear, sex: input.sex });
    if (problem) return { problem: { code: problem, field: 'cccd', message: CCCD_PROBLEMS[problem] } };
    cccd = input.cccd;
  }
  let phone: string | null = null;
  if (input.phone !== undefined && input.phone !== null && input.phone !== '') {
    phone = normalizePhone(input.phone);
    if (!phone) {
      return { problem: { code: 'PHONE_INVALID', field: 'phone', message: 'Số điện thoại không hợp lệ (số di động Việt Nam, ví dụ 0912345678).' } };
    }
  }
  return { problem: null, cccd, phone, birthYear };
}
