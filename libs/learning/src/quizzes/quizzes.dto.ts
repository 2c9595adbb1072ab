import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { IsAnswerList } from './answer-list.validator';
import { UUID_FORMAT } from '@hvs/platform';
import { QUESTION_TYPES, type QuestionType } from '../courses/question.entity';
import { type QuizKind } from '../courses/quiz.entity';
import type { AttemptStatus } from './attempt.entity';

const UUID_MESSAGE = { message: 'phải là mã UUID' };

// ---- requests ----

export class StartAttemptBody {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The resident you assist (commune officers and instructors, a resident of your scope). Residents leave it out.',
  })
  @IsOptional()
  @Matches(UUID_FORMAT, UUID_MESSAGE)
  residentId?: string;
}

/** One answer (validated as part of its list by @IsAnswerList: exactly these two fields). */
export class AnswerInput {
  @ApiProperty({ format: 'uuid', description: 'A question of this attempt' })
  questionId!: string;

  @ApiProperty({ type: String, isArray: true, maxItems: 20, uniqueItems: true, example: ['b'], description: 'Chosen option keys; [] clears the answer' })
  choices!: string[];
}

export class SaveAnswersBody {
  @ApiProperty({ type: AnswerInput, isArray: true, minItems: 1, maxItems: 100 })
  @IsAnswerList(1, 100)
  answers!: AnswerInput[];
}

export class SubmitAttemptBody {
  @ApiPropertyOptional({ type: AnswerInput, isArray: true, maxItems: 100, description: 'Last answers, saved before scoring' })
  @IsOptional()
  @IsAnswerList(0, 100)
  answers?: AnswerInput[];
}

export class QuestionStatsQuery {
  @ApiPropertyOptional({ example: '06673', description: 'Only residents of this commune (5 digits, in your scope)' })
  @IsOptional()
  @Matches(/^[0-9]{5}$/, { message: 'phải là mã xã/phường (5 chữ số)' })
  communeCode?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only attempts at this quiz of the version' })
  @IsOptional()
  @Matches(UUID_FORMAT, UUID_MESSAGE)
  quizId?: string;
}

export class OwnAttemptsQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @Matches(UUID_FORMAT, UUID_MESSAGE)
  quizId?: string;
}

// ---- responses ----

export class OptionView {
  @ApiProperty({ example: 'b' }) key!: string;
  @ApiProperty() text!: string;
}

export class AttemptQuestionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: QUESTION_TYPES }) type!: QuestionType;
  @ApiProperty() prompt!: string;
  @ApiProperty({ example: '4.3', description: 'Competency code of the framework' }) competency!: string;
  @ApiProperty({ format: 'uuid' }) lessonId!: string;
  @ApiProperty({ type: OptionView, isArray: true, description: 'In the order this attempt shows them' }) options!: OptionView[];
}

export class CompetencyBreakdownView {
  @ApiProperty({ example: '4.3' }) competency!: string;
  @ApiProperty() name!: string;
  @ApiProperty() correct!: number;
  @ApiProperty() total!: number;
}

export class StudyNextView {
  @ApiProperty({ format: 'uuid' }) lessonId!: string;
  @ApiProperty() position!: number;
  @ApiProperty() title!: string;
}

export class QuestionResultView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() prompt!: string;
  @ApiProperty({ type: OptionView, isArray: true }) options!: OptionView[];
  @ApiProperty({ type: String, isArray: true }) chosen!: string[];
  @ApiProperty({ type: String, isArray: true }) correctKeys!: string[];
  @ApiProperty() correct!: boolean;
  @ApiProperty() explanation!: string;
}

export class AttemptResultView {
  @ApiProperty({ format: 'uuid' }) attemptId!: string;
  @ApiProperty({ example: 85, description: 'round(100 * correct / questions, 2)' }) scorePercent!: number;
  @ApiProperty() correctCount!: number;
  @ApiProperty() questionCount!: number;
  @ApiProperty() passPercent!: number;
  @ApiProperty() passed!: boolean;
  @ApiProperty({ description: 'Closed by the system at the deadline with the answers saved before it' }) autoSubmitted!: boolean;
  @ApiProperty({ format: 'date-time' }) submittedAt!: string;
  @ApiProperty({ type: CompetencyBreakdownView, isArray: true }) breakdown!: CompetencyBreakdownView[];
  @ApiProperty({ type: StudyNextView, isArray: true, description: 'Lessons behind the missed questions, in lesson order' }) studyNext!: StudyNextView[];
  @ApiProperty({ type: QuestionResultView, isArray: true }) questions!: QuestionResultView[];
}

export class AttemptView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) quizId!: string;
  @ApiProperty({ format: 'uuid' }) courseVersionId!: string;
  @ApiProperty({ enum: ['lesson_check', 'final'] }) kind!: QuizKind;
  @ApiProperty() number!: number;
  @ApiProperty({ enum: ['in_progress', 'submitted'] }) status!: AttemptStatus;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) deadlineAt!: string | null;
  @ApiProperty({ description: 'Run by a commune officer or instructor with the resident' }) assisted!: boolean;
  @ApiProperty({ type: AttemptQuestionView, isArray: true }) questions!: AttemptQuestionView[];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } }, description: 'questionId -> chosen keys' })
  answers!: Record<string, string[]>;
  @ApiPropertyOptional({ type: AttemptResultView, description: 'Once submitted' }) result?: AttemptResultView;
}

export class SavedAnswersView {
  @ApiProperty({ format: 'uuid' }) attemptId!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } }) answers!: Record<string, string[]>;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) deadlineAt!: string | null;
}

export class OwnAttemptView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) quizId!: string;
  @ApiProperty() number!: number;
  @ApiProperty({ enum: ['in_progress', 'submitted'] }) status!: AttemptStatus;
  @ApiProperty({ nullable: true, type: Number }) scorePercent!: number | null;
  @ApiProperty({ nullable: true, type: Boolean }) passed!: boolean | null;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) submittedAt!: string | null;
}

export class OwnAttemptsView {
  @ApiProperty({ type: OwnAttemptView, isArray: true }) items!: OwnAttemptView[];
}

export class QuestionStatView {
  @ApiProperty({ format: 'uuid' }) questionId!: string;
  @ApiProperty() key!: string;
  @ApiProperty() prompt!: string;
  @ApiProperty({ format: 'uuid' }) lessonId!: string;
  @ApiProperty({ description: 'Submitted attempts that drew the question' }) answered!: number;
  @ApiProperty({ description: 'Of those, how many got it wrong (unanswered counts as wrong)' }) wrong!: number;
  @ApiProperty({ example: 0.4375, description: 'wrong / answered, 4 decimals' }) wrongShare!: number;
}

export class QuestionStatsView {
  @ApiProperty({ type: QuestionStatView, isArray: true, description: 'Hardest first' }) items!: QuestionStatView[];
}
