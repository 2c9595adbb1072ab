export * from './certificates/serial';
