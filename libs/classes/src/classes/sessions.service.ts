import { Injectable } from '@nestjs/common';
import { ResidentPlaces } from '@hvs/identity';
import { CourseVersionReader } from '@hvs/learning';
import { AuditLog, type Caller, vietnamToday } from '@hvs/platform';
import { v7 as uuidv7 } from 'uuid';
import type { ClassEntity } from './class.entity';
import type { SessionEntity, SessionKind } from './session.entity';
import { ClassAccess } from './class-access';
import { ClassErrors } from './class-errors';
import { EnrolmentRepository } from './enrolment.repository';
import { SessionRepository } from './session.repository';
import { ClassRepository } from './class.repository';
import { acceptsWork, shortTime, timesInOrder } from './class-rules';
import type { CreateSessionBody, HomeVisitBody, LessonRefView, SessionListView, SessionView, UpdateSessionBody } from './sessions.dto';

/** Where a home visit happens when no place is given. */
export const HOME_VISIT_PLACE = 'Tại nhà người dân';

/**
 * Sessions of a class (buổi học) and home visits (hướng dẫn từng người: a session for one resident).
 * A session's number is the next of its class and day, taken with the class row locked, so sessions
 * created at the same moment from several phones get 1, 2, 3….
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly classes: ClassRepository,
    private readonly classEnrolments: EnrolmentRepository,
    private readonly classSessions: SessionRepository,
    private readonly residentPlaces: ResidentPlaces,
    private readonly access: ClassAccess,
    private readonly courseVersions: CourseVersionReader,
    private readonly audit: AuditLog,
  ) {}

  create(classId: string, body: CreateSessionBody, caller: Caller): Promise<SessionView> {
    return this.createSession(classId, body, 'class', null, caller);
  }

  /** A home visit: by the class's staff or an officer who manages it, to a resident in their scope or enrolled in the class. */
  async homeVisit(classId: string, body: HomeVisitBody, caller: Caller): Promise<SessionView> {
    return this.createSession(classId, body, 'home_visit', body.residentId, caller);
  }

  async list(classId: string, caller: Caller): Promise<SessionListView> {
    const cls = await this.access.find(classId, caller);
    const [sessions, titles] = await Promise.all([this.classSessions.sessionsOf(cls.id), this.lessonTitles(cls.courseVersionId)]);
    return { items: sessions.map((s) => sessionView(s, titles)) };
  }

  async get(classId: string, sessionId: string, caller: Caller): Promise<SessionView> {
    const cls = await this.access.find(classId, caller);
    const session = await this.classSessions.findSession(cls.id, sessionId);
    if (!session) throw ClassErrors.sessionNotFound(sessionId);
    return sessionView(session, await this.lessonTitles(cls.courseVersionId));
  }

  /** Changes a session's times, lessons, place or note (its day, number and kind stay). */
  async update(classId: string, sessionId: string, body: UpdateSessionBody, caller: Caller): Promise<SessionView> {
    const changed = Object.keys(body).filter((k) => (body as Record<string, unknown>)[k] !== undefined);
    const { cls, session } = await this.classes.transaction(async (tx) => {
      const cls = await this.access.find(classId, caller, tx);
      const current = await this.classSessions.findSession(cls.id, sessionId, tx, true);
      if (!current) throw ClassErrors.sessionNotFound(sessionId);
      const startsAt = body.startsAt === undefined ? shortTime(current.startsAt) : body.startsAt;
      const endsAt = body.endsAt === undefined ? shortTime(current.endsAt) : body.endsAt;
      if (!timesInOrder(startsAt, endsAt)) throw ClassErrors.invalidTimeRange();
      if (body.lessonIds) await this.checkLessons(cls, body.lessonIds);
      if (changed.length) {
        await this.classSessions.updateSession(tx, current.id, { startsAt: body.startsAt, endsAt: body.endsAt, lessonIds: body.lessonIds, place: body.place, note: body.note });
        await this.audit.record(
          caller,
          { action: 'class.session_update', targetType: 'class_session', targetId: current.id, unitPath: cls.path, details: { classId: cls.id, fields: changed } },
          tx,
        );
      }
      return { cls, session: (await this.classSessions.findSession(cls.id, sessionId, tx)) as SessionEntity };
    });
    return sessionView(session, await this.lessonTitles(cls.courseVersionId));
  }

  private async createSession(
    classId: string,
    body: CreateSessionBody,
    kind: SessionKind,
    visitedResidentId: string | null,
    caller: Caller,
  ): Promise<SessionView> {
    const date = body.date ?? vietnamToday();
    if (!timesInOrder(body.startsAt ?? null, body.endsAt ?? null)) throw ClassErrors.invalidTimeRange();
    const { session, cls } = await this.classes.transaction(async (tx) => {
      // the class row locked: the number below is read and used by one request at a time
      const cls = await this.access.find(classId, caller, tx, true);
      if (!acceptsWork(cls.status)) throw ClassErrors.classClosed(cls.status);
      await this.checkLessons(cls, body.lessonIds ?? []);
      if (visitedResidentId) {
        const [inScope] = await this.residentPlaces.activeInScope([visitedResidentId], caller.scope, tx);
        const enrolled = inScope ? true : (await this.classEnrolments.currentlyEnrolled(cls.id, [visitedResidentId], tx)).has(visitedResidentId);
        if (!enrolled) throw ClassErrors.residentNotFound(visitedResidentId);
      }
      const session: Omit<SessionEntity, 'createdAt' | 'closedAt' | 'closedBy' | 'status'> = {
        id: uuidv7(),
        classId: cls.id,
        kind,
        visitedResidentId,
        date,
        number: await this.classSessions.nextSessionNumber(tx, cls.id, date),
        startsAt: body.startsAt ?? null,
        endsAt: body.endsAt ?? null,
        place: body.place || (kind === 'home_visit' ? HOME_VISIT_PLACE : cls.place),
        lessonIds: body.lessonIds ?? [],
        note: body.note ?? '',
        createdBy: caller.account.id,
      };
      await this.classSessions.insertSession(tx, session);
      await this.audit.record(
        caller,
        {
          action: kind === 'home_visit' ? 'class.home_visit' : 'class.session_create',
          targetType: 'class_session',
          targetId: session.id,
          unitPath: cls.path,
          details: { classId: cls.id, date, number: session.number, lessons: session.lessonIds.length, ...(visitedResidentId ? { residentId: visitedResidentId } : {}) },
        },
        tx,
      );
      return { session: (await this.classSessions.findSession(cls.id, session.id, tx)) as SessionEntity, cls };
    });
    return sessionView(session, await this.lessonTitles(cls.courseVersionId));
  }

  /** The lessons must belong to the course version the class teaches (else 400 LESSON_NOT_IN_COURSE). */
  private async checkLessons(cls: ClassEntity, lessonIds: readonly string[]): Promise<void> {
    if (lessonIds.length === 0) return;
    const titles = await this.lessonTitles(cls.courseVersionId);
    const foreign = lessonIds.filter((id) => !titles.has(id));
    if (foreign.length) throw ClassErrors.lessonNotInCourse(foreign);
  }

  /** Lesson titles of a version, in course order. */
  async lessonTitles(versionId: string): Promise<Map<string, string>> {
    return this.courseVersions.lessonTitles(versionId);
  }
}

export function lessonRefs(lessonIds: readonly string[], titles: ReadonlyMap<string, string>): LessonRefView[] {
  const order = [...titles.keys()];
  return [...lessonIds]
    .sort((a, b) => order.indexOf(a) - order.indexOf(b))
    .map((id) => ({ id, title: titles.get(id) ?? '' }));
}

export function sessionView(s: SessionEntity, titles: ReadonlyMap<string, string>): SessionView {
  return {
    id: s.id,
    classId: s.classId,
    kind: s.kind,
    visitedResidentId: s.visitedResidentId,
    date: s.date,
    number: s.number,
    startsAt: shortTime(s.startsAt),
    endsAt: shortTime(s.endsAt),
    place: s.place,
    lessons: lessonRefs(s.lessonIds, titles),
    note: s.note,
    status: s.status,
    createdBy: s.createdBy,
    createdAt: s.createdAt.toISOString(),
    closedAt: s.closedAt ? s.closedAt.toISOString() : null,
  };
}
