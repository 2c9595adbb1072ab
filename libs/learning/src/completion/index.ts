export * from './attendance-share';
export * from './completion-rule';
export * from './completion.repository';
export * from './completion.module';
export * from './course-completion.service';
export * from './completion-errors';
