import { BAY, credentialBody, fakeCredential, startMock, type MockServer } from '@hvs/testing';

const record = (m: MockServer, key: string | null, body: unknown) =>
  m.partner('POST', '/v1/credentials', { body, headers: key === null ? {} : { 'idempotency-key': key } });

describe('vneid-mock: recording credentials, idempotent by key', () => {
  let m: MockServer;
  beforeAll(async () => {
    m = await startMock();
  });
  beforeEach(() => m.admin('POST', '/admin/reset'));
  afterAll(() => m.close());

  it('records a credential (201), and answers the same key and body with the same answer, marked as replayed', async () => {
    const first = await record(m, 'cert-1', credentialBody('22-2026-000001-K'));
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ reference: expect.stringMatching(/^VNC-[0-9A-F]{20}$/), status: 'recorded', recordedAt: expect.any(String) });
    expect(first.headers.get('location')).toBe(`/v1/credentials/${first.body.reference}`);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    // the same body with its keys in another order is the same body
    const { holder, ...rest } = credentialBody('22-2026-000001-K');
    const reordered = { holder: { birthDate: holder.birthDate, fullName: holder.fullName, cccd: holder.cccd }, ...rest };
    for (const body of [credentialBody('22-2026-000001-K'), reordered]) {
      const again = await record(m, 'cert-1', body);
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
    }
    const inspection = (await m.admin('GET', '/admin/inspection')).body;
    expect(inspection.totals).toMatchObject({ credentials: 1, idempotencyKeys: 1, replays: 2, keysUsedMoreThanOnce: 1 });
    expect(inspection.credentials).toEqual([
      expect.objectContaining({ reference: first.body.reference, serial: '22-2026-000001-K', idempotencyKey: 'cert-1', keyRequests: 3, keyReplays: 2, serialKeys: 1 }),
    ]);
  });

  it('refuses the same key with another body (422 IDEMPOTENCY_KEY_REUSED) and records nothing more', async () => {
    const first = await record(m, 'cert-2', credentialBody('22-2026-000002-K'));
    for (const other of [credentialBody('22-2026-000003-K'), credentialBody('22-2026-000002-K', { courseVersion: 2 })]) {
      const res = await record(m, 'cert-2', other);
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    }
    expect((await record(m, 'cert-2', credentialBody('22-2026-000002-K'))).body).toEqual(first.body);
    const inspection = (await m.admin('GET', '/admin/inspection')).body;
    expect(inspection.totals.credentials).toBe(1);
    expect(inspection.idempotencyKeys).toEqual([expect.objectContaining({ key: 'cert-2', requests: 4, recorded: 1, replays: 1, reuseRefusals: 2 })]);
  });

  it('refuses another key for a serial already recorded (409 SERIAL_ALREADY_RECORDED with the existing reference)', async () => {
    const first = await record(m, 'cert-3', credentialBody('22-2026-000004-K'));
    const res = await record(m, 'cert-3-again', credentialBody('22-2026-000004-K'));
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'SERIAL_ALREADY_RECORDED', details: { reference: first.body.reference, recordedAt: first.body.recordedAt } });
    const inspection = (await m.admin('GET', '/admin/inspection')).body;
    expect(inspection.totals).toMatchObject({ credentials: 1, serialsWithSeveralKeys: 1 });
    expect(inspection.duplicates).toEqual([{ serial: '22-2026-000004-K', keys: ['cert-3', 'cert-3-again'], refusals: 1 }]);
    expect(inspection.credentials[0]).toMatchObject({ serialKeys: 2, serialRefusals: 1 });
  });

  it('refuses holders the registry does not know or knows otherwise (422), leaving the key free for a corrected body', async () => {
    const unknown = await record(m, 'cert-4', credentialBody('22-2026-000005-K', { holder: { ...BAY, cccd: '099062912001' } }));
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.code).toBe('CITIZEN_NOT_FOUND');
    const typo = await record(m, 'cert-4', credentialBody('22-2026-000005-K', { holder: { ...BAY, fullName: 'Trần Văn Bẩy' } }));
    expect(typo.status).toBe(422);
    expect(typo.body.error).toMatchObject({ code: 'HOLDER_MISMATCH', details: { field: 'fullName', fields: ['fullName'] } });
    // the officer corrected the resident: the same key, the corrected body, recorded
    const corrected = await record(m, 'cert-4', credentialBody('22-2026-000005-K'));
    expect(corrected.status).toBe(201);
    expect(corrected.headers.get('idempotent-replayed')).toBeNull();
  });

  it('lets concurrent requests with one key record once: the others wait (409 IN_PROGRESS, Retry-After) or replay', async () => {
    await m.admin('PUT', '/admin/faults', { processingMs: 300 });
    const body = credentialBody('22-2026-000006-K');
    const answers = await Promise.all(Array.from({ length: 8 }, () => record(m, 'cert-5', body)));
    const created = answers.filter((a) => a.status === 201);
    const waiting = answers.filter((a) => a.status === 409);
    expect(created).toHaveLength(1);
    expect(waiting).toHaveLength(7);
    for (const w of waiting) {
      expect(w.body.error.code).toBe('IDEMPOTENCY_KEY_IN_PROGRESS');
      expect(w.headers.get('retry-after')).toBe('1');
    }
    const later = await record(m, 'cert-5', body);
    expect([later.status, later.body, later.headers.get('idempotent-replayed')]).toEqual([201, created[0]!.body, 'true']);

    // another key for the same serial while the first is being recorded
    const [a, b] = await Promise.all([record(m, 'cert-6a', credentialBody('22-2026-000007-K')), record(m, 'cert-6b', credentialBody('22-2026-000007-K'))]);
    expect([a.status, b.status]).toEqual([201, 409]);
    expect(b.body.error.code).toBe('SERIAL_IN_PROGRESS');

    // without processing time too: many concurrent duplicates, one record
    await m.admin('PUT', '/admin/faults', { processingMs: 0 });
    const burst = await Promise.all(Array.from({ length: 20 }, () => record(m, 'cert-7', credentialBody('22-2026-000008-K'))));
    expect(burst.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    expect(new Set(burst.filter((r) => r.status === 201).map((r) => r.body.reference)).size).toBe(1);
    const inspection = (await m.admin('GET', '/admin/inspection')).body;
    expect(inspection.credentials.map((c: { serial: string }) => c.serial)).toEqual(['22-2026-000006-K', '22-2026-000007-K', '22-2026-000008-K']);
    expect(inspection.idempotencyKeys.find((k: { key: string }) => k.key === 'cert-5')).toMatchObject({ requests: 9, recorded: 1, inProgressRefusals: 7, replays: 1 });
  });

  it('requires a well-formed Idempotency-Key and a valid body', async () => {
    const body = credentialBody('22-2026-000009-K');
    expect((await record(m, null, body)).body.error.code).toBe('IDEMPOTENCY_KEY_MISSING');
    expect((await record(m, '', body)).body.error.code).toBe('IDEMPOTENCY_KEY_MISSING');
    expect((await record(m, 'with space', body)).body.error.code).toBe('IDEMPOTENCY_KEY_INVALID');
    expect((await record(m, 'k'.repeat(256), body)).body.error.code).toBe('IDEMPOTENCY_KEY_INVALID');
    const invalid: Array<[Record<string, unknown>, string]> = [
      [{ serial: 'lower-case' }, 'serial'],
      [{ courseCode: '' }, 'courseCode'],
      [{ courseVersion: '1' }, 'courseVersion'],
      [{ courseVersion: 0 }, 'courseVersion'],
      [{ issuedAt: '2026-13-01' }, 'issuedAt'],
      [{ issuedAt: '2026-03-01T08:00:00' }, 'issuedAt'],
      [{ issuingUnitCode: '0667' }, 'issuingUnitCode'],
      [{ holder: undefined }, 'holder'],
      [{ holder: { ...BAY, birthDate: '1962-02-30' } }, 'holder.birthDate'],
      [{ holder: { ...BAY, extra: 1 } }, 'holder.extra'],
      [{ credential: 'not a jws' }, 'credential'],
      [{ status: 'recognised' }, 'status'],
    ];
    for (const [change, field] of invalid) {
      const res = await record(m, `bad-${field}`, { ...body, ...change });
      expect({ field, status: res.status, code: res.body.error.code }).toEqual({ field, status: 400, code: 'VALIDATION_FAILED' });
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    expect((await record(m, 'ok-moment', { ...body, issuedAt: '2026-03-01T08:00:00+07:00' })).status).toBe(201);
    const notJson = `${Buffer.from('{"alg"').toString('base64url')}.${Buffer.from('{}').toString('base64url')}.x`;
    const noAlg = fakeCredential().replace(/^[^.]+/, Buffer.from('{"kid":"a"}').toString('base64url'));
    for (const credential of [notJson, noAlg]) {
      const res = await record(m, 'bad-jws', credentialBody('22-2026-000010-K', { credential }));
      expect([res.status, res.body.error.code]).toEqual([422, 'CREDENTIAL_MALFORMED']);
    }
    expect((await m.admin('GET', '/admin/inspection')).body.totals.credentials).toBe(1);
  });

  it('reads, lists and revokes credentials; revoking twice answers the first revocation', async () => {
    const refs: string[] = [];
    for (let i = 1; i <= 5; i++) refs.push((await record(m, `list-${i}`, credentialBody(`22-2026-10000${i}-K`))).body.reference);
    const one = await m.partner('GET', `/v1/credentials/${refs[0]}`);
    expect(one.body).toEqual({
      reference: refs[0],
      serial: '22-2026-100001-K',
      status: 'recorded',
      courseCode: 'KNS-CB',
      courseVersion: 1,
      issuedAt: '2026-03-01',
      issuingUnitCode: '06673',
      holder: { cccd: '********2001', fullName: BAY.fullName },
      recordedAt: expect.any(String),
      revokedAt: null,
      revocationReason: null,
      credential: credentialBody('22-2026-100001-K').credential,
    });
    const page1 = await m.partner('GET', '/v1/credentials?limit=2');
    expect(page1.body.items.map((c: { reference: string }) => c.reference)).toEqual(refs.slice(0, 2));
    expect(page1.body.items[0].credential).toBeUndefined();
    const page2 = await m.partner('GET', `/v1/credentials?limit=2&after=${page1.body.nextCursor}`);
    const page3 = await m.partner('GET', `/v1/credentials?limit=2&after=${page2.body.nextCursor}`);
    expect([...page2.body.items, ...page3.body.items].map((c: { reference: string }) => c.reference)).toEqual(refs.slice(2));
    expect(page3.body.nextCursor).toBeNull();
    expect((await m.partner('GET', '/v1/credentials?serial=22-2026-100003-K')).body).toEqual({ items: [expect.objectContaining({ reference: refs[2] })], nextCursor: null });
    expect((await m.partner('GET', '/v1/credentials?serial=NOPE')).body.items).toEqual([]);
    for (const bad of ['limit=0', 'limit=1001', 'after=x', 'serial=a b', 'other=1']) {
      expect((await m.partner('GET', `/v1/credentials?${bad}`)).status).toBe(400);
    }

    const revoked = await m.partner('POST', `/v1/credentials/${refs[1]}/revoke`, { body: { reason: 'Cấp nhầm người' } });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toEqual({ reference: refs[1], status: 'revoked', revokedAt: expect.any(String), revocationReason: 'Cấp nhầm người' });
    const again = await m.partner('POST', `/v1/credentials/${refs[1]}/revoke`, { body: { reason: 'Lý do khác' } });
    expect([again.status, again.body]).toEqual([200, revoked.body]);
    expect((await m.partner('GET', `/v1/credentials/${refs[1]}`)).body).toMatchObject({ status: 'revoked', revocationReason: 'Cấp nhầm người' });
    expect((await m.admin('GET', '/admin/inspection')).body.totals.revoked).toBe(1);
    // the record's replay is still the recording's answer
    expect((await record(m, 'list-2', credentialBody('22-2026-100002-K'))).body.status).toBe('recorded');

    for (const path of ['/v1/credentials/VNC-00000000000000000000', '/v1/credentials/whatever']) {
      expect((await m.partner('GET', path)).body.error.code).toBe('CREDENTIAL_NOT_FOUND');
      expect((await m.partner('POST', `${path}/revoke`, { body: { reason: 'x' } })).body.error.code).toBe('CREDENTIAL_NOT_FOUND');
    }
    for (const body of [{}, { reason: '' }, { reason: 'x'.repeat(501) }]) {
      expect((await m.partner('POST', `/v1/credentials/${refs[0]}/revoke`, { body })).status).toBe(400);
    }
  });
});
