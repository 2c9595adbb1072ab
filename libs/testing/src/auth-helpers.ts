import { DEMO_PASSWORD } from '@hvs/identity';
import type TestAgent from 'supertest/lib/agent';

/** The demo accounts' password. */
export const TEST_PASSWORD = DEMO_PASSWORD;

/** Logs in through the API and returns the header that authenticates later requests. */
export async function bearer(http: TestAgent, username: string, password = TEST_PASSWORD): Promise<{ authorization: string }> {
  const res = await http.post('/api/v1/auth/login').send({ username, password });
  if (res.status !== 200) throw new Error(`login as ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return { authorization: `Bearer ${res.body.accessToken as string}` };
}
