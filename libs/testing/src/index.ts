// The public API of @hvs/testing: the helpers and fixtures of the tests (specs, int-specs, e2e-specs).
// Named exports only; everything else is internal (libs/testing/src/architecture/public-api.spec.ts).
export { bearer, TEST_PASSWORD } from './auth-helpers';
export { completeCourse, coreCourseVersion, issueTestCertificate, registerPerson, RegistryTestModule } from './certificate-helpers';
export { createQuizCourse, createResidentLearner, createResidentWithoutAccount, type QuizCourse, type ResidentLearner, wrongChoice } from './fixtures/learning-fixtures';
export { createArea, createVillage } from './geo-factories';
export { authorTestCourse, registerTestResident, TEST_RESIDENT_PASSWORD, type TestResident } from './learning-helpers';
export { isTestFile, literalTexts, sourceFiles } from './source-scan';
export { createTestApp, createTestAppWithDemoData, type TestApp } from './test-app';
export { createTestDatabase, databaseUrl, type TestDatabase } from './test-database';
export { DisposableRedis } from './test-redis';
export { CompiledSystem, ServiceProcess } from './service-process';
export { ADMIN_TOKEN, type Answer, BAY, CLIENT_ID, CLIENT_SECRET, credentialBody, fakeCredential, type MockServer, type PartnerMock, startMock, startPartnerMock } from './vneid-mock-server';
// Fixtures for the api's tests, in one home: classes set up through the HTTP API (as a user would) or
// written straight into the database (to arrange a state quickly), and quiz courses.
export * as classApiFixtures from './fixtures/class-api-fixtures';
export * as classDbFixtures from './fixtures/classes-fixtures';
