import { Injectable } from '@nestjs/common';
import {
  checkPersonalFields,
  maskCccd,
  ResidentPersonalDataCodec,
  ResidentRepository,
  ResidentsService,
  type RegisterResidentBody,
  type ResidentDetailView,
  ResidentPlaces,
  type ResidentPlace,
} from '@hvs/identity';
import { CourseCompletion } from '@hvs/learning';
import { AccessScope, AppError, AuditLog, type Caller } from '@hvs/platform';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { ClassEntity } from './class.entity';
import type { EnrolmentEntity } from './enrolment.entity';
import { ClassAccess } from './class-access';
import { ClassErrors, ENROLMENT_ITEM_CODES, type EnrolmentItemCode } from './class-errors';
import { EnrolmentRepository } from './enrolment.repository';
import { ClassRepository } from './class.repository';
import { acceptsWork } from './class-rules';
import { MAX_ENROLMENT_ITEMS } from './dto-fields';
import { type EnrolBody, type EnrolmentItemResultView, type EnrolmentResultView, type EnrolmentView, type RegisterAndEnrolView, type WithdrawBody } from './enrolments.dto';

/** One item of an enrolment request, resolved to a resident or to the reason it cannot be. */
interface ResolvedItem {
  kind: 'residentId' | 'cccd';
  input: string;
  resident?: ResidentPlace;
  code?: EnrolmentItemCode;
}

const CCCD = /^[0-9]{12}$/;

/**
 * Enrolments: residents added by id (in the caller's scope) or by CCCD (anyone registered nationally,
 * people from elsewhere), registered door to door and enrolled, withdrawn with their history kept.
 * Each enrolment request runs with the class row locked, so the capacity holds under concurrent
 * requests; each item gets its own outcome.
 */
@Injectable()
export class EnrolmentsService {
  constructor(
    private readonly classes: ClassRepository,
    private readonly classEnrolments: EnrolmentRepository,
    private readonly residentPlaces: ResidentPlaces,
    private readonly access: ClassAccess,
    private readonly codec: ResidentPersonalDataCodec,
    private readonly residentRecords: ResidentRepository,
    private readonly residents: ResidentsService,
    private readonly audit: AuditLog,
    private readonly completion: CourseCompletion,
  ) {}

  async enrol(classId: string, body: EnrolBody, caller: Caller): Promise<EnrolmentResultView> {
    const residentIds = body.residentIds ?? [];
    const cccds = (body.cccds ?? []).map((c) => c.replace(/[\s.-]/g, ''));
    const total = residentIds.length + cccds.length;
    if (total < 1 || total > MAX_ENROLMENT_ITEMS) throw ClassErrors.tooManyItems(MAX_ENROLMENT_ITEMS);
    const results = await this.enrolResolved(classId, caller, async (tx) => {
      const inScope = new Map((await this.residentPlaces.activeInScope(residentIds, caller.scope, tx)).map((r) => [r.residentId, r]));
      const items: ResolvedItem[] = residentIds.map((id) => {
        const resident = inScope.get(id);
        return resident ? { kind: 'residentId', input: id, resident } : { kind: 'residentId', input: id, code: 'RESIDENT_NOT_FOUND' };
      });
      const wellFormed = cccds.filter((c) => CCCD.test(c));
      const holders = await this.residentPlaces.activeByCccdIndex(
        wellFormed.map((c) => this.codec.cccdIndex(c)),
        tx,
      );
      const byIndex = new Map(holders.map((h) => [Buffer.from(h.cccdIndex).toString('hex'), h]));
      for (const cccd of cccds) {
        if (!CCCD.test(cccd)) {
          items.push({ kind: 'cccd', input: maskCccd(cccd), code: 'CCCD_FORMAT' });
          continue;
        }
        const holder = byIndex.get(this.codec.cccdIndex(cccd).toString('hex'));
        items.push(holder ? { kind: 'cccd', input: maskCccd(cccd), resident: holder } : { kind: 'cccd', input: maskCccd(cccd), code: 'CCCD_NOT_REGISTERED' });
      }
      return items;
    });
    return {
      classId,
      enrolled: results.filter((r) => r.outcome === 'enrolled').length,
      alreadyEnrolled: results.filter((r) => r.outcome === 'already_enrolled').length,
      rejected: results.filter((r) => r.outcome === 'rejected').length,
      results,
    };
  }

  /**
   * Registers a resident door to door (ResidentsService.register: consent, checks and audit there) and
   * enrols them. When the CCCD is already registered (anywhere), the person already registered is
   * enrolled instead, and the answer says so.
   */
  async registerAndEnrol(classId: string, body: RegisterResidentBody, caller: Caller): Promise<RegisterAndEnrolView> {
    // the class first: nobody is registered for a class the caller cannot reach, that is closed or full
    const cls = await this.access.find(classId, caller);
    if (!acceptsWork(cls.status)) throw ClassErrors.classClosed(cls.status);
    if ((await this.classEnrolments.countEnrolled(cls.id)) >= cls.capacity) throw ClassErrors.classFull(cls.capacity);
    let resident: ResidentDetailView | null = null;
    let residentId: string;
    try {
      resident = await this.residents.register(body, caller);
      residentId = resident.id;
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'RESIDENT_DUPLICATE_CCCD')) throw err;
      const checked = checkPersonalFields(body);
      const cccd = checked.problem ? body.cccd : checked.cccd;
      const holder = cccd ? await this.residentRecords.findByCccdIndex(this.codec.cccdIndex(cccd)) : null;
      if (!holder || holder.status !== 'active') throw err;
      residentId = holder.id;
    }
    const [enrolment] = await this.enrolResolved(classId, caller, async (tx) => {
      const [place] = await this.residentPlaces.activeInScope([residentId], AccessScope.all(), tx);
      return [place ? { kind: 'residentId', input: residentId, resident: place } : { kind: 'residentId', input: residentId, code: 'RESIDENT_NOT_FOUND' }];
    });
    const registered = resident !== null;
    return { registered, residentId, resident, enrolment, message: registerMessage(registered, enrolment) };
  }

  /** Withdraws a resident from the class: the enrolment keeps its row, with when, who and why. */
  async withdraw(classId: string, residentId: string, body: WithdrawBody, caller: Caller): Promise<EnrolmentView> {
    return this.classes.transaction(async (tx) => {
      const cls = await this.access.find(classId, caller, tx, true);
      if (!acceptsWork(cls.status)) throw ClassErrors.classClosed(cls.status);
      const current = await this.classEnrolments.findCurrentEnrolment(cls.id, residentId, tx);
      if (!current) throw ClassErrors.enrolmentNotFound(residentId);
      const withdrawn = await this.classEnrolments.withdraw(tx, current.id, caller.account.id, body.reason ?? null);
      await this.audit.record(
        caller,
        { action: 'class.withdraw', targetType: 'resident', targetId: residentId, unitPath: cls.path, details: { classId: cls.id, enrolmentId: current.id, reasonGiven: !!body.reason } },
        tx,
      );
      return enrolmentView(withdrawn);
    });
  }

  /**
   * Enrols resolved items in one transaction with the class row locked: each item is enrolled, found
   * already enrolled, or rejected (its code), in order, until the class is full (CLASS_FULL for the rest).
   */
  private async enrolResolved(classId: string, caller: Caller, resolve: (tx: EntityManager, cls: ClassEntity) => Promise<ResolvedItem[]>): Promise<EnrolmentItemResultView[]> {
    return this.classes.transaction(async (tx) => {
      const cls = await this.access.find(classId, caller, tx, true);
      if (!acceptsWork(cls.status)) throw ClassErrors.classClosed(cls.status);
      const items = await resolve(tx, cls);
      const ids = items.flatMap((i) => (i.resident ? [i.resident.residentId] : []));
      const enrolledNow = await this.classEnrolments.currentlyEnrolled(cls.id, ids, tx);
      let count = await this.classEnrolments.countEnrolled(cls.id, tx);
      const inserts: Array<Pick<EnrolmentEntity, 'id' | 'classId' | 'residentId' | 'fromElsewhere' | 'enrolledBy'>> = [];
      const results = items.map((item): EnrolmentItemResultView => {
        const base = { kind: item.kind, input: item.input };
        if (!item.resident) return { ...base, outcome: 'rejected', code: item.code, message: ENROLMENT_ITEM_CODES[item.code as EnrolmentItemCode] };
        const residentId = item.resident.residentId;
        const fromElsewhere = item.resident.communeCode !== cls.communeCode;
        if (enrolledNow.has(residentId)) return { ...base, residentId, outcome: 'already_enrolled', fromElsewhere };
        if (count >= cls.capacity) return { ...base, residentId, outcome: 'rejected', code: 'CLASS_FULL', message: ENROLMENT_ITEM_CODES.CLASS_FULL };
        count++;
        enrolledNow.add(residentId);
        inserts.push({ id: uuidv7(), classId: cls.id, residentId, fromElsewhere, enrolledBy: caller.account.id });
        return { ...base, residentId, outcome: 'enrolled', fromElsewhere };
      });
      await this.classEnrolments.insertEnrolments(tx, inserts);
      // a rule that asks for no attendance (final passed, taken in a class) can be met by the enrolment itself
      if (inserts.length > 0) await this.completion.evaluate(tx, inserts.map((e) => ({ residentId: e.residentId, versionId: cls.courseVersionId })));
      await this.audit.record(
        caller,
        inserts.map((e) => ({
          action: 'class.enrol',
          targetType: 'resident',
          targetId: e.residentId,
          unitPath: cls.path,
          details: { classId: cls.id, enrolmentId: e.id, fromElsewhere: e.fromElsewhere },
        })),
        tx,
      );
      return results;
    });
  }
}

function registerMessage(registered: boolean, enrolment: EnrolmentItemResultView): string {
  const first = registered
    ? 'Đã đăng ký người dân mới.'
    : 'Số CCCD này đã được đăng ký: không tạo hồ sơ mới, người dân đã có hồ sơ được dùng để ghi danh.';
  const second =
    enrolment.outcome === 'enrolled'
      ? 'Đã ghi danh vào lớp.'
      : enrolment.outcome === 'already_enrolled'
        ? 'Người này đã có tên trong lớp.'
        : `Chưa ghi danh được: ${enrolment.message ?? enrolment.code}`;
  return `${first} ${second}`;
}

export function enrolmentView(e: EnrolmentEntity): EnrolmentView {
  return {
    id: e.id,
    classId: e.classId,
    residentId: e.residentId,
    fromElsewhere: e.fromElsewhere,
    enrolledAt: e.enrolledAt.toISOString(),
    withdrawnAt: e.withdrawnAt ? e.withdrawnAt.toISOString() : null,
    withdrawReason: e.withdrawReason,
  };
}
