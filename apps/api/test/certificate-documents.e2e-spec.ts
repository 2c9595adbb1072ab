import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bearer, classApiFixtures, createTestAppWithDemoData, issueTestCertificate, registerTestResident, type TestApp, type TestResident } from '@hvs/testing';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import type { Response } from 'supertest';
import { AppModule } from '../src/app.module';

type Auth = { authorization: string };
const RESIDENT_NAME = 'Người Học Kiểm Thử';

/** Collects a response body as bytes, whatever its type. */
function binary(res: Response, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

function pdftotext(): string | null {
  try {
    return execFileSync('which', ['pdftotext']).toString().trim() || null;
  } catch {
    return null;
  }
}

describe('certificates: the PDF and the signed credential, for the resident and for officers in scope', () => {
  let t: TestApp;
  let officer: Auth;
  let admin: Auth;
  let outsideOfficer: Auth;
  let holder: TestResident;
  let other: TestResident;

  beforeAll(async () => {
    t = await createTestAppWithDemoData(AppModule);
    admin = await bearer(t.http, 'admin');
    officer = await bearer(t.http, 'xa.baichay');
    outsideOfficer = (await classApiFixtures.staffAccount(t, admin, { username: 'xa.mongcai.cert', role: 'commune_officer', communeCode: '06709' })).auth;
    holder = await registerTestResident(t, officer);
    other = await registerTestResident(t, officer);
  });
  afterAll(() => t.close());

  const pdfOf = (path: string, auth: Auth) => t.http.get(path).set(auth).buffer(true).parse(binary);

  it('gives the resident their own certificate as an A4 PDF with the embedded DejaVu Sans font and a QR code', async () => {
    const cert = await issueTestCertificate(t, holder.id, RESIDENT_NAME);
    const res = await pdfOf(`/api/v1/me/certificates/${cert.id}/pdf`, holder.auth as Auth).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="chung-nhan-${cert.serial}.pdf"`);
    expect(res.headers['cache-control']).toMatch(/no-store/);
    const pdf = res.body as Buffer;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const bytes = pdf.toString('latin1');
    expect(bytes).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans\b/);
    expect(bytes).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans-Bold\b/);
    expect(bytes).toMatch(/\/FontFile2/); // embedded, not referenced
    expect(bytes).toMatch(/\/ToUnicode/); // text can be extracted and searched
    expect(bytes).toMatch(/\/Subtype \/Image/); // the QR code
    expect(bytes).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/); // A4

    const tool = pdftotext();
    if (tool) {
      const dir = mkdtempSync(join(tmpdir(), 'hvs-cert-'));
      writeFileSync(join(dir, 'c.pdf'), pdf);
      const text = execFileSync(tool, ['-enc', 'UTF-8', join(dir, 'c.pdf'), '-']).toString('utf8');
      expect(text).toContain(RESIDENT_NAME);
      expect(text).toContain('GIẤY CHỨNG NHẬN');
      expect(text).toContain(cert.serial);
      expect(text).toMatch(/Năm sinh: \d{4}/);
      expect(text).toContain('Phường Bãi Cháy');
    }
  });

  it('gives the signed credential as application/vc+jwt when asked, else JSON; it verifies with plain jose against the JWKS', async () => {
    holder = await registerTestResident(t, officer);
    const cert = await issueTestCertificate(t, holder.id, RESIDENT_NAME);
    const json = await t.http.get(`/api/v1/me/certificates/${cert.id}/credential`).set(holder.auth as Auth).expect(200);
    expect(json.body).toEqual({ credential: cert.jwt, keyId: cert.kid, serial: cert.serial, verificationUrl: expect.stringMatching(new RegExp(`/api/v1/verify/${cert.serial}$`)) });
    const raw = await t.http
      .get(`/api/v1/me/certificates/${cert.id}/credential`)
      .set(holder.auth as Auth)
      .set('accept', 'application/vc+jwt')
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(raw.headers['content-type']).toMatch(/^application\/vc\+jwt/);
    const jwt = (raw.body as Buffer).toString('utf8');
    expect(jwt).toBe(cert.jwt);
    const jwks = (await t.http.get('/.well-known/jwks.json').expect(200)).body as JSONWebKeySet;
    await expect(jwtVerify(jwt, createLocalJWKSet(jwks), { typ: 'vc+jwt', algorithms: ['EdDSA'] })).resolves.toBeTruthy();
  });

  it('hides another resident\'s certificate from a resident (404), and staff routes from residents (403)', async () => {
    const cert = await issueTestCertificate(t, other.id, RESIDENT_NAME);
    for (const doc of ['pdf', 'credential']) {
      const res = await t.http.get(`/api/v1/me/certificates/${cert.id}/${doc}`).set(holder.auth as Auth).expect(404);
      expect(res.body.error.code).toBe('CERTIFICATE_NOT_FOUND');
      await t.http.get(`/api/v1/certificates/${cert.id}/${doc}`).set(holder.auth as Auth).expect(403);
      await t.http.get(`/api/v1/certificates/${cert.id}/${doc}`).expect(401);
      await t.http.get(`/api/v1/me/certificates/${cert.id}/${doc}`).set(officer).expect(403);
    }
  });

  it('gives officers the documents of residents in their scope, audited; 404 outside it', async () => {
    other = await registerTestResident(t, officer);
    const cert = await issueTestCertificate(t, other.id, RESIDENT_NAME);
    const res = await pdfOf(`/api/v1/certificates/${cert.id}/pdf`, officer).expect(200);
    expect((res.body as Buffer).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await t.http.get(`/api/v1/certificates/${cert.id}/credential`).set(admin).expect(200);
    for (const doc of ['pdf', 'credential']) {
      const out = await t.http.get(`/api/v1/certificates/${cert.id}/${doc}`).set(outsideOfficer).expect(404);
      expect(out.body.error.code).toBe('CERTIFICATE_NOT_FOUND');
    }
    const audit = await t.db.query(
      `SELECT actor_role, details->>'document' AS document, unit_path::text AS unit FROM audit_events
        WHERE action = 'certificate.document_read' AND target_id = $1 ORDER BY id`,
      [cert.id],
    );
    expect(audit).toEqual([
      { actor_role: 'commune_officer', document: 'pdf', unit: expect.stringMatching(/^22\.06673/) },
      { actor_role: 'administrator', document: 'credential', unit: expect.stringMatching(/^22\.06673/) },
    ]);
  });

  it('has documents only for recognised certificates (409 CERTIFICATE_NOT_ISSUED), and refuses malformed ids (400)', async () => {
    for (const state of ['pending', 'rejected', 'failed', 'revoked'] as const) {
      holder = await registerTestResident(t, officer);
      const cert = await issueTestCertificate(t, holder.id, RESIDENT_NAME, state);
      for (const path of [`/api/v1/me/certificates/${cert.id}/pdf`, `/api/v1/me/certificates/${cert.id}/credential`]) {
        const res = await t.http.get(path).set(holder.auth as Auth).expect(409);
        expect(res.body.error).toMatchObject({ code: 'CERTIFICATE_NOT_ISSUED', details: { state } });
      }
      expect((await t.http.get(`/api/v1/certificates/${cert.id}/pdf`).set(officer).expect(409)).body.error.code).toBe('CERTIFICATE_NOT_ISSUED');
    }
    expect((await t.http.get('/api/v1/me/certificates/not-a-uuid/pdf').set(holder.auth as Auth).expect(400)).body.error.code).toBe('INVALID_CERTIFICATE_ID');
    expect((await t.http.get('/api/v1/certificates/123/credential').set(officer).expect(400)).body.error.code).toBe('INVALID_CERTIFICATE_ID');
    const unknown = await t.http.get('/api/v1/certificates/5f0c8e2a-3b1d-4c6e-9a7f-2d4b6c8e0a13/pdf').set(admin).expect(404);
    expect(unknown.body.error.code).toBe('CERTIFICATE_NOT_FOUND');
  });
});
