import { cellText as tabularCellText, cellValue, excelSerialDay, normalizeSearchText, parseCellDay } from '@hvs/platform';
import type { Sex } from '../../personal-data/cccd';
import type { Poverty } from '../resident.entity';
import { cleanPersonName } from '../resident-personal-data';
import { checkBirthDate, checkPersonalFields, type FieldProblem } from '../resident-rules';
import { EXAMPLE_PERSON, type ColumnMap, type ImportField } from './import-columns';
import { RowProblems } from './import-errors';

/**
 * One row of an import file, checked and normalised. Optional columns absent from the file are
 * `undefined` (an existing resident keeps that field); present but empty they are the field's "none".
 */
export interface ImportRowValues {
  fullName: string;
  /** ISO date. */
  birthDate: string;
  birthYear: number;
  sex: Sex;
  cccd: string | null;
  phone: string | null;
  villageCode: string | null | undefined;
  ethnicMinority: boolean | undefined;
  disability: boolean | undefined;
  poverty: Poverty | undefined;
  noSmartphone: boolean | undefined;
}

export type RowCheck = { ok: true; values: ImportRowValues } | { ok: false; problems: FieldProblem[] };

export interface RowContext {
  communeCode: string;
  /** Active villages of the commune (codes). */
  villages: ReadonlySet<string>;
}

const NAME_FORMAT = /^[\p{L}\p{M}' .-]+$/u;
const VILLAGE_CODE = /^[0-9]{5}-[0-9]{4}$/;
const YES = new Set(['co', 'x', 'yes', 'y', 'true', '1', 'dung', 'dong y', 'da dong y']);
const NO = new Set(['', 'khong', 'k', 'no', 'n', 'false', '0', 'sai']);
const FLAG_FIELDS = ['ethnicMinority', 'disability', 'noSmartphone'] as const;

/**
 * The text of a cell for a field (cells as platform's cellValue reads them). A CCCD or phone typed as a
 * number in Excel loses its leading zero: it is put back; a birth date may be an Excel serial number.
 */
export function cellText(value: unknown, field: ImportField): string {
  const v = cellValue(value);
  if (typeof v === 'number') {
    if (field === 'cccd' && Number.isInteger(v) && v >= 0) return String(v).padStart(12, '0');
    if (field === 'phone' && Number.isInteger(v) && v > 0) {
      const digits = String(v);
      return digits.length === 9 ? `0${digits}` : digits;
    }
    if (field === 'birthDate') return excelSerialDay(v) ?? tabularCellText(v);
  }
  return tabularCellText(v);
}

/** Search normalisation of a short cell (yes/no, Nam/Nữ…): a file repeats a handful of such values, so they are kept. */
const normalizedCells = new Map<string, string>();
function normalizeCell(text: string): string {
  if (text.length > 32) return normalizeSearchText(text);
  let normalized = normalizedCells.get(text);
  if (normalized === undefined) {
    normalized = normalizeSearchText(text);
    if (normalizedCells.size >= 1000) normalizedCells.clear();
    normalizedCells.set(text, normalized);
  }
  return normalized;
}

function parseSex(text: string): Sex | null {
  const t = normalizeCell(text);
  if (t === 'nam' || t === 'male' || t === 'm') return 'male';
  if (t === 'nu' || t === 'female' || t === 'f') return 'female';
  return null;
}

function parseFlag(text: string): boolean | null {
  const t = normalizeCell(text);
  if (YES.has(t)) return true;
  if (NO.has(t)) return false;
  return null;
}

function parsePoverty(text: string): Poverty | null {
  const t = normalizeCell(text).replace(/^ho /, '');
  if (t === '' || t === 'khong') return 'none';
  if (t === 'ngheo') return 'poor';
  if (t === 'can ngheo') return 'near_poor';
  return null;
}

const EXAMPLE_BIRTH_DATE = parseCellDay(EXAMPLE_PERSON.birthDate);

/** The template's example row, left in the file (its CCCD, or its name and birth date). */
function isExampleRow(fullName: string, birthDate: string | undefined, cccd: string | undefined): boolean {
  if (cccd && cccd.replace(/\s+/g, '') === EXAMPLE_PERSON.cccd) return true;
  return birthDate !== undefined && parseCellDay(birthDate) === EXAMPLE_BIRTH_DATE && normalizeSearchText(fullName) === EXAMPLE_PERSON.nameKey;
}

/**
 * Checks one row with the rules of registration (checkPersonalFields: birth date, CCCD against birth
 * year and sex, phone) plus what a file adds: date formats, Nam/Nữ, the village belonging to the
 * commune, yes/no columns, the paper consent. Every problem of the row is reported, not only the first.
 */
export function checkImportRow(cells: readonly unknown[], columns: ColumnMap, ctx: RowContext): RowCheck {
  const text = (field: ImportField): string | undefined => {
    const index = columns[field];
    return index === undefined ? undefined : cellText(cells[index], field);
  };
  const rawName = text('fullName') ?? '';
  const fullName = cleanPersonName(rawName);
  if (isExampleRow(fullName, text('birthDate'), text('cccd'))) return { ok: false, problems: [RowProblems.exampleRow()] };

  const problems: FieldProblem[] = [];
  if (!fullName) problems.push(RowProblems.nameRequired());
  else if (fullName.length < 2 || fullName.length > 120 || !NAME_FORMAT.test(fullName)) problems.push(RowProblems.nameInvalid());

  const birthDate = parseCellDay(text('birthDate') ?? '');
  const sex = parseSex(text('sex') ?? '');
  if (!birthDate) problems.push(RowProblems.birthDateInvalid());
  if (!sex) problems.push(RowProblems.sexInvalid());

  let checked: { cccd: string | null; phone: string | null; birthYear: number } | null = null;
  if (birthDate && sex) {
    const result = checkPersonalFields({ fullName, birthDate, sex, cccd: (text('cccd') ?? '').replace(/\s+/g, ''), phone: text('phone') });
    if (result.problem) {
      problems.push(result.problem.code === 'BIRTH_DATE_INVALID' ? RowProblems.birthDateInvalid() : result.problem);
    } else {
      checked = result;
    }
  } else if (birthDate) {
    const dateProblem = checkBirthDate(birthDate);
    if (dateProblem) problems.push(dateProblem.code === 'BIRTH_DATE_INVALID' ? RowProblems.birthDateInvalid() : dateProblem);
  }

  const villageText = text('villageCode');
  let villageCode: string | null | undefined;
  if (villageText !== undefined) {
    villageCode = villageText === '' ? null : villageText.toUpperCase();
    if (villageCode !== null) {
      if (VILLAGE_CODE.test(villageCode) && !villageCode.startsWith(`${ctx.communeCode}-`)) problems.push(RowProblems.villageNotInCommune());
      else if (!ctx.villages.has(villageCode)) problems.push(RowProblems.villageNotFound());
    }
  }

  const flags: Partial<Record<(typeof FLAG_FIELDS)[number], boolean>> = {};
  for (const field of FLAG_FIELDS) {
    const value = text(field);
    if (value === undefined) continue;
    const flag = parseFlag(value);
    if (flag === null) problems.push(RowProblems.flagInvalid(field));
    else flags[field] = flag;
  }
  const povertyText = text('poverty');
  const poverty = povertyText === undefined ? undefined : parsePoverty(povertyText);
  if (poverty === null) problems.push(RowProblems.povertyInvalid());

  const consent = parseFlag(text('consent') ?? '');
  if (consent !== true) problems.push(RowProblems.consentRequired());

  if (problems.length || !checked || !birthDate || !sex) return { ok: false, problems };
  return {
    ok: true,
    values: {
      fullName,
      birthDate,
      birthYear: checked.birthYear,
      sex,
      cccd: checked.cccd,
      phone: checked.phone,
      villageCode,
      ethnicMinority: flags.ethnicMinority,
      disability: flags.disability,
      poverty: poverty ?? undefined,
      noSmartphone: flags.noSmartphone,
    },
  };
}
