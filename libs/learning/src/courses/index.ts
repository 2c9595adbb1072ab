export * from './course.entities';
export * from './course-visibility';
export * from './course.repository';
