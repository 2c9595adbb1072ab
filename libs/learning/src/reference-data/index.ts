export * from './learning-data-files';
export * from './learning-reference-data';
export * from './learning-reference-import';
