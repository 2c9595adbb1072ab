import Fastify from 'fastify';
import pino from 'pino';
import request from 'supertest';
import { FastLane } from './fast-lane';

describe('FastLane', () => {
  const logger = pino({ level: 'silent' });

  async function setUp(withLaneRoute: boolean) {
    let ids = 0;
    const lane = new FastLane({ genReqId: () => `lane-${++ids}` }, logger, false);
    const main = Fastify({ serverFactory: lane.serverFactory });
    main.get('/main', async () => ({ from: 'main' }));
    main.post('/shared', async (req) => ({ from: 'main', body: req.body }));
    main.get('/shared', async () => ({ from: 'main' }));
    if (withLaneRoute) lane.instance.get('/shared', async () => ({ from: 'lane' }));
    main.addHook('onReady', () => lane.start());
    await main.ready();
    return { main, lane };
  }

  it('serves its own GET routes and passes every other request to the main app untouched', async () => {
    const { main } = await setUp(true);
    const http = request(main.server);
    await http.get('/shared').expect(200, { from: 'lane' });
    const laneRes = await http.get('/shared');
    expect(laneRes.headers['x-request-id']).toMatch(/^lane-/);
    await http.get('/main').expect(200, { from: 'main' });
    await http.post('/shared').send({ a: 1 }).expect(200, { from: 'main', body: { a: 1 } });
    await http.get('/nowhere').expect(404);
    await main.close();
  });

  it('stays out of the way when it has no routes', async () => {
    const { main } = await setUp(false);
    await request(main.server).get('/shared').expect(200, { from: 'main' });
    await main.close();
  });
});
