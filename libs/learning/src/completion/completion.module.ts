import { Module } from '@nestjs/common';
import { AttendanceShareRegistry } from './attendance-share';
import { CompletionRepository } from './completion.repository';
import { CourseCompletion } from './course-completion.service';

/**
 * Course completion on its own (no controllers), so that any process evaluating it imports exactly
 * this: LearningModule imports and re-exports it, and so does the classes capability's
 * ClassAttendanceSharesModule, which registers class attendance (one registry per process). A process
 * that has this module without an AttendanceShareSource registered refuses to start (CourseCompletion).
 */
@Module({
  providers: [CompletionRepository, CourseCompletion, AttendanceShareRegistry],
  exports: [CompletionRepository, CourseCompletion, AttendanceShareRegistry],
})
export class CourseCompletionModule {}
