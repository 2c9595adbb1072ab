import { prepareTemplateDatabase } from './test-database';

/** jest globalSetup: build the migrated template database once for the whole run. */
export default async function globalSetup(): Promise<void> {
  await prepareTemplateDatabase();
}
