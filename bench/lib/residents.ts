/**
 * Residents written straight into a bench database (scenarios that need thousands of them), encrypted
 * and indexed exactly as a registration does it, with generated Vietnamese names and valid CCCDs.
 */
import type { Client } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { cccdPrefix, validateCccd, type ResidentPersonalData, type ResidentPersonalDataCodec } from '@hvs/identity';
import { pick, randomInt } from './text';

/** Quảng Ninh, where the demo commune lies: most residents were born there ("022" CCCDs). */
const HOME_PROVINCE = '22';
const OTHER_BIRTH_PROVINCES = ['01', '31', '33', '34', '36', '38', '79'];
const SEED_BATCH = 1000;

export interface SeedOptions {
  communeCode: string;
  /** How many active residents the commune must have afterwards. */
  target: number;
  /** Give every new resident an account of role resident (for scenarios that act as residents). */
  withAccounts?: boolean;
  /** Consents beyond `training_records` every new resident gives (e.g. `certificate_recognition`). */
  extraPurposes?: string[];
}

export interface SeededResidents {
  /** Every active resident of the commune (id -> decrypted fields). */
  residents: Map<string, ResidentPersonalData>;
  /** Resident id -> account id, for residents with an account. */
  accounts: Map<string, string>;
  villages: number;
  written: number;
  /** The ids of the residents this call wrote, in the order written. */
  created: string[];
  ms: number;
}

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const MIDDLE_M = ['Văn', 'Hữu', 'Đức', 'Minh', 'Quang', 'Xuân', 'Công', 'Thanh'];
const MIDDLE_F = ['Thị', 'Ngọc', 'Thu', 'Thanh', 'Minh', 'Hồng', 'Kim'];
const GIVEN_M = ['An', 'Bình', 'Cường', 'Dũng', 'Hải', 'Hùng', 'Khánh', 'Long', 'Nam', 'Phúc', 'Quân', 'Sơn', 'Thắng', 'Tuấn', 'Việt', 'Đức'];
const GIVEN_F = ['Anh', 'Hà', 'Hạnh', 'Hoa', 'Hương', 'Lan', 'Linh', 'Mai', 'Nga', 'Nhung', 'Oanh', 'Phương', 'Tâm', 'Thảo', 'Trang', 'Yến'];


export type GeneratedPerson = ResidentPersonalData & { sex: 'male' | 'female'; birthYear: number };

/**
 * A generated person: Vietnamese name, birth date, a valid CCCD and (80%) a phone. `serial` must be
 * distinct among the people of one CCCD prefix (birth province, century and sex, year): the registry
 * allows one person per CCCD.
 */
export function randomPerson(
  rng: () => number,
  serial: number,
  options: { homeProvince?: string; birthYears?: [number, number] } = {},
): GeneratedPerson {
  const sex = rng() < 0.5 ? 'male' : 'female';
  const [fromYear, toYear] = options.birthYears ?? [1940, 2008];
  const birthYear = randomInt(rng, fromYear, toYear);
  const month = randomInt(rng, 1, 12);
  const day = randomInt(rng, 1, 28);
  const fullName = [pick(rng, FAMILY), pick(rng, sex === 'male' ? MIDDLE_M : MIDDLE_F), pick(rng, sex === 'male' ? GIVEN_M : GIVEN_F)].join(' ');
  const birthProvince = rng() < 0.85 ? (options.homeProvince ?? HOME_PROVINCE) : pick(rng, OTHER_BIRTH_PROVINCES);
  const cccd = cccdPrefix(birthProvince, birthYear, sex) + String(serial).padStart(6, '0');
  const phone = rng() < 0.8 ? `0${pick(rng, ['3', '5', '7', '8', '9'])}${String(randomInt(rng, 0, 99_999_999)).padStart(8, '0')}` : null;
  return { fullName, birthDate: `${birthYear}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`, cccd, phone, sex, birthYear };
}

/**
 * Brings the commune to `target` residents, writing the missing ones straight into the bench database
 * in multi-row INSERTs, encrypted and indexed exactly as ResidentsService.register() does
 * (ResidentPersonalDataCodec with the run's PII keys, uuid v7 ids), spread unevenly over the commune's
 * villages, each with the consent the registration requires. The residents already there (the demo
 * data's, or a previous seeding: idempotent) are kept and read back, decrypted, for the verification.
 */
export async function seedResidents(
  client: Client,
  codec: ResidentPersonalDataCodec,
  rng: () => number,
  options: SeedOptions,
): Promise<SeededResidents> {
  const { communeCode: COMMUNE_CODE, target: RESIDENTS, withAccounts } = options;
  const accounts = new Map<string, string>();
  const started = Date.now();
  const residents = new Map<string, ResidentPersonalData>();
  const existing = await client.query<{ id: string; personal_data: Buffer; account_id: string | null }>(
    `SELECT id, personal_data, account_id FROM identity_residents WHERE commune_code = $1 AND status = 'active'`,
    [COMMUNE_CODE],
  );
  const villages = await client.query<{ code: string; path: string }>(
    `SELECT code, path::text AS path FROM geo_villages WHERE commune_code = $1 AND archived_at IS NULL ORDER BY code`,
    [COMMUNE_CODE],
  );
  if (villages.rows.length === 0) throw new Error(`bench: commune ${COMMUNE_CODE} has no villages (demo data missing?)`);
  for (const r of existing.rows) {
    residents.set(r.id, codec.decrypt(r.id, r.personal_data));
    if (r.account_id) accounts.set(r.id, r.account_id);
  }
  const missing = RESIDENTS - existing.rows.length;
  if (missing <= 0) return { residents, accounts, villages: villages.rows.length, written: 0, created: [], ms: Date.now() - started };
  const officer = await client.query<{ id: string }>(`SELECT id FROM identity_accounts WHERE username = 'xa.baichay'`);
  const registeredBy = officer.rows[0]?.id ?? null;
  // uneven villages, as in life: weights 1..3
  const weights = villages.rows.map(() => 1 + 2 * rng());
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const villageOf = () => {
    let x = rng() * totalWeight;
    for (let i = 0; i < weights.length; i++) if ((x -= weights[i]) <= 0) return villages.rows[i];
    return villages.rows[villages.rows.length - 1];
  };

  const COLUMNS =
    'id, commune_code, village_code, path, personal_data, name_tokens, cccd_index, phone_index, dedupe_index, birth_year, sex, ' +
    'ethnic_minority, disability, poverty, no_smartphone, registered_by, registration_method, account_id';
  const CASTS = ['uuid', 'varchar', 'varchar', 'ltree', 'bytea', 'bigint[]', 'bytea', 'bytea', 'bytea', 'smallint', 'text', 'boolean', 'boolean', 'text', 'boolean', 'uuid', 'text', 'uuid'];
  let written = 0;
  const created: string[] = [];
  await client.query('BEGIN');
  try {
    for (let start = 0; start < missing; start += SEED_BATCH) {
      const values: unknown[] = [];
      const tuples: string[] = [];
      const ids: string[] = [];
      const accountIds: string[] = [];
      for (let i = start; i < Math.min(missing, start + SEED_BATCH); i++) {
        // serials from 500000 up: clear of the demo data's CCCDs
        const person = randomPerson(rng, 500_000 + existing.rows.length + i);
        if (person.cccd && validateCccd(person.cccd, { birthYear: person.birthYear, sex: person.sex }) !== null) {
          throw new Error(`bench: generated an invalid CCCD ${person.cccd}`);
        }
        const data: ResidentPersonalData = { fullName: person.fullName, birthDate: person.birthDate, cccd: person.cccd, phone: person.phone };
        const id = uuidv7();
        const village = villageOf();
        const indexes = codec.indexes(data, COMMUNE_CODE);
        const poverty = rng() < 0.05 ? 'poor' : rng() < 0.1 ? 'near_poor' : 'none';
        const row = [
          id,
          COMMUNE_CODE,
          village.code,
          village.path,
          codec.encrypt(id, data),
          indexes.nameTokens,
          indexes.cccdIndex,
          indexes.phoneIndex,
          indexes.dedupeIndex,
          person.birthYear,
          person.sex,
          rng() < 0.1,
          rng() < 0.05,
          poverty,
          rng() < 0.2,
          registeredBy,
          'assisted',
          withAccounts ? uuidv7() : null,
        ];
        tuples.push(`(${row.map((_, k) => `$${values.length + k + 1}::${CASTS[k]}`).join(', ')})`);
        values.push(...row);
        ids.push(id);
        residents.set(id, data);
        if (withAccounts) {
          accounts.set(id, row[row.length - 1] as string);
          accountIds.push(row[row.length - 1] as string);
        }
      }
      if (accountIds.length) {
        // resident accounts as the api creates them at a first one-time-code request (no password yet)
        await client.query(
          `INSERT INTO identity_accounts (id, role, display_name) SELECT unnest($1::uuid[]), 'resident', 'Người học thử'`,
          [accountIds],
        );
      }
      await client.query(`INSERT INTO identity_residents (${COLUMNS}) VALUES ${tuples.join(', ')}`, values);
      await client.query(
        `INSERT INTO identity_consents (resident_id, purpose, method, recorded_by)
         SELECT r, p, 'assisted', $2::uuid FROM unnest($1::uuid[]) AS r CROSS JOIN unnest($3::text[]) AS p`,
        [ids, registeredBy, ['training_records', ...(options.extraPurposes ?? [])]],
      );
      written += ids.length;
      created.push(...ids);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
  // fresh statistics and visibility information, so neither server pays for them during its runs
  await client.query('VACUUM ANALYZE identity_residents');
  await client.query('VACUUM ANALYZE identity_consents');
  if (withAccounts) await client.query('VACUUM ANALYZE identity_accounts');
  return { residents, accounts, villages: villages.rows.length, written, created, ms: Date.now() - started };
}

