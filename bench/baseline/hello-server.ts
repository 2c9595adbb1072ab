/**
 * The HTTP baseline: a bare Fastify hello-world route, no plugins, no logging, nothing else.
 * Started by the benchmark as its own process (PORT, HOST from the environment; loopback only),
 * so the load generator measures the same machine/Node/HTTP stack with the app taken away.
 */
import { baselineServer } from './baseline-process';

const { app, start } = baselineServer('hello-server');
app.get('/', async () => ({ hello: 'world' }));
start();
