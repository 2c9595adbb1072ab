export * from './attempt.entity';
