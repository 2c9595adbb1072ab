import { randomBytes } from 'node:crypto';
import { DEVELOPMENT_KEYS } from '@hvs/platform';
import { PersonalDataCipher, ResidentKeyRotation } from '@hvs/identity';
import { bearer, createTestApp, createTestAppWithDemoData, type TestApp } from '@hvs/testing';
import { AppModule } from '../src/app.module';

/** Key rotation: new values under the current key, old ones still read, then re-encrypted in place. */
describe('personal-data key rotation', () => {
  const oldKeys = DEVELOPMENT_KEYS.PII_ENCRYPTION_KEYS; // "dev1:…"
  const oldId = DEVELOPMENT_KEYS.PII_ENCRYPTION_KEY_ID;
  const newKey = `k2:${randomBytes(32).toString('base64')}`;
  let before: TestApp;
  let after: TestApp | undefined;
  const ids: string[] = [];

  beforeAll(async () => {
    before = await createTestAppWithDemoData(AppModule);
    const auth = await bearer(before.http, 'xa.baichay');
    for (let i = 0; i < 5; i++) {
      const res = await before.http
        .post('/api/v1/residents')
        .set(auth)
        .send({
          fullName: 'Vũ Thị Bích',
          birthDate: `1965-03-0${i + 1}`,
          sex: 'female',
          phone: `09780000${10 + i}`,
          communeCode: '06673',
          consent: { purposes: ['training_records'], method: 'assisted' },
        })
        .expect(201);
      ids.push(res.body.id);
    }
  });
  afterAll(async () => {
    await after?.close();
    await before.close();
  });

  it('re-encrypts every record under the new key; the records read the same, and a second run does nothing', async () => {
    after = await createTestApp(AppModule, {
      sameSystemAs: before,
      env: { PII_ENCRYPTION_KEYS: `${oldKeys},${newKey}`, PII_ENCRYPTION_KEY_ID: 'k2' },
    });
    const cipher = after.app.get(PersonalDataCipher);
    const keyIds = async () =>
      (await after!.db.query(`SELECT personal_data FROM identity_residents WHERE id = ANY($1)`, [ids])).map((r: { personal_data: Buffer }) =>
        cipher.keyIdOf(r.personal_data),
      );
    expect(new Set(await keyIds())).toEqual(new Set([oldId]));
    const auth = await bearer(after.http, 'xa.baichay');
    const readBefore = await after.http.get(`/api/v1/residents/${ids[0]}`).set(auth).expect(200);

    // two one-time codes, long expired: one sent under the new key (stays), one under the old key (purged)
    await after.http.post('/api/v1/auth/otp/request').send({ phone: '0978000010' }).expect(202);
    const [{ n: sent }] = await after.db.query(`SELECT count(*)::int AS n FROM identity_sms_outbox`);
    expect(sent).toBe(1);
    await before.http.post('/api/v1/auth/otp/request').send({ phone: '0978000011' }).expect(202);
    await after.db.query(`UPDATE identity_sms_outbox SET created_at = now() - interval '1 hour'`);

    const first = await after.app.get(ResidentKeyRotation).run(2);
    // the message written under the new key stays; the one under the old key goes
    expect(first.outboxPurged).toBe(1);
    const [{ n: left }] = await after.db.query(`SELECT count(*)::int AS n FROM identity_sms_outbox`);
    expect(left).toBe(1);
    expect(first.rotated).toBeGreaterThanOrEqual(ids.length);
    expect(new Set(await keyIds())).toEqual(new Set(['k2']));
    const readAfter = await after.http.get(`/api/v1/residents/${ids[0]}`).set(auth).expect(200);
    expect(readAfter.body).toMatchObject({ fullName: readBefore.body.fullName, phone: readBefore.body.phone, birthDate: '1965-03-01' });
    expect((await after.app.get(ResidentKeyRotation).run()).rotated).toBe(0);
    const search = await after.http.get('/api/v1/residents').query({ q: 'vu thi bich' }).set(auth).expect(200);
    expect(search.body.items).toHaveLength(ids.length);
  });
});
