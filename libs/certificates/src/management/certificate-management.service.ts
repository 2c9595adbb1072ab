import { Injectable } from '@nestjs/common';
import { certificateEventFields } from '../certificates/certificate-events';
import { InjectDataSource } from '@nestjs/typeorm';
import { GeoCatalog, UnitsInScope, VILLAGE_CODE } from '@hvs/geography';
import { ResidentPersonalDataCodec } from '@hvs/identity';
import { AuditLog, decodeCursor, keysetPage, Outbox, type Caller, type KeysetPage } from '@hvs/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { actorOf, CertificateErrors } from './certificate-access';
import { CertificateQueryRepository, type CertificateListRow, type OwnCertificateRow } from './certificate-query.repository';
import { CertificateTransitionRepository, type LockedCertificate, type RependTarget } from './certificate-transitions.repository';
import {
  CERTIFICATE_STATES,
  type CertificateDetailView,
  type CertificateSummaryQuery,
  type CertificateSummaryView,
  type CertificateView,
  type ListCertificatesQuery,
  type OwnCertificatesView,
  type OwnCertificateView,
  type RedriveCertificatesBody,
  type RedriveResultView,
  type StateCountsView,
} from './certificates.dto';

/** How a holder whose personal data was erased appears. */
export const ERASED_HOLDER = '(Đã xóa dữ liệu cá nhân)';
/** Most certificates one re-drive request moves (call again while `more`). */
export const REDRIVE_BATCH = 5000;

const PATH = /^[0-9]+(\.[0-9]+)*$/;
const UUID = /^[0-9a-f-]{36}$/;

/**
 * The officers' side of certificates: lists and counts in scope, one certificate with its history,
 * revocation, re-submission and bulk re-drive; and a resident's own certificates. Reading holders'
 * names is in the audit trail (one entry per holder shown, so it appears in the person's access log);
 * every change commits with its history line, audit entry and, for a revocation, its outbox event.
 */
@Injectable()
export class CertificateManagementService {
  constructor(
    private readonly queries: CertificateQueryRepository,
    private readonly transitions: CertificateTransitionRepository,
    private readonly codec: ResidentPersonalDataCodec,
    private readonly catalog: GeoCatalog,
    private readonly units: UnitsInScope,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async list(query: ListCertificatesQuery, caller: Caller): Promise<KeysetPage<CertificateView>> {
    const underPath = await this.units.pathOf(query, caller.scope);
    const nameTokens = query.q ? this.codec.queryTokens(query.q) : undefined;
    if (query.q && !nameTokens?.length) return { items: [], nextCursor: null, limit: query.limit };
    const after = query.cursor ? decodeCursor(query.cursor, [PATH, UUID]) : undefined;
    const rows = await this.queries.page(
      {
        state: query.state,
        underPath,
        classId: query.classId,
        nameTokens,
        after: after ? { path: after[0], id: after[1] } : undefined,
        limit: query.limit + 1,
      },
      caller.scope,
    );
    const page = keysetPage(rows, query.limit, (row) => this.view(row), (row) => [row.path, row.id]);
    await this.auditNames(caller, rows.slice(0, query.limit), 'certificate.list_read');
    return page;
  }

  async get(id: string, caller: Caller): Promise<CertificateDetailView> {
    const row = await this.queries.findInScope(id, caller.scope);
    if (!row) throw CertificateErrors.notFound(id);
    const history = await this.queries.history(id);
    await this.auditNames(caller, [row], 'certificate.read');
    return {
      ...this.view(row),
      history: history.map((h) => ({
        fromState: h.fromState,
        toState: h.toState,
        submission: h.submission,
        code: h.code,
        reason: h.reason,
        actor: h.actor,
        actorName: h.actorName,
        at: h.at.toISOString(),
      })),
    };
  }

  async summary(query: CertificateSummaryQuery, caller: Caller): Promise<CertificateSummaryView> {
    const unit = query.unit;
    let level: CertificateSummaryView['level'] = null;
    let underPath: string | undefined;
    if (unit !== undefined) {
      if (/^[0-9]{2}$/.test(unit)) {
        level = 'province';
        underPath = this.catalog.provinceInScope(unit, caller.scope).path;
      } else if (/^[0-9]{5}$/.test(unit)) {
        level = 'commune';
        underPath = this.catalog.communeInScope(unit, caller.scope).path;
      } else if (VILLAGE_CODE.test(unit)) {
        level = 'village';
        underPath = (await this.units.village(unit, caller.scope)).path;
      } else {
        throw CertificateErrors.invalidUnit(unit);
      }
    }
    const counts = await this.queries.counts(underPath, caller.scope);
    const byState = Object.fromEntries(CERTIFICATE_STATES.map((s) => [s, counts.byState.get(s) ?? 0])) as unknown as StateCountsView;
    const total = CERTIFICATE_STATES.reduce((sum, s) => sum + (counts.byState.get(s) ?? 0), 0);
    return { unit: unit ?? null, level, total, byState, rejectedByCode: counts.rejectedByCode };
  }

  async own(caller: Caller): Promise<OwnCertificatesView> {
    return { items: (await this.queries.ownOf(caller.account.id)).map(ownView) };
  }

  /**
   * Revokes a certificate (recognised, pending, rejected or failed) with a reason: its state, who and
   * why, the history line, the `certificates.revoked` event (the worker tells the partner) and the
   * audit entry, in one transaction. A second revocation is 409 CERTIFICATE_ALREADY_REVOKED.
   */
  async revoke(id: string, reason: string, caller: Caller): Promise<CertificateDetailView> {
    return this.changeOne(id, caller, 'certificate.revoke', async (tx, c) => {
      if (c.state === 'revoked') throw CertificateErrors.alreadyRevoked(id);
      const revokedAt = await this.transitions.revoke(tx, c, reason, caller.account.id);
      await this.outbox.emit(tx, {
        topic: 'certificates.revoked',
        dedupeKey: `certificates.revoked:${c.id}`,
        payload: {
          ...certificateEventFields(c),
          wasRecognised: c.state === 'recognised',
          reason,
          revokedBy: caller.account.id,
          revokedAt: revokedAt.toISOString(),
        },
      });
    });
  }

  /** Sends a rejected or failed certificate to the partner again (back to pending, submission + 1). */
  async resubmit(id: string, caller: Caller): Promise<CertificateDetailView> {
    return this.changeOne(id, caller, 'certificate.resubmit', async (tx, c) => {
      if (c.state !== 'rejected' && c.state !== 'failed') throw CertificateErrors.notResubmittable(id, c.state);
      await this.transitions.repend(tx, { states: [c.state], scope: caller.scope, ids: [c.id], limit: 1 }, actorOf(caller), 'RESUBMITTED');
    });
  }

  /**
   * An officer's change of one certificate, in one transaction: the certificate locked in the caller's
   * scope (404 outside it), the change, and its audit entry; then the certificate as it is now.
   */
  private async changeOne(
    id: string,
    caller: Caller,
    action: string,
    change: (tx: EntityManager, c: LockedCertificate) => Promise<void>,
  ): Promise<CertificateDetailView> {
    await this.dataSource.transaction(async (tx) => {
      const c = await this.transitions.lockInScope(tx, id, caller.scope);
      if (!c) throw CertificateErrors.notFound(id);
      await change(tx, c);
      await this.audit.record(
        caller,
        { action, targetType: 'certificate', targetId: c.id, unitPath: c.path, details: { fromState: c.state, residentId: c.residentId } },
        tx,
      );
    });
    return this.get(id, caller);
  }

  /**
   * Re-drives failed (or rejected) certificates in the caller's scope, optionally one commune's or only
   * the ones named, back to pending: at most REDRIVE_BATCH per request (`more` says whether to call
   * again). Idempotent: what is already pending is not moved again.
   */
  async redrive(body: RedriveCertificatesBody, caller: Caller): Promise<RedriveResultView> {
    const underPath = body.communeCode ? this.catalog.communeInScope(body.communeCode, caller.scope).path : undefined;
    const target: RependTarget = { states: [body.state], scope: caller.scope, underPath, ids: body.ids, limit: REDRIVE_BATCH };
    return this.dataSource.transaction(async (tx) => {
      const moved = await this.transitions.repend(tx, target, actorOf(caller), 'REDRIVEN');
      const more = moved.length === REDRIVE_BATCH && (await this.transitions.anyLeft(tx, target));
      if (moved.length > 0) {
        await this.audit.record(
          caller,
          {
            action: 'certificate.redrive',
            targetType: 'certificate',
            targetId: null,
            unitPath: underPath ?? null,
            details: { state: body.state, communeCode: body.communeCode ?? null, requested: body.ids?.length ?? null, moved: moved.length },
          },
          tx,
        );
      }
      return { state: body.state, moved: moved.length, more };
    });
  }

  private view(row: CertificateListRow): CertificateView {
    return {
      id: row.id,
      serial: row.serial,
      state: row.state,
      holder: {
        residentId: row.residentId,
        fullName: row.personalData ? this.codec.decrypt(row.residentId, row.personalData).fullName : ERASED_HOLDER,
        birthYear: row.birthYear,
      },
      courseCode: row.courseCode,
      courseVersionNumber: row.courseVersionNumber,
      courseTitle: row.courseTitle,
      classId: row.classId,
      communeCode: row.communeCode,
      communeName: this.catalog.commune(row.communeCode)?.fullName ?? null,
      villageCode: row.villageCode,
      villageName: row.villageName,
      submission: row.submission,
      attempts: row.attempts,
      rejectionCode: row.rejectionCode,
      rejectionReason: row.rejectionReason,
      lastError: row.lastError,
      completedAt: row.completedAt.toISOString(),
      issuedAt: iso(row.issuedAt),
      recognisedAt: iso(row.recognisedAt),
      revokedAt: iso(row.revokedAt),
      revocationReason: row.revocationReason,
      updatedAt: row.updatedAt.toISOString(),
    };
  }

  /** One audit entry per holder whose name was shown (targetType resident: it shows in their access log). */
  private async auditNames(caller: Caller, rows: readonly CertificateListRow[], action: string): Promise<void> {
    await this.audit.record(
      caller,
      rows
        .filter((r) => r.personalData !== null)
        .map((r) => ({ action, targetType: 'resident', targetId: r.residentId, unitPath: r.path, details: { certificateId: r.id, fields: ['fullName'] } })),
    );
  }
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function ownView(row: OwnCertificateRow): OwnCertificateView {
  return {
    id: row.id,
    serial: row.serial,
    state: row.state,
    courseCode: row.courseCode,
    courseVersionNumber: row.courseVersionNumber,
    courseTitle: row.courseTitle,
    completedAt: row.completedAt.toISOString(),
    issuedAt: iso(row.issuedAt),
    recognisedAt: iso(row.recognisedAt),
    revokedAt: iso(row.revokedAt),
    revocationReason: row.revocationReason,
    rejectionCode: row.rejectionCode,
    rejectionReason: row.rejectionReason,
    verificationCode: row.state === 'recognised' || row.state === 'revoked' ? row.verificationCode : null,
  };
}
