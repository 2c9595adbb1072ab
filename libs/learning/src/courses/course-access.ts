import { Injectable } from '@nestjs/common';
import { ResidentRepository } from '@hvs/identity';
import { commonError, type Caller } from '@hvs/platform';
import type { EntityManager } from 'typeorm';
import { LearningErrors } from '../learning-errors';
import type { CourseVersionEntity } from './course-version.entity';
import type { CourseEntity } from './course.entity';
import { CourseRepository, type CourseReach } from './course.repository';
import { CourseVersionRepository } from './course-version.repository';
import { courseVisibleToResident, courseVisibleToStaff, mayAuthorCourse } from './course-visibility';

/** Who is looking at the catalogue: the caller and, for a resident, their record's id and province. */
export interface Viewer {
  caller: Caller;
  /** The resident's own record (null for staff, and for a resident account without a record). */
  residentId: string | null;
  /** The resident's province (null for staff; for a resident without a record only national courses show). */
  provinceCode: string | null;
}

/** A version with its course. */
export interface VersionInContext {
  version: CourseVersionEntity;
  course: CourseEntity;
}

/**
 * The visibility and authoring rules of courses applied to a caller (course-visibility.ts): what they
 * may see (else 404, like an unknown id), what they may author (else 403 when they can see it), and
 * the draft a write goes to (locked, else 409 VERSION_NOT_DRAFT).
 */
@Injectable()
export class CourseAccess {
  constructor(
    private readonly courses: CourseRepository,
    private readonly versions: CourseVersionRepository,
    private readonly residents: ResidentRepository,
  ) {}

  async viewer(caller: Caller): Promise<Viewer> {
    if (caller.account.role !== 'resident') return { caller, residentId: null, provinceCode: null };
    const own = await this.residents.findByAccount(caller.account.id);
    return { caller, residentId: own?.id ?? null, provinceCode: own ? own.path.split('.')[0] : null };
  }

  isResident(viewer: Viewer): boolean {
    return viewer.caller.account.role === 'resident';
  }

  /** The course may be seen at all (its drafts only by authors, see below). */
  sees(viewer: Viewer, course: Pick<CourseEntity, 'offeredByProvince'>): boolean {
    if (this.isResident(viewer)) return viewer.provinceCode ? courseVisibleToResident(course.offeredByProvince, viewer.provinceCode) : course.offeredByProvince === null;
    return courseVisibleToStaff(course.offeredByProvince, viewer.caller.scope);
  }

  isAuthor(caller: Caller, course: Pick<CourseEntity, 'offeredByProvince'>): boolean {
    return mayAuthorCourse(caller.account.role, course.offeredByProvince, caller.scope);
  }

  /** Which courses a list may hold for this viewer (the rest of the rule is applied per row). */
  reach(viewer: Viewer): CourseReach {
    if (this.isResident(viewer)) return { kind: 'provinces', provinces: viewer.provinceCode ? [viewer.provinceCode] : [] };
    const scope = viewer.caller.scope;
    if (scope.kind === 'all') return { kind: 'all' };
    return { kind: 'provinces', provinces: [...new Set(scope.paths.map((p) => p.split('.')[0]))] };
  }

  /** A course the viewer sees (authors: also one that has only a draft); else 404 COURSE_NOT_FOUND. */
  async visibleCourse(courseId: string, viewer: Viewer): Promise<{ course: CourseEntity; current: CourseVersionEntity | null; author: boolean }> {
    const course = await this.courses.findCourse(courseId);
    if (!course || !this.sees(viewer, course)) throw LearningErrors.courseNotFound(courseId);
    const author = this.isAuthor(viewer.caller, course);
    const current = await this.versions.findCurrentVersion(course.id);
    if (!current && !author) throw LearningErrors.courseNotFound(courseId);
    return { course, current, author };
  }

  /** A version the viewer may read: published or retired of a visible course, or a draft for its authors; else 404. */
  async readableVersion(versionId: string, viewer: Viewer): Promise<VersionInContext & { author: boolean }> {
    const version = await this.versions.findVersion(versionId);
    const course = version ? await this.courses.findCourse(version.courseId) : null;
    if (!version || !course || !this.sees(viewer, course)) throw LearningErrors.versionNotFound(versionId);
    const author = this.isAuthor(viewer.caller, course);
    if (version.status === 'draft' && !author) throw LearningErrors.versionNotFound(versionId);
    return { version, course, author };
  }

  /** The course, for a write by an author: 404 when the caller does not see it, 403 when they may not author it. */
  async authorableCourse(courseId: string, caller: Caller, tx?: EntityManager): Promise<CourseEntity> {
    const course = tx ? await this.courses.lockCourse(tx, courseId) : await this.courses.findCourse(courseId);
    if (!course || !courseVisibleToStaff(course.offeredByProvince, caller.scope)) throw LearningErrors.courseNotFound(courseId);
    if (!this.isAuthor(caller, course)) throw commonError(403, 'FORBIDDEN', { reason: 'not an author of this course' });
    return course;
  }

  /**
   * The version a write changes, locked for the transaction: 404 when the caller does not see it
   * (a draft of a course they may not author included), 403 when they see but may not author it, 409
   * VERSION_NOT_DRAFT when it is published or retired.
   */
  async draftForWrite(versionId: string, caller: Caller, tx: EntityManager): Promise<VersionInContext> {
    const version = await this.versions.lockVersion(tx, versionId);
    const course = version ? await this.courses.findCourse(version.courseId, tx) : null;
    if (!version || !course || !courseVisibleToStaff(course.offeredByProvince, caller.scope)) throw LearningErrors.versionNotFound(versionId);
    if (!this.isAuthor(caller, course)) {
      if (version.status === 'draft') throw LearningErrors.versionNotFound(versionId);
      throw commonError(403, 'FORBIDDEN', { reason: 'not an author of this course' });
    }
    if (version.status !== 'draft') throw LearningErrors.versionNotDraft();
    return { version, course };
  }

  /** The audit trail's unit of a course: its province, or none (national: administrators read it). */
  unitPath(course: Pick<CourseEntity, 'offeredByProvince'>): string | null {
    return course.offeredByProvince;
  }
}
