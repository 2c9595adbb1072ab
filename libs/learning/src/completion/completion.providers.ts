import type { Provider } from '@nestjs/common';
import { AttendanceShareRegistry } from './attendance-share';
import { CompletionRepository } from './completion.repository';
import { CourseCompletion } from './course-completion.service';

/** The providers of completion/, registered and exported by LearningModule. */
export const COMPLETION_PROVIDERS: Provider[] = [CompletionRepository, CourseCompletion, AttendanceShareRegistry];
