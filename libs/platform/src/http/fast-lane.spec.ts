import Fastify from 'fastify';
import pino from 'pino';
import { Type } from 'typebox';
import request from 'supertest';
import { FastLane } from './fast-lane';

describe('FastLane', () => {
  const logger = pino({ level: 'silent' });

  async function setUp(withLaneRoute: boolean) {
    let ids = 0;
    const lane = new FastLane(
      {
        genReqId: () => `lane-${++ids}`,
        ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: true } },
      },
      logger,
      true,
    );
    const main = Fastify({ serverFactory: lane.serverFactory });
    main.get('/api/v1/main', async () => ({ from: 'main' }));
    main.post('/api/v1/shared', async (req) => ({ from: 'main', body: req.body }));
    main.get('/api/v1/shared', async () => ({ from: 'main' }));
    if (withLaneRoute) {
      const spec = {
        operationId: 'shared',
        path: '/shared',
        summary: 'test',
        tags: [],
        querystring: Type.Object({ n: Type.Optional(Type.Integer()) }, { additionalProperties: false }),
        response: Type.Object({ from: Type.String(), n: Type.Optional(Type.Integer()) }),
        errors: [400],
      };
      lane.get(spec, ({ query }) => ({ from: 'lane', ...(query.n === undefined ? {} : { n: query.n }) }));
    }
    main.addHook('onReady', () => lane.start());
    await main.ready();
    return { main, lane };
  }

  it('serves its own GET routes and passes every other request to the main app untouched', async () => {
    const { main } = await setUp(true);
    const http = request(main.server);
    await http.get('/api/v1/shared').expect(200, { from: 'lane' });
    await http.get('/api/v1/shared?n=7').expect(200, { from: 'lane', n: 7 });
    const laneRes = await http.get('/api/v1/shared');
    expect(laneRes.headers['x-request-id']).toMatch(/^lane-/);
    const bad = await http.get('/api/v1/shared?n=x&extra=1').expect(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['extra', 'n']);
    await http.get('/api/v1/main').expect(200, { from: 'main' });
    await http.post('/api/v1/shared').send({ a: 1 }).expect(200, { from: 'main', body: { a: 1 } });
    await http.get('/nowhere').expect(404);
    await main.close();
  });

  it('stays out of the way when it has no routes', async () => {
    const { main } = await setUp(false);
    await request(main.server).get('/api/v1/shared').expect(200, { from: 'main' });
    await main.close();
  });
});
