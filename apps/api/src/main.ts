import 'reflect-metadata';
import { runHttpProcess } from '@hvs/platform';
import { AppModule } from './app.module';
import { API_OPENAPI_INFO } from './openapi';

runHttpProcess('hvs-api', AppModule, (env) => env.PORT, { apiPrefix: true, openApi: API_OPENAPI_INFO });
