import { Injectable, Logger } from '@nestjs/common';
import { certificateEventFields } from '../certificates/certificate-events';
import { InjectDataSource } from '@nestjs/typeorm';
import { GeoCatalog } from '@hvs/geography';
import { ResidentIdentityReader, type HolderIdentity, type HolderIdentityResult } from '@hvs/identity';
import { CourseVersionLabels, type CourseVersionLabel } from '@hvs/learning';
import { Coalescer, Outbox, type JobName, type JobPayloads, type JobResults } from '@hvs/platform';
import type { DataSource } from 'typeorm';
import { CertificateRepository, type CertificateRow } from '../certificates/certificate.repository';
import { SYSTEM_ACTOR } from '../certificates/completion-consumer';
import { credentialCourse } from '../credentials/credential-course';
import { CredentialSigner, type CredentialInput } from '../credentials/credential-signer';
import { idempotencyKeyOf, PartnerClient } from '../partner/partner-client';
import { PartnerError } from '../partner/partner-error';
import { citizenRejection, holderRejection, type Rejection } from './rejection-reasons';

export type IssueJob = JobPayloads[typeof JobName.IssueCertificate];
export type IssueResult = JobResults[typeof JobName.IssueCertificate];

/** The purpose residents consent to for their identity to be sent to the partner. */
export const RECOGNITION_PURPOSE = 'certificate_recognition';

/**
 * How the database work of concurrent jobs is coalesced (docs/benchmarks.md, certificate-issue): the
 * certificates, the holders' identities and the final transactions of the jobs a worker runs at once
 * are read and written in batches of up to BATCH_MAX, the first caller of a batch waiting BATCH_WAIT_MS.
 */
const BATCH_MAX = 100;
const BATCH_WAIT_MS = 2;
/** Course versions are read once a minute at most (a published version does not change). */
const COURSE_CACHE_MS = 60_000;

/** A course version's label and the competencies its lessons teach (what the credential attests). */
type CourseDetails = CourseVersionLabel & { competencies: Array<{ code: string; name: string }> };

interface Recognition {
  job: IssueJob;
  reference: string;
  credential: { jwt: string; kid: string; issuedAt: Date } | null;
  alsoFailed: boolean;
}

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
  private readonly certificateLoads = new Coalescer<string, CertificateRow | null>(
    async (ids) => {
      const rows = await this.certificates.findMany(ids);
      return ids.map((id) => rows.get(id) ?? null);
    },
    { maxBatch: BATCH_MAX, waitMs: BATCH_WAIT_MS },
  );
  private readonly holderLoads = new Coalescer<string, HolderIdentityResult>(
    async (residentIds) => {
      const found = await this.holders.forPurposeMany(residentIds, RECOGNITION_PURPOSE, { system: SYSTEM_ACTOR });
      return residentIds.map((id) => found.get(id) as HolderIdentityResult);
    },
    { maxBatch: BATCH_MAX, waitMs: BATCH_WAIT_MS },
  );
  private readonly recognitions = new Coalescer<Recognition, IssueResult>((items) => this.recogniseBatch(items), {
    maxBatch: BATCH_MAX,
    waitMs: BATCH_WAIT_MS,
  });
  private readonly courseCache = new Map<string, { at: number; label: Promise<CourseDetails | undefined> }>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly certificates: CertificateRepository,
    private readonly holders: ResidentIdentityReader,
    private readonly versions: CourseVersionLabels,
    private readonly catalog: GeoCatalog,
    private readonly partner: PartnerClient,
    private readonly signer: CredentialSigner,
    private readonly outbox: Outbox,
  ) {}

  async issue(job: IssueJob): Promise<IssueResult> {
    const c = await this.certificateLoads.run(job.certificateId);
    if (!isCurrent(c, job)) return { outcome: 'skipped' };

    const identity = await this.holderLoads.run(c.residentId);
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
   * outbox event. Also used by reconciliation for a certificate the partner recorded. The
   * transactions of concurrent jobs are coalesced into one (a group commit: recogniseBatch).
   */
  async recognise(
    job: IssueJob,
    reference: string,
    credential: { jwt: string; kid: string; issuedAt: Date } | null,
    options: { alsoFailed?: boolean } = {},
  ): Promise<IssueResult> {
    return this.recognitions.run({ job, reference, credential, alsoFailed: options.alsoFailed ?? false });
  }

  /**
   * The recognitions of a batch of jobs in ONE transaction: one statement moving every certificate
   * still current (with its history rows), one inserting their `certificates.recognised` events. A
   * certificate twice in the batch (reconciliation meeting its own job) is done in a second round.
   */
  private async recogniseBatch(items: readonly Recognition[]): Promise<IssueResult[]> {
    const seen = new Set<string>();
    const first = items.filter((i) => !seen.has(i.job.certificateId) && seen.add(i.job.certificateId));
    const again = items.filter((i) => !first.includes(i));
    const results = new Map<Recognition, IssueResult>();
    await this.dataSource.transaction(async (m) => {
      const moved = await this.certificates.recogniseMany(
        m,
        first.map((i) => ({ id: i.job.certificateId, submission: i.job.submission, reference: i.reference, credential: i.credential, alsoFailed: i.alsoFailed })),
        SYSTEM_ACTOR,
      );
      const recognisedAt = new Date().toISOString();
      await this.outbox.emitMany(
        m,
        moved.map((c) => ({
          topic: 'certificates.recognised' as const,
          dedupeKey: `certificates.recognised:${c.id}:${c.submission}`,
          payload: {
            ...certificateEventFields(c),
            partnerReference: c.partnerReference as string,
            recognisedAt,
          },
        })),
      );
      const movedIds = new Set(moved.map((c) => c.id));
      for (const i of first) {
        if (movedIds.has(i.job.certificateId)) results.set(i, { outcome: 'recognised', reference: i.reference });
        else {
          this.logger.warn(`certificate ${i.job.certificateId} was recorded at the partner (${i.reference}) but is no longer pending in submission ${i.job.submission}`);
          results.set(i, { outcome: 'skipped', reference: i.reference });
        }
      }
    });
    if (again.length > 0) {
      const later = await this.recogniseBatch(again);
      again.forEach((i, k) => results.set(i, later[k]));
    }
    return items.map((i) => results.get(i) as IssueResult);
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

  /** A course version's label, from a cache kept a minute (every job of a wave asks for the same). */
  private courseVersion(versionId: string): Promise<CourseDetails | undefined> {
    const cached = this.courseCache.get(versionId);
    if (cached && Date.now() - cached.at < COURSE_CACHE_MS) return cached.label;
    const label = Promise.all([this.versions.of([versionId]), this.versions.competenciesOf(versionId)]).then(([labels, competencies]) => {
      const found = labels.get(versionId);
      return found && { ...found, competencies };
    });
    // a failed read is not kept
    label.catch(() => this.courseCache.delete(versionId));
    this.courseCache.set(versionId, { at: Date.now(), label });
    return label;
  }

  /** What the credential is made of. The issue date is the completion's, so every retry signs the same JWT. */
  private async credentialInput(c: CertificateRow, holder: HolderIdentity): Promise<CredentialInput> {
    const version = await this.courseVersion(c.courseVersionId);
    const commune = this.catalog.commune(c.communeCode);
    return {
      certificateId: c.id,
      serial: c.serial,
      issuedAt: new Date(c.issuedAt ?? c.completedAt),
      holder: { residentId: c.residentId, fullName: holder.fullName, birthYear: Number(holder.birthDate.slice(0, 4)) },
      course: credentialCourse({
        courseId: c.courseId,
        courseCode: c.courseCode,
        versionNumber: c.courseVersionNumber,
        via: c.via,
        title: version?.title,
        competencies: version?.competencies,
      }),
      issuingUnit: { code: c.communeCode, name: commune?.fullName ?? `Xã/phường ${c.communeCode}` },
    };
  }
}

function isCurrent(c: CertificateRow | null, job: IssueJob, alsoFailed = false): c is CertificateRow {
  return c !== null && (c.state === 'pending' || (alsoFailed && c.state === 'failed')) && c.submission === job.submission;
}
