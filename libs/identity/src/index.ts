export * from './identity.module';
export * from './passwords/password-hasher';
export * from './personal-data/cccd';
export * from './personal-data/masking';
export * from './personal-data/personal-data-cipher';
