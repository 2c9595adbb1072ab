import { Module } from '@nestjs/common';
import { GeographyModule } from '@hvs/geography';
import { cccdPrefix, IdentityModule } from '@hvs/identity';
import { AuditModule, ConfigModule, DatabaseModule, OutboxModule, QueueModule } from '@hvs/platform';
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
