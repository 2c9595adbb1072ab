export * from './personal-data/cccd';
export * from './personal-data/masking';
export * from './personal-data/personal-data-cipher';
