export * from './classes.module';
