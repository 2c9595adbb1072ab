import { createConfig, lintFromString } from '@redocly/openapi-core';
import { createTestApp, type TestApp } from '@hvs/testing';
import { AppModule } from '../src/app.module';
import { API_OPENAPI_INFO } from '../src/openapi';

interface Schema {
  type?: string;
  format?: string;
  pattern?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
}

/**
 * The document the api serves at /docs-json (and docs/openapi.json, kept equal by `npm run openapi:check`)
 * is clean under Redocly's recommended rules — errors and warnings alike — and types every moment and
 * every day as a string with its format.
 */
describe('the served OpenAPI document', () => {
  let t: TestApp;
  let doc: { paths: Record<string, Record<string, { security?: unknown[]; operationId: string }>>; components: { schemas: Record<string, Schema> } };
  beforeAll(async () => {
    t = await createTestApp(AppModule, { openApi: API_OPENAPI_INFO });
    doc = (await t.http.get('/docs-json').expect(200)).body;
  });
  afterAll(() => t.close());

  it("has no problem under Redocly's recommended ruleset", async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: 'openapi.json', config });
    const described = problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? '?'}`);
    expect(described).toEqual([]);
  });

  it('types moments as date-time strings and days as date strings', () => {
    const wrong: string[] = [];
    const walk = (schema: Schema | undefined, where: string, name: string) => {
      if (!schema) return;
      // a time of day (HH:MM) carries its pattern instead
      if (/(At|Time)$/.test(name) && !(schema.type === 'string' && (schema.format === 'date-time' || schema.pattern))) wrong.push(where);
      if (/(Date|^date|Day)$/.test(name) && !(schema.type === 'string' && schema.format === 'date')) wrong.push(where);
      for (const [key, child] of Object.entries(schema.properties ?? {})) walk(child, `${where}.${key}`, key);
      walk(schema.items, `${where}[]`, name);
    };
    for (const [name, schema] of Object.entries(doc.components.schemas)) walk(schema, name, '');
    expect(wrong).toEqual([]);
  });

  it('declares the public operations open and the others behind the bearer token', () => {
    const security = (path: string, method: string) => doc.paths[path][method].security;
    expect(security('/api/v1/geo/communes', 'get')).toEqual([]);
    expect(security('/api/v1/auth/login', 'post')).toEqual([]);
    expect(security('/health/ready', 'get')).toEqual([]);
    expect(security('/api/v1/residents', 'get')).toEqual([{ bearer: [] }]);
    expect(security('/api/v1/classes', 'get')).toEqual([{ bearer: [] }]);
  });
});
