import { Injectable } from '@nestjs/common';
import { cleanDisplayName, normalizeSearchText } from '@hvs/platform';
import { PersonalDataCipher } from '../personal-data/personal-data-cipher';

/** The personal fields of a resident: stored only encrypted, together, bound to the resident's id. */
export interface ResidentPersonalData {
  fullName: string;
  /** ISO date, "1957-03-08". */
  birthDate: string;
  cccd: string | null;
  phone: string | null;
}

/** The keyed hashes stored next to the blob, to find and deduplicate residents without decrypting. */
export interface ResidentIndexes {
  nameTokens: string[];
  cccdIndex: Buffer | null;
  phoneIndex: Buffer | null;
  dedupeIndex: Buffer;
}

const PURPOSE = 'identity.resident';
/** Longest word prefix indexed: Vietnamese syllables are short, longer queries match on this prefix. */
const MAX_TOKEN_PREFIX = 8;

/** "+84 912 345 678", "0912.345.678" -> "0912345678"; null when it is not a Vietnamese mobile number. */
export function normalizePhone(input: string): string | null {
  const digits = input.replace(/[\s.()-]/g, '');
  const local = digits.startsWith('+84') ? `0${digits.slice(3)}` : digits.startsWith('84') && digits.length === 11 ? `0${digits.slice(2)}` : digits;
  return /^0[35789][0-9]{8}$/.test(local) ? local : null;
}

/**
 * Encryption and keyed hashes of residents' personal fields. Name search works on tokens: the keyed
 * hash (first 8 bytes, as a bigint) of every prefix of every word of the normalised name, so
 * "nguyen van a", "Nguyễn Văn A" and "ng v" all find "Nguyễn Văn A" with one GIN lookup, and the
 * database never sees a name. What the tokens reveal is how often equal prefixes occur (docs/security.md).
 */
@Injectable()
export class ResidentPersonalDataCodec {
  constructor(private readonly cipher: PersonalDataCipher) {}

  encrypt(residentId: string, data: ResidentPersonalData): Buffer {
    return this.cipher.encrypt(JSON.stringify(data), `${PURPOSE}/${residentId}`);
  }

  decrypt(residentId: string, blob: Buffer): ResidentPersonalData {
    return JSON.parse(this.cipher.decrypt(blob, `${PURPOSE}/${residentId}`)) as ResidentPersonalData;
  }

  needsRotation(blob: Buffer): boolean {
    return this.cipher.needsRotation(blob);
  }

  indexes(data: ResidentPersonalData, communeCode: string): ResidentIndexes {
    const name = normalizeSearchText(data.fullName);
    return {
      nameTokens: this.nameTokens(name),
      cccdIndex: data.cccd ? this.cccdIndex(data.cccd) : null,
      phoneIndex: data.phone ? this.phoneIndex(data.phone) : null,
      dedupeIndex: this.cipher.index(`${name}|${data.birthDate}|${communeCode}`, `${PURPOSE}.dedupe`),
    };
  }

  cccdIndex(cccd: string): Buffer {
    return this.cipher.index(cccd, `${PURPOSE}.cccd`);
  }

  phoneIndex(phone: string): Buffer {
    return this.cipher.index(phone, `${PURPOSE}.phone`);
  }

  /** Tokens of every word prefix of a name (stored), deduplicated. */
  nameTokens(normalizedName: string): string[] {
    const tokens = new Set<string>();
    for (const word of normalizedName.split(' ').filter(Boolean)) {
      for (let length = 1; length <= Math.min(word.length, MAX_TOKEN_PREFIX); length++) tokens.add(this.token(word.slice(0, length)));
    }
    return [...tokens];
  }

  /** Tokens a search must all find: one per query word (its prefix, cut to the indexed length). */
  queryTokens(query: string): string[] {
    const words = normalizeSearchText(query).split(' ').filter(Boolean);
    return [...new Set(words.map((w) => this.token(w.slice(0, MAX_TOKEN_PREFIX))))];
  }

  private token(prefix: string): string {
    return this.cipher.index(prefix, `${PURPOSE}.name`).readBigInt64BE(0).toString();
  }
}

/** A person's name as stored: NFC, single spaces. */
export const cleanPersonName = cleanDisplayName;
