import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { GeoCatalog } from '@hvs/geography';
import { ResidentPersonalDataCodec } from '@hvs/identity';
import { QuestionStatsService, type QuestionStatsView } from '@hvs/learning';
import { AuditLog, type Caller, vietnamToday } from '@hvs/platform';
import type { DataSource } from 'typeorm';
import { attendanceCounts } from './attendance-rate';
import type { ClassEntity } from './class.entity';
import { ClassAccess, reachOf } from './class-access';
import { ClassErrors } from './class-errors';
import { ClassReportRepository, type ClassSummaryRow, type ResidentLineRow } from './class-report.repository';
import { EnrolmentRepository } from './enrolment.repository';
import { SessionRepository } from './session.repository';
import { ClassRepository } from './class.repository';
import { attendanceRate } from './class-rules';
import type { ClassSummaryView, CommuneClassesSummaryView, RosterResidentView, RosterView } from './class-reports.dto';
import { registerCsv, registerXlsx, type AttendanceStatus, type RegisterSheet } from './register-export';
import { lessonRefs, SessionsService } from './sessions.service';

/** How a person whose personal data was erased appears on a roster or register. */
export const ERASED_NAME = '(Đã xóa dữ liệu cá nhân)';

/** Most classes a commune summary lists. */
const MAX_COMMUNE_CLASSES = 1000;

export interface RegisterFile {
  filename: string;
  contentType: string;
  body: string | Buffer;
}

/**
 * Reports of classes: a session's roster (what the phone needs to take attendance, in one call), class
 * and commune summaries, and the class register as CSV or XLSX. Names are decrypted here: the class's
 * staff call people by name; the register, a file of names that leaves the system, is audited.
 */
@Injectable()
export class ClassReportsService {
  constructor(
    private readonly classes: ClassRepository,
    private readonly classEnrolments: EnrolmentRepository,
    private readonly classSessions: SessionRepository,
    private readonly reports: ClassReportRepository,
    private readonly access: ClassAccess,
    private readonly sessions: SessionsService,
    private readonly codec: ResidentPersonalDataCodec,
    private readonly catalog: GeoCatalog,
    private readonly audit: AuditLog,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly questionStats: QuestionStatsService,
  ) {}

  /**
   * Which questions of the class's course the people of the class get wrong (everybody ever enrolled,
   * withdrawn people included: their attempts were made while learning here), hardest first.
   */
  async questionDifficulty(classId: string, quizId: string | undefined, caller: Caller): Promise<QuestionStatsView> {
    const cls = await this.access.find(classId, caller);
    return this.questionStats.forResidents(cls.courseVersionId, quizId, await this.classEnrolments.everEnrolled(cls.id));
  }

  /**
   * The roster of a session (roster.ts: people enrolled on its day and not withdrawn before it; a home
   * visit's resident), each with their current mark, attendance rate and lessons completed, by name.
   */
  async roster(classId: string, sessionId: string, caller: Caller): Promise<RosterView> {
    const cls = await this.access.find(classId, caller);
    const session = await this.classSessions.findSession(cls.id, sessionId);
    if (!session) throw ClassErrors.sessionNotFound(sessionId);
    const manager = this.dataSource.manager;
    const entries = await this.reports.rosterOf(session.id);
    const [lines, counts, titles] = await Promise.all([
      this.reports.rosterLines(entries, session.id, cls.courseVersionId),
      attendanceCounts(manager, cls.id, vietnamToday(), entries.map((e) => e.residentId)),
      this.sessions.lessonTitles(cls.courseVersionId),
    ]);
    const residents: RosterResidentView[] = lines.map((l) => {
      const count = counts.get(l.residentId);
      return {
        residentId: l.residentId,
        fullName: this.nameOf(l),
        birthYear: l.birthYear,
        villageName: l.villageName,
        // a class session: the enrolment's flag; a home visit (no enrolment needed): where the person lives
        fromElsewhere: session.kind === 'home_visit' ? l.communeCode !== cls.communeCode : l.fromElsewhere,
        attendance: l.markStatus
          ? { status: l.markStatus, remark: l.markRemark, deviceTime: new Date(l.markDeviceTime as Date).toISOString(), recordedBy: l.markRecordedBy }
          : null,
        attendanceRate: count ? attendanceRate(count.attended, count.held) : null,
        lessonsCompleted: l.lessonsCompleted,
      };
    });
    residents.sort(byName);
    return {
      session: { id: session.id, date: session.date, number: session.number, kind: session.kind, status: session.status, lessons: lessonRefs(session.lessonIds, titles) },
      class: { id: cls.id, name: cls.name },
      residents,
    };
  }

  async summary(classId: string, caller: Caller): Promise<ClassSummaryView> {
    const cls = await this.access.find(classId, caller);
    const rows = await this.reports.summaries([cls.id], vietnamToday());
    return summaryView(cls, rows.get(cls.id) as ClassSummaryRow);
  }

  /** One summary row per class of a commune in the caller's scope. */
  async communeSummary(communeCode: string, caller: Caller): Promise<CommuneClassesSummaryView> {
    const commune = this.catalog.communeInScope(communeCode, caller.scope);
    const list = await this.classes.page({ underPath: commune.path, limit: MAX_COMMUNE_CLASSES }, reachOf(caller));
    const rows = await this.reports.summaries(list.map((c) => c.id), vietnamToday());
    return { communeCode: commune.code, communeName: commune.fullName, items: list.map((c) => summaryView(c, rows.get(c.id) as ClassSummaryRow)) };
  }

  /** The class register (sổ điểm danh) as a file; reading the names is audited (class.register_export). */
  async register(classId: string, format: 'csv' | 'xlsx', caller: Caller): Promise<RegisterFile> {
    const cls = await this.access.find(classId, caller);
    const [details, sessions, lines] = await Promise.all([
      this.classes.details([cls.id]),
      this.reports.registerSessions(cls.id),
      this.reports.enrolledLines(cls.id, cls.courseVersionId),
    ]);
    const ids = lines.map((l) => l.residentId);
    const [cells, counts] = await Promise.all([this.reports.registerCells(cls.id, ids), attendanceCounts(this.dataSource.manager, cls.id, vietnamToday(), ids)]);
    const marks = new Map<string, Map<string, AttendanceStatus | null>>(ids.map((id) => [id, new Map()]));
    for (const c of cells) marks.get(c.residentId)?.set(c.sessionId, c.status as AttendanceStatus | null);
    const d = details.get(cls.id);
    const commune = this.catalog.commune(cls.communeCode);
    const place = [d?.villageName, commune?.fullName, commune?.provinceName].filter(Boolean).join(', ');
    const sheet: RegisterSheet = {
      title: [`Sổ điểm danh lớp: ${cls.name}`, place, `Khóa học: ${d ? `${d.courseTitle} (${d.courseCode}, phiên bản ${d.versionNumber})` : cls.courseVersionId}`],
      sessions,
      rows: lines
        .map((l) => {
          const count = counts.get(l.residentId);
          return {
            fullName: this.nameOf(l),
            birthYear: l.birthYear,
            villageName: l.villageName,
            marks: marks.get(l.residentId) ?? new Map(),
            rate: count ? attendanceRate(count.attended, count.held) : null,
          };
        })
        .sort(byName),
    };
    await this.audit.record(caller, {
      action: 'class.register_export',
      targetType: 'class',
      targetId: cls.id,
      unitPath: cls.path,
      details: { format, residents: sheet.rows.length, sessions: sessions.length },
    });
    const base = `so-diem-danh-${cls.id.slice(0, 8)}`;
    return format === 'csv'
      ? { filename: `${base}.csv`, contentType: 'text/csv; charset=utf-8', body: registerCsv(sheet) }
      : { filename: `${base}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: await registerXlsx(sheet) };
  }

  private nameOf(l: ResidentLineRow): string {
    return l.personalData ? this.codec.decrypt(l.residentId, l.personalData).fullName : ERASED_NAME;
  }
}

const collator = new Intl.Collator('vi');
const byName = (a: { fullName: string }, b: { fullName: string }) => collator.compare(a.fullName, b.fullName);

function summaryView(cls: ClassEntity, row: ClassSummaryRow): ClassSummaryView {
  const num = (v: string | null) => (v === null ? null : Number(v));
  return {
    classId: cls.id,
    name: cls.name,
    status: cls.status,
    communeCode: cls.communeCode,
    villageCode: cls.villageCode,
    enrolled: row.enrolled,
    withdrawn: row.withdrawn,
    sessionsHeld: row.sessionsHeld,
    homeVisits: row.homeVisits,
    averageAttendanceRate: num(row.averageAttendanceRate),
    minAttendanceShare: num(row.minAttendanceShare),
    meetingAttendanceShare: row.meetingAttendanceShare,
    completions: row.completions,
  };
}
