export * from './course.entities';
export * from './course-visibility';
