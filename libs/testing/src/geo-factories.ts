import { randomBytes } from 'node:crypto';
import type TestAgent from 'supertest/lib/agent';

/** Creates a village through the API (as the authenticated caller) and returns its body; the name is unique unless given. */
export async function createVillage(
  http: TestAgent,
  auth: { authorization: string },
  communeCode: string,
  body: { name?: string; type?: string } = {},
): Promise<{ code: string; name: string; type: string; communeCode: string }> {
  const res = await http
    .post(`/api/v1/geo/communes/${communeCode}/villages`)
    .set(auth)
    .send({ name: body.name ?? `Thôn thử ${randomBytes(3).toString('hex')}`, type: body.type ?? 'thon' });
  if (res.status !== 201) throw new Error(`createVillage: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Creates an area through the API. */
export async function createArea(
  http: TestAgent,
  auth: { authorization: string },
  body: { provinceCode: string; communeCodes: string[]; name?: string; kind?: string },
): Promise<{ id: string; name: string; communeCodes: string[] }> {
  const res = await http
    .post('/api/v1/geo/areas')
    .set(auth)
    .send({ name: `Cụm thử ${randomBytes(3).toString('hex')}`, kind: 'cluster', ...body });
  if (res.status !== 201) throw new Error(`createArea: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
