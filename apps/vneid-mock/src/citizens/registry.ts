import { cleanDisplayName } from '@hvs/platform';
import { cccdPrefix, parseCccd, validateCccd, type Sex } from '@hvs/identity';
import { intBetween, pick, seededRandom, type Random } from '../random/prng';
import { FAMILY_NAMES, GIVEN_NAMES, MIDDLE_NAMES, TONE_GROUPS } from './names';

/** A person's name and birth date, as the registry or their papers have them. */
export interface NameAndBirth {
  fullName: string;
  birthDate: string;
}

export type VerifyField = 'fullName' | 'birthDate';
export type VerifyOutcome = 'match' | 'mismatch' | 'not_found';

/** What verifying a person gives: the answer of `POST /v1/citizens/verify`. */
export type VerifyResult = { result: 'match' } | { result: 'mismatch'; field: VerifyField; fields: VerifyField[] } | { result: 'not_found' };

/** A generated person: who they are (their papers) and what the registry holds for their number. */
export interface GeneratedCitizen {
  cccd: string;
  /** The person as their papers say: what a commune would register. */
  person: NameAndBirth & { sex: Sex };
  /** The registry's record; null when the number is not registered. */
  registry: NameAndBirth | null;
}

export interface RegistryShares {
  seed: string;
  /** Share of well-formed numbers that are not registered. */
  notFoundRate: number;
  /** Share registered with a typo in the name or a wrong birth date. */
  mismatchRate: number;
}

const pad = (n: number) => String(n).padStart(2, '0');
const isoDate = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Canonical form for comparing names: NFC, single spaces, no case. Diacritics stay significant. */
export function nameKey(name: string): string {
  return cleanDisplayName(name).toLocaleLowerCase('vi');
}

/** Compares what a client says about a person with the registry's record. */
export function compareWithRegistry(registry: NameAndBirth | null, claimed: NameAndBirth): VerifyResult {
  if (!registry) return { result: 'not_found' };
  const fields: VerifyField[] = [];
  if (nameKey(registry.fullName) !== nameKey(claimed.fullName)) fields.push('fullName');
  if (registry.birthDate !== claimed.birthDate) fields.push('birthDate');
  return fields.length === 0 ? { result: 'match' } : { result: 'mismatch', field: fields[0] as VerifyField, fields };
}

/** The birth year a CCCD number codes, or null when it is not a number of a person born by now. */
function birthYearOf(cccd: string, today: Date): { year: number; sex: Sex } | null {
  if (validateCccd(cccd) !== null) return null;
  const parts = parseCccd(cccd);
  if (!parts) return null;
  const year = parts.century + parts.yearOfCentury;
  return year <= today.getUTCFullYear() ? { year, sex: parts.sex } : null;
}

function birthDateIn(random: Random, year: number, today: Date): string {
  const month = intBetween(random, 1, 12);
  const day = intBetween(random, 1, daysIn(year, month));
  const date = isoDate(year, month, day);
  return date > today.toISOString().slice(0, 10) ? isoDate(year, 1, 1) : date;
}

/** A clerk's typo in a name: a wrong tone mark, a missing or doubled letter, another middle name. */
function misspell(random: Random, person: { fullName: string; sex: Sex }): string {
  const words = person.fullName.split(' ');
  const kind = intBetween(random, 0, 3);
  const last = words.length - 1;
  const given = words[last] as string;
  let typo = person.fullName;
  if (kind === 0) {
    const vowels = [...given].map((ch, i) => ({ ch, i, group: TONE_GROUPS.find((g) => g.includes(ch.toLowerCase())) })).filter((v) => v.group);
    const v = pick(random, vowels);
    const others = [...(v.group as string)].filter((c) => c !== v.ch.toLowerCase());
    const replaced = [...given];
    const swapped = pick(random, others);
    replaced[v.i] = v.ch === v.ch.toLowerCase() ? swapped : swapped.toUpperCase();
    typo = [...words.slice(0, last), replaced.join('')].join(' ');
  } else if (kind === 1 && given.length > 2) {
    const at = intBetween(random, 1, given.length - 1);
    typo = [...words.slice(0, last), given.slice(0, at) + given.slice(at + 1)].join(' ');
  } else if (kind === 2) {
    const at = intBetween(random, 1, given.length - 1);
    typo = [...words.slice(0, last), given.slice(0, at) + given[at] + given.slice(at)].join(' ');
  } else if (words.length > 2) {
    const middle = MIDDLE_NAMES[person.sex].filter((m) => m !== words[1]);
    typo = [words[0], pick(random, middle), ...words.slice(2)].join(' ');
  }
  // the kinds above can leave the name unchanged (a short name, one word): then the last letter doubles
  return nameKey(typo) === nameKey(person.fullName) ? `${person.fullName}${person.fullName.slice(-1)}` : typo;
}

/** A wrong birth date in the registry: day and month swapped, a day or a year off. */
function misdate(random: Random, birthDate: string): string {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const kind = intBetween(random, 0, 2);
  if (kind === 0 && d <= 12 && d !== m) return isoDate(y, d, m);
  if (kind <= 1) {
    const shift = pick(random, [-3, -2, -1, 1, 2, 3]);
    const date = new Date(Date.UTC(y, m - 1, d + shift));
    return date.toISOString().slice(0, 10);
  }
  const year = y + pick(random, [-1, 1]);
  return isoDate(year, m, Math.min(d, daysIn(year, m)));
}

/**
 * The person behind a CCCD number, generated from the seed: the same seed and number always give the
 * same person and the same registry record. Sex and birth year come from the number's digits. A share
 * of numbers is not registered, a share is registered with an error (half in the name, half in the
 * birth date). Null for a number no one can have (malformed, unknown province, born in the future).
 */
export function generatedCitizen(cccd: string, shares: RegistryShares, today = new Date()): GeneratedCitizen | null {
  const born = birthYearOf(cccd, today);
  if (!born) return null;
  // a fixed number of draws in a fixed order, so that changing one share never changes the people
  const random = seededRandom(shares.seed, 'citizen', cccd);
  const fate = random();
  const errorInName = random() < 0.5;
  const fullName = [pick(random, FAMILY_NAMES), pick(random, MIDDLE_NAMES[born.sex]), pick(random, GIVEN_NAMES[born.sex])].join(' ');
  const person = { fullName, birthDate: birthDateIn(random, born.year, today), sex: born.sex };
  if (fate < shares.notFoundRate) return { cccd, person, registry: null };
  if (fate < shares.notFoundRate + shares.mismatchRate) {
    const registry = errorInName
      ? { fullName: misspell(random, person), birthDate: person.birthDate }
      : { fullName: person.fullName, birthDate: misdate(random, person.birthDate) };
    return { cccd, person, registry };
  }
  return { cccd, person, registry: { fullName: person.fullName, birthDate: person.birthDate } };
}

/**
 * The i-th generated number of the seed: an adult's (born between 1940 and 18 years ago) in one of the
 * given pre-2025 provinces. Tests and benchmarks take people from this list to get known outcomes.
 */
export function sampleCccd(seed: string, index: number, provinceCodes: readonly string[], today = new Date()): string {
  const random = seededRandom(seed, 'sample', String(index));
  const province = pick(random, provinceCodes);
  const year = intBetween(random, 1940, today.getUTCFullYear() - 18);
  const sex: Sex = random() < 0.5 ? 'female' : 'male';
  return cccdPrefix(province, year, sex) + String(intBetween(random, 0, 999_999)).padStart(6, '0');
}
