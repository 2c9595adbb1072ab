import { Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'learning_lesson_competencies' })
export class LessonCompetencyEntity {
  @PrimaryColumn({ name: 'lesson_id', type: 'uuid' }) lessonId!: string;
  @PrimaryColumn({ name: 'competency_code', type: 'text' }) competencyCode!: string;
}
