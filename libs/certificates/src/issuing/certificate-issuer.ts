import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { GeoCatalog } from '@hvs/geography';
import { ResidentIdentityReader, type HolderIdentity } from '@hvs/identity';
import { CourseVersionLabels } from '@hvs/learning';
import { Outbox, type JobName, type JobPayloads, type JobResults } from '@hvs/platform';
import type { DataSource } from 'typeorm';
import { CertificateRepository, type CertificateRow } from '../certificates/certificate.repository';
import { SYSTEM_ACTOR } from '../certificates/completion-consumer';
import { CredentialSigner, type CredentialInput } from '../credentials/credential-signer';
import { idempotencyKeyOf, PartnerClient } from '../partner/partner-client';
import { PartnerError } from '../partner/partner-error';
import { IssuingRepository } from './issuing.repository';
import { citizenRejection, holderRejection, type Rejection } from './rejection-reasons';

export type IssueJob = JobPayloads[typeof JobName.IssueCertificate];
export type IssueResult = JobResults[typeof JobName.IssueCertificate];

/** The purpose residents consent to for their identity to be sent to the partner. */
export const RECOGNITION_PURPOSE = 'certificate_recognition';

/**
 * Gets one pending certificate (one submission of it) recognised by the partner: the holder's
 * identity, the citizen check, the signed credential, the record under the submission's idempotency
 * key, then ONE transaction storing the reference and the credential, moving it to `recognised` and
 * writing `certificates.recognised`. A partner failure is thrown as a PartnerError for the processor
 * to retry; what the partner says about the person ends the certificate `rejected`, with a reason.
 * Nothing is held locked while the partner is called: the row is locked again, and its state checked,
 * in the final transaction.
 */
@Injectable()
export class CertificateIssuer {
  private readonly logger = new Logger(CertificateIssuer.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly certificates: CertificateRepository,
    private readonly issuing: IssuingRepository,
    private readonly holders: ResidentIdentityReader,
    private readonly versions: CourseVersionLabels,
    private readonly catalog: GeoCatalog,
    private readonly partner: PartnerClient,
    private readonly signer: CredentialSigner,
    private readonly outbox: Outbox,
  ) {}

  async issue(job: IssueJob): Promise<IssueResult> {
    const c = await this.certificates.find(job.certificateId);
    if (!isCurrent(c, job)) return { outcome: 'skipped' };

    const identity = await this.holders.forPurpose(c.residentId, RECOGNITION_PURPOSE, { system: SYSTEM_ACTOR });
    if (!identity.ok) return this.reject(job, holderRejection(identity.problem));
    const holder = identity.holder;

    const check = await this.partner.verifyCitizen(holder);
    if (check.result !== 'match') return this.reject(job, citizenRejection(check.result, check.result === 'mismatch' ? check.fields : []));

    const input = await this.credentialInput(c, holder);
    const signed = await this.signer.sign(input);
    let reference: string;
    try {
      const recorded = await this.partner.recordCredential(idempotencyKeyOf(c.id, c.submission), {
        serial: c.serial,
        courseCode: c.courseCode,
        courseVersion: c.courseVersionNumber,
        issuedAt: input.issuedAt.toISOString(),
        issuingUnitCode: input.issuingUnit.code,
        holder,
        credential: signed.jwt,
      });
      reference = recorded.reference;
    } catch (err) {
      if (err instanceof PartnerError && err.kind === 'rejected' && err.reason) {
        return this.reject(job, citizenRejection(err.reason, err.fields));
      }
      throw err;
    }

    return this.recognise(job, reference, { jwt: signed.jwt, kid: signed.kid, issuedAt: input.issuedAt });
  }

  /**
   * In one transaction: the credential and the partner's reference stored, `recognised`, and the
   * outbox event. Also used by reconciliation for a certificate the partner recorded.
   */
  async recognise(
    job: IssueJob,
    reference: string,
    credential: { jwt: string; kid: string; issuedAt: Date } | null,
    options: { alsoFailed?: boolean } = {},
  ): Promise<IssueResult> {
    return this.dataSource.transaction(async (m): Promise<IssueResult> => {
      const c = await this.certificates.find(job.certificateId, m, true);
      if (!isCurrent(c, job, options.alsoFailed)) {
        this.logger.warn(`certificate ${job.certificateId} was recorded at the partner (${reference}) but is no longer pending in submission ${job.submission}`);
        return { outcome: 'skipped', reference };
      }
      if (credential) await this.issuing.storeCredential(m, c.id, credential);
      await this.certificates.transition(m, c, 'recognised', { partnerReference: reference }, SYSTEM_ACTOR);
      await this.outbox.emit(m, {
        topic: 'certificates.recognised',
        dedupeKey: `certificates.recognised:${c.id}:${c.submission}`,
        payload: {
          certificateId: c.id,
          residentId: c.residentId,
          courseVersionId: c.courseVersionId,
          communeCode: c.communeCode,
          villageCode: c.villageCode,
          partnerReference: reference,
          recognisedAt: new Date().toISOString(),
        },
      });
      return { outcome: 'recognised', reference };
    });
  }

  /** Ends the submission `rejected` with the reason the commune officer sees. */
  async reject(job: IssueJob, rejection: Rejection): Promise<IssueResult> {
    return this.dataSource.transaction(async (tx) => {
      const c = await this.certificates.find(job.certificateId, tx, true);
      if (!isCurrent(c, job)) return { outcome: 'skipped' };
      await this.certificates.transition(tx, c, 'rejected', rejection, SYSTEM_ACTOR);
      return { outcome: 'rejected' };
    });
  }

  /** Ends the submission `failed` after its retries ran out, with the last error (re-drivable by officers). */
  async fail(job: IssueJob, error: string): Promise<IssueResult> {
    return this.dataSource.transaction(async (tx) => {
      const c = await this.certificates.find(job.certificateId, tx, true);
      if (!isCurrent(c, job)) return { outcome: 'skipped' };
      await this.certificates.transition(tx, c, 'failed', { error }, SYSTEM_ACTOR);
      return { outcome: 'failed' };
    });
  }

  /** Counts a failed attempt (or only notes the error, for a rate-limit wait). */
  async noteFailure(job: IssueJob, error: string, countAttempt: boolean): Promise<void> {
    await this.certificates.recordFailure(job.certificateId, job.submission, error, countAttempt);
  }

  /** The attempts counted for the submission; null when the certificate is no longer pending in it. */
  async attemptsOf(job: IssueJob): Promise<number | null> {
    const c = await this.certificates.find(job.certificateId);
    return isCurrent(c, job) ? c.attempts : null;
  }

  /** What the credential is made of. The issue date is the completion's, so every retry signs the same JWT. */
  private async credentialInput(c: CertificateRow, holder: HolderIdentity): Promise<CredentialInput> {
    const version = (await this.versions.of([c.courseVersionId])).get(c.courseVersionId);
    const commune = this.catalog.commune(c.communeCode);
    const title = version?.title ?? c.courseCode;
    return {
      certificateId: c.id,
      serial: c.serial,
      issuedAt: new Date(c.issuedAt ?? c.completedAt),
      holder: { residentId: c.residentId, fullName: holder.fullName, birthYear: Number(holder.birthDate.slice(0, 4)) },
      course: {
        id: c.courseId,
        title,
        description: `Khóa học "${title}" (mã ${c.courseCode}), phiên bản ${c.courseVersionNumber}, trên nền tảng Học Vụ Số.`,
        version: c.courseVersionNumber,
        criteria:
          c.via === 'class'
            ? 'Tham gia đủ số buổi học của lớp theo quy định và đạt bài kiểm tra cuối khóa.'
            : 'Hoàn thành tất cả các bài học và đạt bài kiểm tra cuối khóa.',
        competencies: [],
      },
      issuingUnit: { code: c.communeCode, name: commune?.fullName ?? `Xã/phường ${c.communeCode}` },
    };
  }
}

function isCurrent(c: CertificateRow | null, job: IssueJob, alsoFailed = false): c is CertificateRow {
  return c !== null && (c.state === 'pending' || (alsoFailed && c.state === 'failed')) && c.submission === job.submission;
}
