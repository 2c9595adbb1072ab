export * from './test-app';
export * from './test-database';
export * from './test-redis';
export * from './geo-factories';
export * from './auth-helpers';
export * from './learning-helpers';
// Fixtures for the api's tests, in one home: classes set up through the HTTP API (as a user would) or
// written straight into the database (to arrange a state quickly), and quiz courses.
export * as classApiFixtures from './fixtures/class-api-fixtures';
export * as classDbFixtures from './fixtures/classes-fixtures';
export * from './fixtures/learning-fixtures';
export * from './certificate-helpers';
export * from './source-scan';
export * from './service-process';
