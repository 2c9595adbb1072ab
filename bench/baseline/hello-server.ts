/**
 * The HTTP baseline: a bare Fastify hello-world route, no plugins, no logging, nothing else.
 * Started by the benchmark as its own process (PORT, HOST from the environment; loopback only),
 * so the load generator measures the same machine/Node/HTTP stack with the app taken away.
 */
import Fastify from 'fastify';
import { exitWithTheBenchmark } from './shutdown';

const host = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT || 0);

if (!['127.0.0.1', '::1', 'localhost'].includes(host)) {
  process.stderr.write(`hello-server: HOST must be a loopback address (got ${host})\n`);
  process.exit(2);
}

process.title = 'hvs-bench-hello';
const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));

exitWithTheBenchmark(app);

app.listen({ host, port }).then(
  (url) => process.stdout.write(`hello-server listening on ${url}\n`),
  (err: unknown) => {
    process.stderr.write(`hello-server: ${String((err as Error)?.stack ?? err)}\n`);
    process.exit(1);
  },
);
