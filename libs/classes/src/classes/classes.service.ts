import { Injectable } from '@nestjs/common';
import { GeoCatalog, UnitsInScope } from '@hvs/geography';
import { AccountRepository } from '@hvs/identity';
import { CourseRepository, CourseVersionRepository, LearningErrors, type CourseVersionEntity } from '@hvs/learning';
import { AuditLog, decodeCursor, keysetPage, type Caller, type KeysetPage } from '@hvs/platform';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { StaffKind } from './class-staff.entity';
import type { ClassEntity } from './class.entity';
import { ClassAccess, reachOf } from './class-access';
import { ClassErrors } from './class-errors';
import { ClassStaffRepository, type StaffRow } from './class-staff.repository';
import { EnrolmentRepository } from './enrolment.repository';
import { ClassRepository, type ClassDetailsRow } from './class.repository';
import { datesInOrder, defaultPlace, mayChangeStatus, STATUS_CHANGES } from './class-rules';
import type { ClassDetailView, ClassView, CreateClassBody, ListClassesQuery, SetStaffBody, StaffView, UpdateClassBody } from './classes.dto';

/**
 * Classes: creation in a commune (or one of its villages) for a published course version, the staff
 * (instructors and volunteers: instructor accounts of that commune), changes and status, lists in
 * reach. Every write commits with its audit entry.
 */
@Injectable()
export class ClassesService {
  constructor(
    private readonly units: UnitsInScope,
    private readonly classes: ClassRepository,
    private readonly classStaff: ClassStaffRepository,
    private readonly classEnrolments: EnrolmentRepository,
    private readonly access: ClassAccess,
    private readonly catalog: GeoCatalog,
    private readonly courses: CourseRepository,
    private readonly versions: CourseVersionRepository,
    private readonly accounts: AccountRepository,
    private readonly audit: AuditLog,
  ) {}

  async create(body: CreateClassBody, caller: Caller): Promise<ClassDetailView> {
    const commune = this.catalog.communeInScope(body.communeCode, caller.scope);
    let path = commune.path;
    let unitName = commune.fullName;
    if (body.villageCode) {
      const village = await this.units.village(body.villageCode, caller.scope);
      if (village.communeCode !== commune.code) throw ClassErrors.villageNotInCommune(body.villageCode, commune.code);
      path = village.path;
      unitName = village.name;
    }
    if (!datesInOrder(body.startsOn ?? null, body.endsOn ?? null)) throw ClassErrors.invalidDateRange();
    await this.publishedVersionFor(body.courseVersionId, commune.provinceCode);
    const staff = await this.eligibleStaff(body.instructorIds, body.volunteerIds ?? [], commune.code);
    const id = uuidv7();
    await this.classes.transaction(async (tx) => {
      await this.classes.insert(tx, {
        id,
        communeCode: commune.code,
        villageCode: body.villageCode ?? null,
        path,
        name: body.name,
        courseVersionId: body.courseVersionId,
        capacity: body.capacity,
        schedule: body.schedule ?? '',
        place: body.place || defaultPlace(unitName),
        startsOn: body.startsOn ?? null,
        endsOn: body.endsOn ?? null,
        status: 'planned',
        createdBy: caller.account.id,
      });
      await this.classStaff.setStaff(tx, id, staff, caller.account.id);
      await this.audit.record(
        caller,
        {
          action: 'class.create',
          targetType: 'class',
          targetId: id,
          unitPath: path,
          details: { courseVersionId: body.courseVersionId, capacity: body.capacity, instructorIds: body.instructorIds, volunteerIds: body.volunteerIds ?? [] },
        },
        tx,
      );
    });
    return this.get(id, caller);
  }

  async list(query: ListClassesQuery, caller: Caller): Promise<KeysetPage<ClassView>> {
    const underPath = await this.units.pathOf(query, caller.scope);
    const rows = await this.classes.page(
      { underPath, status: query.status, after: query.cursor ? afterKey(query.cursor) : undefined, limit: query.limit + 1 },
      reachOf(caller),
    );
    const details = await this.classes.details(rows.slice(0, query.limit).map((r) => r.id));
    return keysetPage(
      rows,
      query.limit,
      (row) => this.view(row, details.get(row.id) as ClassDetailsRow),
      (row) => [row.path, row.id],
    );
  }

  async get(id: string, caller: Caller): Promise<ClassDetailView> {
    const row = await this.access.find(id, caller);
    return this.detailView(row);
  }

  async update(id: string, body: UpdateClassBody, caller: Caller): Promise<ClassDetailView> {
    const changed = Object.keys(body).filter((k) => (body as Record<string, unknown>)[k] !== undefined);
    await this.classes.transaction(async (tx) => {
      const current = await this.access.find(id, caller, tx, true);
      if (body.status !== undefined && !mayChangeStatus(current.status, body.status)) {
        throw ClassErrors.invalidStatusChange(current.status, body.status, STATUS_CHANGES[current.status]);
      }
      const startsOn = body.startsOn === undefined ? current.startsOn : body.startsOn;
      const endsOn = body.endsOn === undefined ? current.endsOn : body.endsOn;
      if (!datesInOrder(startsOn, endsOn)) throw ClassErrors.invalidDateRange();
      if (body.capacity !== undefined) {
        const enrolled = await this.classEnrolments.countEnrolled(id, tx);
        if (body.capacity < enrolled) throw ClassErrors.capacityBelowEnrolment(body.capacity, enrolled);
      }
      if (changed.length === 0) return;
      await this.classes.update(tx, id, {
        name: body.name,
        capacity: body.capacity,
        schedule: body.schedule,
        place: body.place,
        startsOn: body.startsOn,
        endsOn: body.endsOn,
        status: body.status,
      });
      const statusChange = body.status !== undefined && body.status !== current.status ? { statusFrom: current.status, statusTo: body.status } : {};
      await this.audit.record(caller, { action: 'class.update', targetType: 'class', targetId: id, unitPath: current.path, details: { fields: changed, ...statusChange } }, tx);
    });
    return this.get(id, caller);
  }

  /** Replaces the staff: instructors (at least one) and volunteers, instructor accounts of the class's commune. */
  async setStaff(id: string, body: SetStaffBody, caller: Caller): Promise<ClassDetailView> {
    await this.classes.transaction(async (tx) => {
      const current = await this.access.find(id, caller, tx, true);
      const staff = await this.eligibleStaff(body.instructorIds, body.volunteerIds ?? [], current.communeCode);
      await this.classStaff.setStaff(tx, id, staff, caller.account.id);
      await this.audit.record(
        caller,
        { action: 'class.staff_set', targetType: 'class', targetId: id, unitPath: current.path, details: { instructorIds: body.instructorIds, volunteerIds: body.volunteerIds ?? [] } },
        tx,
      );
    });
    return this.get(id, caller);
  }

  // ---- views ----

  async detailView(row: ClassEntity, manager?: EntityManager): Promise<ClassDetailView> {
    const [details, staff] = await Promise.all([this.classes.details([row.id], manager), this.classStaff.staffOf(row.id, manager)]);
    return { ...this.view(row, details.get(row.id) as ClassDetailsRow), staff: staff.map(staffView) };
  }

  view(row: ClassEntity, d: ClassDetailsRow): ClassView {
    return {
      id: row.id,
      communeCode: row.communeCode,
      communeName: this.catalog.commune(row.communeCode)?.fullName ?? row.communeCode,
      villageCode: row.villageCode,
      villageName: d.villageName,
      name: row.name,
      course: { courseId: d.courseId, code: d.courseCode, versionId: row.courseVersionId, versionNumber: d.versionNumber, title: d.courseTitle },
      capacity: row.capacity,
      schedule: row.schedule,
      place: row.place,
      startsOn: row.startsOn,
      endsOn: row.endsOn,
      status: row.status,
      counts: { enrolled: d.enrolled, sessions: d.sessions },
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }

  // ---- rules that read other capabilities ----

  /**
   * The course version a class teaches: a version of a course offered nationally or by the class's
   * province (else 404 COURSE_VERSION_NOT_FOUND, like an unknown one), and published (else 409).
   */
  private async publishedVersionFor(versionId: string, provinceCode: string): Promise<CourseVersionEntity> {
    const version = await this.versions.findVersion(versionId);
    const course = version ? await this.courses.findCourse(version.courseId) : null;
    if (!version || !course || (course.offeredByProvince !== null && course.offeredByProvince !== provinceCode)) {
      throw LearningErrors.versionNotFound(versionId);
    }
    if (version.status !== 'published') throw ClassErrors.courseVersionNotPublished(versionId, version.status);
    return version;
  }

  /** The staff of a class, checked: active instructor accounts placed in the class's commune, none in both lists. */
  private async eligibleStaff(instructorIds: readonly string[], volunteerIds: readonly string[], communeCode: string): Promise<Array<{ accountId: string; kind: StaffKind }>> {
    const both = instructorIds.filter((id) => volunteerIds.includes(id));
    if (both.length) throw ClassErrors.staffInBothLists(both);
    for (const [field, ids] of [
      ['instructorIds', instructorIds],
      ['volunteerIds', volunteerIds],
    ] as const) {
      const accounts = await Promise.all(ids.map((id) => this.accounts.findById(id)));
      const refused = ids.filter((_id, i) => {
        const a = accounts[i];
        return !a || a.role !== 'instructor' || a.status !== 'active' || a.scopeCommuneCode !== communeCode;
      });
      if (refused.length) throw ClassErrors.staffNotEligible(field, refused);
    }
    return [
      ...instructorIds.map((accountId) => ({ accountId, kind: 'instructor' as const })),
      ...volunteerIds.map((accountId) => ({ accountId, kind: 'volunteer' as const })),
    ];
  }
}

function staffView(s: StaffRow): StaffView {
  return { accountId: s.accountId, displayName: s.displayName, kind: s.kind, addedAt: new Date(s.addedAt).toISOString() };
}

/** The (path, id) after which a page starts. */
function afterKey(cursor: string): { path: string; id: string } {
  const [path, id] = decodeCursor(cursor, [/^[0-9]+(\.[0-9]+)*$/, /^[0-9a-f-]{36}$/]);
  return { path, id };
}
