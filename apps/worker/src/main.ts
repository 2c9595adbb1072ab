import 'reflect-metadata';
import { runHttpProcess } from '@hvs/platform';
import { WorkerModule } from './worker.module';

// The worker's HTTP server answers only /health/*; its work is the BullMQ processors.
runHttpProcess('hvs-worker', WorkerModule, (env) => env.WORKER_PORT, { apiPrefix: false });
