export * from './classes.module';
export * from './classes/class.entities';
export * from './classes/roster';
