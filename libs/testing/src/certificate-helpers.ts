import { randomUUID } from 'node:crypto';
import { Module } from '@nestjs/common';
import { credentialCourse, CredentialSigner, formatSerial, newVerificationCode, SigningKeyRing } from '@hvs/certificates';
import { GeographyModule } from '@hvs/geography';
import { cccdPrefix, IdentityModule } from '@hvs/identity';
import { AuditModule, ConfigModule, DatabaseModule, Env, OutboxModule, QueueModule, vietnamYear } from '@hvs/platform';
import { bearer } from './auth-helpers';
import type { TestApp } from './test-app';

/** What a test needs to register residents through the API (the registry of identity), nothing else. */
@Module({ imports: [ConfigModule, DatabaseModule, AuditModule, OutboxModule, QueueModule, GeographyModule, IdentityModule] })
export class RegistryTestModule {}

export interface TestPerson {
  id: string;
  cccd: string | null;
  fullName: string;
  birthDate: string;
}

let serial = 0;

/** Registers a resident of the demo commune (as its officer) with or without a CCCD and certificate consent. */
export async function registerPerson(
  t: TestApp,
  options: { cccd?: boolean; consent?: boolean; fullName?: string } = {},
): Promise<TestPerson> {
  const n = ++serial;
  const year = 1950 + (n % 40);
  const birthDate = `${year}-0${1 + (n % 9)}-1${n % 10}`;
  const cccd = options.cccd === false ? null : `${cccdPrefix('22', year, 'male')}${String((process.pid % 1000) * 1000 + n).padStart(6, '0')}`;
  const fullName = options.fullName ?? `Nguyễn Văn Chứng ${String.fromCharCode(65 + (n % 26))}`;
  const res = await t.http
    .post('/api/v1/residents')
    .set(await bearer(t.http, 'xa.baichay'))
    .send({
      fullName,
      birthDate,
      sex: 'male',
      ...(cccd ? { cccd } : {}),
      noSmartphone: true,
      communeCode: '06673',
      consent: { purposes: options.consent === false ? ['training_records'] : ['training_records', 'certificate_recognition'], method: 'assisted' },
    });
  if (res.status !== 201) throw new Error(`register: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id as string, cccd, fullName, birthDate };
}

/** The published core course version of the reference data. */
export async function coreCourseVersion(t: TestApp): Promise<{ courseId: string; versionId: string }> {
  const [row] = await t.db.query(
    `SELECT v.course_id AS "courseId", v.id AS "versionId" FROM learning_course_versions v JOIN learning_courses c ON c.id = v.course_id
      WHERE c.code = 'KNS-CB' AND v.status = 'published'`,
  );
  return row;
}

/** Writes the `learning.course_completed` event the completion rule writes when a resident completes. */
export async function completeCourse(t: TestApp, residentId: string, course: { courseId: string; versionId: string }): Promise<void> {
  await t.db.query(
    `INSERT INTO outbox_events (topic, dedupe_key, payload) VALUES ('learning.course_completed', $1, $2::jsonb) ON CONFLICT DO NOTHING`,
    [
      `learning.course_completed:${residentId}:${course.versionId}`,
      JSON.stringify({ residentId, courseId: course.courseId, courseVersionId: course.versionId, via: 'self_paced', classId: null, completedAt: new Date().toISOString() }),
    ],
  );
}

export interface RecognisedCertificate {
  id: string;
  serial: string;
  verificationCode: string;
  jwt: string;
  kid: string;
}

/**
 * Creates a certificate for a resident (of the core course), as the pipeline would: `recognised` with
 * a partner reference and the credential signed by the app's real CredentialSigner, or in another
 * state (`pending`, `rejected`, `failed`: no credential; `revoked`: signed, then revoked), straight in
 * the database. For the tests of what comes after recognition (verification, documents, revocation).
 */
export async function issueTestCertificate(
  t: TestApp,
  residentId: string,
  fullName: string,
  state: 'recognised' | 'revoked' | 'pending' | 'rejected' | 'failed' = 'recognised',
): Promise<RecognisedCertificate> {
  const [place] = await t.db.query(`SELECT commune_code, village_code, path::text AS path FROM identity_residents WHERE id = $1`, [residentId]);
  if (!place) throw new Error(`resident ${residentId} not found`);
  const [version] = await t.db.query(
    `SELECT v.id, v.course_id, v.number, v.title, c.code FROM learning_course_versions v JOIN learning_courses c ON c.id = v.course_id
      WHERE c.code = 'KNS-CB' AND v.status = 'published'`,
  );
  const [unit] = await t.db.query(`SELECT full_name FROM geo_communes WHERE code = $1`, [place.commune_code]);
  const provinceCode = String(place.path).split('.')[0];
  const year = vietnamYear();
  const [counter] = await t.db.query(
    `INSERT INTO certificates_serial_counters AS c (province_code, year, last_value) VALUES ($1, $2, 1)
     ON CONFLICT (province_code, year) DO UPDATE SET last_value = c.last_value + 1 RETURNING last_value`,
    [provinceCode, year],
  );
  const id = randomUUID();
  const serial = formatSerial(provinceCode, year, counter.last_value);
  const verificationCode = newVerificationCode();
  const competencies: Array<{ code: string; name: string }> = await t.db.query(`SELECT code, name FROM learning_competencies ORDER BY position, code LIMIT 3`);
  const env = t.app.get(Env);
  const signer = new CredentialSigner(SigningKeyRing.fromEnv(env), env.PUBLIC_URL);
  const issuedAt = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
  const signed = state === 'recognised' || state === 'revoked';
  const { jwt, kid } = signed
    ? await signer.sign({
        certificateId: id,
        serial,
        issuedAt,
        holder: { residentId, fullName, birthYear: 1970 },
        course: credentialCourse({ courseId: version.course_id, courseCode: version.code, versionNumber: version.number, via: 'self_paced', title: version.title, competencies }),
        issuingUnit: { code: place.commune_code, name: unit.full_name },
      })
    : { jwt: '', kid: '' };
  await t.db.query(
    `INSERT INTO certificates_certificates (id, resident_id, course_id, course_version_id, course_code, course_version_number, via, completed_at,
       serial, verification_code, commune_code, village_code, path, state, partner_reference, credential_jwt, credential_key_id,
       recognised_at, issued_at, rejection_code, rejection_reason, revoked_at, revocation_reason)
     VALUES ($1, $2, $3, $4, $5, $6, 'self_paced', $7, $8, $9, $10, $11, $12::ltree, $13, $14, $15, $16, $17, $17,
       $18, $19, $20, $21)`,
    [
      id, residentId, version.course_id, version.id, version.code, version.number, issuedAt, serial, verificationCode,
      place.commune_code, place.village_code, place.path, state,
      signed ? `VNEID-TEST-${id.slice(0, 8)}` : null, signed ? jwt : null, signed ? kid : null, signed ? issuedAt : null,
      state === 'rejected' ? 'CITIZEN_MISMATCH' : null, state === 'rejected' ? 'Họ tên không khớp với dữ liệu dân cư.' : null,
      state === 'revoked' ? new Date() : null, state === 'revoked' ? 'Cấp nhầm (kiểm thử).' : null,
    ],
  );
  return { id, serial, verificationCode, jwt, kid };
}
