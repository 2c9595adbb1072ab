export * from './test-app';
export * from './test-database';
export * from './test-redis';
export * from './geo-factories';
export * from './auth-helpers';
export * from './learning-helpers';
export * from './source-scan';
