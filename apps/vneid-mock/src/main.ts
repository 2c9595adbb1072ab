import 'reflect-metadata';
import { runHttpProcess } from '@hvs/platform';
import { VneidMockModule } from './vneid-mock.module';

runHttpProcess('hvs-vneid-mock', VneidMockModule, (env) => env.VNEID_MOCK_PORT, { apiPrefix: false });
