import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateIf,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import { QUESTION_TYPES, type QuestionType } from './question.entity';
import { type DeadlinePolicy, type QuizKind } from './quiz.entity';
import { MAX_OPTIONS, MIN_OPTIONS, OPTION_KEY, QUESTION_KEY } from './question-rules';

const QUIZ_KINDS: readonly QuizKind[] = ['lesson_check', 'final'];
const DEADLINE_POLICIES: readonly DeadlinePolicy[] = ['refuse', 'auto_submit'];
const VERSION_STATUSES = ['draft', 'published', 'retired'];
/** Lesson content is at most 100 KB of UTF-8 (Markdown). */
export const MAX_CONTENT_BYTES = 100 * 1024;
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const nfcTrim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.normalize('NFC').replace(/\s+/g, ' ').trim() : value);
const nfc = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.normalize('NFC') : value);

/** At most `max` bytes once encoded as UTF-8 (Vietnamese letters take 2-3 bytes each). */
function MaxUtf8Bytes(max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'maxUtf8Bytes',
      constraints: [max],
      validator: {
        // its message is the platform's (validation-messages.ts, "maxUtf8Bytes")
        validate: (value: unknown) => typeof value === 'string' && Buffer.byteLength(value, 'utf8') <= max,
      },
    },
    options,
  );
}

// ---------------------------------------------------------------- views

export class CompetencyView {
  @ApiProperty({ example: '4.3' }) code!: string;
  @ApiProperty({ example: 'Nhận diện và phòng tránh lừa đảo trực tuyến' }) name!: string;
}

export class DomainView {
  @ApiProperty({ example: '4' }) code!: string;
  @ApiProperty({ example: 'An toàn' }) name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: CompetencyView, isArray: true }) competencies!: CompetencyView[];
}

export class FrameworkView {
  @ApiProperty({ type: DomainView, isArray: true }) domains!: DomainView[];
}

export class CurrentVersionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 1 }) number!: number;
  @ApiProperty({ format: 'date-time' }) publishedAt!: string;
  @ApiProperty({ example: 10 }) lessonCount!: number;
  @ApiProperty({ example: 300, description: 'Sum of the lessons\' estimated minutes' }) estimatedMinutes!: number;
}

export class CourseListItemView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'KNS-CB' }) code!: string;
  @ApiProperty({ example: 'Kỹ năng số cơ bản', description: 'Of the current version (of the draft for a course not yet published)' }) title!: string;
  @ApiProperty() summary!: string;
  @ApiProperty({ type: String, nullable: true, example: null, description: 'Province code of a provincial course; null: national' })
  offeredByProvince!: string | null;
  @ApiProperty({ type: CurrentVersionView, nullable: true, description: 'null: not published yet (authors only see such courses)' })
  currentVersion!: CurrentVersionView | null;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid', description: 'Authors only: the draft being edited' })
  draftVersionId?: string | null;
}

export class CourseListView {
  @ApiProperty({ type: CourseListItemView, isArray: true }) items!: CourseListItemView[];
}

export class LessonSummaryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 1 }) position!: number;
  @ApiProperty({ example: 'dien-thoai-thong-minh' }) slug!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ example: 25 }) estimatedMinutes!: number;
  @ApiProperty({ type: String, isArray: true, example: ['0.1', '4.1'] }) competencies!: string[];
}

export class LessonView extends LessonSummaryView {
  @ApiProperty({ format: 'uuid' }) versionId!: string;
  @ApiProperty({ description: 'The lesson text (Markdown)' }) contentMd!: string;
}

export class QuizView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: QUIZ_KINDS }) kind!: QuizKind;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The lesson of a lesson check; null for the final' }) lessonId!: string | null;
  @ApiProperty() title!: string;
  @ApiProperty({ example: 20 }) questionCount!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, nullable: true, example: null }) perCompetency!: Record<string, number> | null;
  @ApiProperty({ type: Number, nullable: true, example: 1800 }) timeLimitS!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 3 }) maxAttempts!: number | null;
  @ApiProperty({ example: 600 }) cooldownS!: number;
  @ApiProperty({ example: 70 }) passPercent!: number;
  @ApiProperty({ enum: DEADLINE_POLICIES }) onDeadline!: DeadlinePolicy;
}

/** When a resident has completed a course version (completion/completion-rule.ts). */
export class CompletionRuleView {
  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 1, example: 0.7, description: 'Share of the class sessions on the resident\'s roster attended (present or late); null: attendance does not count' })
  minAttendanceShare!: number | null;
  @ApiProperty({ example: true, description: 'The final assessment must be passed (completion through a class)' }) requireFinalPassed!: boolean;
  @ApiProperty({ example: true, description: 'Also completed online, without a class: every lesson completed and the final passed' }) selfPaced!: boolean;
}

export class VersionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) courseId!: string;
  @ApiProperty({ example: 1 }) number!: number;
  @ApiProperty({ enum: VERSION_STATUSES }) status!: string;
  @ApiProperty() title!: string;
  @ApiProperty() summary!: string;
  @ApiProperty({ description: 'Lessons open one after the other' }) sequential!: boolean;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) publishedAt!: string | null;
  @ApiProperty({
    type: CompletionRuleView,
    description:
      'Completed when, in a class teaching this version, the attended share reaches minAttendanceShare (if set) and the final is passed ' +
      '(if requireFinalPassed), at least one of the two being set; or, when selfPaced, every lesson is completed and the final passed',
  })
  completionRule!: CompletionRuleView;
  @ApiProperty({ type: LessonSummaryView, isArray: true }) lessons!: LessonSummaryView[];
  @ApiProperty({ type: QuizView, isArray: true }) quizzes!: QuizView[];
}

export class CourseDetailView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'KNS-CB' }) code!: string;
  @ApiProperty() title!: string;
  @ApiProperty() summary!: string;
  @ApiProperty({ type: String, nullable: true }) offeredByProvince!: string | null;
  @ApiProperty({ type: VersionView, nullable: true, description: 'The current published version; null while only a draft exists (authors)' })
  version!: VersionView | null;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid', description: 'Authors only' }) draftVersionId?: string | null;
}

export class CreatedCourseView extends CourseDetailView {
  @ApiProperty({ type: VersionView, description: 'Version 1, a draft' }) draft!: VersionView;
}

export class QuestionOptionView {
  @ApiProperty({ example: 'a' }) key!: string;
  @ApiProperty() text!: string;
}

/** A question of the bank as authors see it: with its answer key. Never shown to learners. */
export class QuestionAuthorView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) versionId!: string;
  @ApiProperty({ example: 'ld-01' }) key!: string;
  @ApiProperty({ format: 'uuid' }) lessonId!: string;
  @ApiProperty({ example: '4.3' }) competency!: string;
  @ApiProperty({ enum: QUESTION_TYPES }) type!: QuestionType;
  @ApiProperty() prompt!: string;
  @ApiProperty({ type: QuestionOptionView, isArray: true }) options!: QuestionOptionView[];
  @ApiProperty({ type: String, isArray: true, example: ['b'] }) correctKeys!: string[];
  @ApiProperty() explanation!: string;
}

export class QuestionBankView {
  @ApiProperty({ type: QuestionAuthorView, isArray: true }) items!: QuestionAuthorView[];
}

// ---------------------------------------------------------------- requests

export class CreateCourseBody {
  @ApiProperty({ example: 'QN-TMDT', description: 'Upper-case letters, digits and hyphens (2-30)' })
  @IsString()
  @Matches(/^[A-Z0-9][A-Z0-9-]{1,29}$/, { message: 'phải gồm 2 đến 30 chữ in hoa, chữ số hoặc dấu gạch ngang' })
  code!: string;

  @ApiProperty({ example: 'Thương mại điện tử cho hộ kinh doanh', maxLength: 200 })
  @IsString() @Transform(nfcTrim) @MinLength(2) @MaxLength(200)
  title!: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional() @IsString() @Transform(nfc) @MaxLength(2000)
  summary?: string;

  @ApiPropertyOptional({ example: '22', description: 'Province offering the course (2 digits); omitted: a national course (administrators only)' })
  @IsOptional() @Matches(/^[0-9]{2}$/, { message: 'phải là mã tỉnh/thành phố (2 chữ số)' })
  offeredByProvince?: string;
}

export class CompletionRuleInput {
  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 1, example: 0.7, description: 'null: attendance does not count' })
  @ValidateIf((_o, v) => v !== null) @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(1)
  minAttendanceShare!: number | null;

  @ApiProperty({ example: true }) @IsBoolean() requireFinalPassed!: boolean;
  @ApiProperty({ example: true }) @IsBoolean() selfPaced!: boolean;
}

export class UpdateVersionBody {
  @ApiPropertyOptional({ maxLength: 200 }) @IsOptional() @IsString() @Transform(nfcTrim) @MinLength(2) @MaxLength(200) title?: string;
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @Transform(nfc) @MaxLength(2000) summary?: string;
  @ApiPropertyOptional({ description: 'Lessons open one after the other' }) @IsOptional() @IsBoolean() sequential?: boolean;
  @ApiPropertyOptional({ type: CompletionRuleInput, description: 'The whole rule (all three fields); at least one way to complete must remain' })
  @IsOptional() @ValidateNested() @Type(() => CompletionRuleInput)
  completionRule?: CompletionRuleInput;
}

export class CreateLessonBody {
  @ApiProperty({ example: 'ban-hang-tren-zalo' })
  @IsString() @MaxLength(80) @Matches(SLUG, { message: 'phải là các từ viết thường không dấu nối bằng dấu gạch ngang' })
  slug!: string;

  @ApiProperty({ maxLength: 200 }) @IsString() @Transform(nfcTrim) @MinLength(2) @MaxLength(200) title!: string;

  @ApiProperty({ description: 'Markdown, at most 100 KB' })
  @IsString() @Transform(nfc) @MinLength(1) @MaxUtf8Bytes(MAX_CONTENT_BYTES)
  contentMd!: string;

  @ApiProperty({ example: 20, minimum: 1, maximum: 240 }) @IsInt() @Min(1) @Max(240) estimatedMinutes!: number;

  @ApiProperty({ type: String, isArray: true, example: ['5.3', '3.1'], description: '1 to 5 competency codes of the framework' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(5) @ArrayUnique() @IsString({ each: true }) @MaxLength(8, { each: true })
  competencies!: string[];

  @ApiPropertyOptional({ minimum: 1, description: 'Insert at this position (later lessons move down); default: last' })
  @IsOptional() @IsInt() @Min(1)
  position?: number;
}

export class UpdateLessonBody {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(80) @Matches(SLUG, { message: 'phải là các từ viết thường không dấu nối bằng dấu gạch ngang' }) slug?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Transform(nfcTrim) @MinLength(2) @MaxLength(200) title?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Transform(nfc) @MinLength(1) @MaxUtf8Bytes(MAX_CONTENT_BYTES) contentMd?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(240) estimatedMinutes?: number;
  @ApiPropertyOptional({ type: String, isArray: true })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(5) @ArrayUnique() @IsString({ each: true }) @MaxLength(8, { each: true })
  competencies?: string[];
  @ApiPropertyOptional({ minimum: 1, description: 'Move the lesson to this position' }) @IsOptional() @IsInt() @Min(1) position?: number;
}

export class QuestionOptionInput {
  @ApiProperty({ example: 'a' })
  @IsString() @Matches(OPTION_KEY, { message: 'mã lựa chọn gồm 1 đến 20 chữ thường không dấu, chữ số hoặc "_"' })
  key!: string;

  @ApiProperty({ maxLength: 500 }) @IsString() @Transform(nfcTrim) @MinLength(1) @MaxLength(500) text!: string;
}

export class CreateQuestionBody {
  @ApiProperty({ example: 'ld-09' })
  @IsString() @MaxLength(60) @Matches(QUESTION_KEY, { message: 'phải là các từ viết thường không dấu nối bằng dấu gạch ngang' })
  key!: string;

  @ApiProperty({ format: 'uuid', description: 'A lesson of the same version' }) @IsUUID('all') lessonId!: string;
  @ApiProperty({ example: '4.3', description: 'One of the lesson\'s competencies' }) @IsString() @MaxLength(8) competency!: string;
  @ApiProperty({ enum: QUESTION_TYPES }) @IsIn(QUESTION_TYPES) type!: QuestionType;
  @ApiProperty({ maxLength: 2000 }) @IsString() @Transform(nfcTrim) @MinLength(2) @MaxLength(2000) prompt!: string;

  @ApiProperty({ type: QuestionOptionInput, isArray: true, description: `${MIN_OPTIONS} to ${MAX_OPTIONS} options with unique keys; true_false: keys "true" and "false"` })
  @IsArray() @ArrayMinSize(MIN_OPTIONS) @ArrayMaxSize(MAX_OPTIONS) @ValidateNested({ each: true }) @Type(() => QuestionOptionInput)
  options!: QuestionOptionInput[];

  @ApiProperty({ type: String, isArray: true, example: ['b'], description: 'single / true_false: exactly 1; multiple: at least 2, not all' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_OPTIONS) @IsString({ each: true })
  correctKeys!: string[];

  @ApiProperty({ maxLength: 2000, description: 'Shown after the attempt: why the answer is right' })
  @IsString() @Transform(nfcTrim) @MinLength(2) @MaxLength(2000)
  explanation!: string;
}

export class UpdateQuestionBody {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(60) @Matches(QUESTION_KEY, { message: 'phải là các từ viết thường không dấu nối bằng dấu gạch ngang' }) key?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all') lessonId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(8) competency?: string;
  @ApiPropertyOptional({ enum: QUESTION_TYPES }) @IsOptional() @IsIn(QUESTION_TYPES) type?: QuestionType;
  @ApiPropertyOptional() @IsOptional() @IsString() @Transform(nfcTrim) @MinLength(2) @MaxLength(2000) prompt?: string;
  @ApiPropertyOptional({ type: QuestionOptionInput, isArray: true })
  @IsOptional() @IsArray() @ArrayMinSize(MIN_OPTIONS) @ArrayMaxSize(MAX_OPTIONS) @ValidateNested({ each: true }) @Type(() => QuestionOptionInput)
  options?: QuestionOptionInput[];
  @ApiPropertyOptional({ type: String, isArray: true }) @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_OPTIONS) @IsString({ each: true }) correctKeys?: string[];
  @ApiPropertyOptional() @IsOptional() @IsString() @Transform(nfcTrim) @MinLength(2) @MaxLength(2000) explanation?: string;
}

class QuizRules {
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'integer' }, nullable: true, example: { '4.3': 2, '4.1': 1 }, description: 'Questions drawn per competency, summing to questionCount; null: any' })
  @IsOptional() @ValidateIf((_o, v) => v !== null) @IsObject()
  perCompetency?: Record<string, number> | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 60, maximum: 14400, description: 'Seconds; null: no limit' })
  @IsOptional() @ValidateIf((_o, v) => v !== null) @IsInt() @Min(60) @Max(14400)
  timeLimitS?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1, maximum: 100, description: 'null: unlimited' })
  @IsOptional() @ValidateIf((_o, v) => v !== null) @IsInt() @Min(1) @Max(100)
  maxAttempts?: number | null;

  @ApiPropertyOptional({ minimum: 0, maximum: 2592000, description: 'Seconds to wait between attempts' })
  @IsOptional() @IsInt() @Min(0) @Max(2_592_000)
  cooldownS?: number;

  @ApiPropertyOptional({ enum: DEADLINE_POLICIES, description: 'What happens to an attempt answered after its time limit' })
  @IsOptional() @IsIn(DEADLINE_POLICIES)
  onDeadline?: DeadlinePolicy;
}

export class CreateQuizBody extends QuizRules {
  @ApiProperty({ enum: QUIZ_KINDS }) @IsIn(QUIZ_KINDS) kind!: QuizKind;
  @ApiPropertyOptional({ format: 'uuid', description: 'Required for a lesson check; not allowed for the final' }) @IsOptional() @IsUUID('all') lessonId?: string;
  @ApiProperty({ maxLength: 200 }) @IsString() @Transform(nfcTrim) @MinLength(2) @MaxLength(200) title!: string;
  @ApiProperty({ minimum: 1, maximum: 100 }) @IsInt() @Min(1) @Max(100) questionCount!: number;
  @ApiProperty({ minimum: 1, maximum: 100, example: 70 }) @IsInt() @Min(1) @Max(100) passPercent!: number;
}

export class UpdateQuizBody extends QuizRules {
  @ApiPropertyOptional() @IsOptional() @IsString() @Transform(nfcTrim) @MinLength(2) @MaxLength(200) title?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(100) questionCount?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(100) passPercent?: number;
}
