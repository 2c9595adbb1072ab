import { Injectable, Logger } from '@nestjs/common';
import { decodeProtectedHeader } from 'jose';
import type { JobName, JobPayloads, JobResults } from '@hvs/platform';
import { CertificateRepository } from '../certificates/certificate.repository';
import type { PartnerCredential } from '../partner/partner-api';
import { PartnerClient } from '../partner/partner-client';
import { CertificateIssuer } from './certificate-issuer';
import { IssuingRepository, type PartnerStanding } from './issuing.repository';

export type ReconcileJob = JobPayloads[typeof JobName.ReconcileCertificates];
export type ReconcileResult = JobResults[typeof JobName.ReconcileCertificates];
export type Difference = ReconcileResult['differences'][number];

/** The kinds of difference reconciliation reports. */
export const DIFFERENCE_KINDS = {
  /** Recognised (or revoked after recognition) here, but the partner has no record of it. */
  missingAtPartner: 'missing_at_partner',
  /** Recorded at the partner, but not recognised here (pending, failed, rejected). Fixable when pending or failed. */
  notRecognisedHere: 'not_recognised_here',
  /** Recorded at the partner under a serial no certificate here has. */
  unknownHere: 'unknown_here',
  /** Both hold it, under different references. */
  referenceMismatch: 'reference_mismatch',
  /** Revoked on one side only. */
  revokedMismatch: 'revoked_mismatch',
} as const;

export const PARTNER_PAGE = 500;
export const OUR_PAGE = 1000;
/** Examples kept per kind of difference. */
export const MAX_EXAMPLES = 100;

/**
 * Compares our recognised certificates with the partner's records, both ways: the partner's list,
 * page by page, against our rows of the same serials; then our recognised rows against the serials
 * the partner listed. With `fix`, a certificate recorded there but pending or failed here is
 * recognised with the partner's reference and credential (one transaction with its outbox event).
 */
@Injectable()
export class Reconciliation {
  private readonly logger = new Logger(Reconciliation.name);

  constructor(
    private readonly partner: PartnerClient,
    private readonly issuing: IssuingRepository,
    private readonly certificates: CertificateRepository,
    private readonly issuer: CertificateIssuer,
  ) {}

  async run(job: ReconcileJob): Promise<ReconcileResult> {
    const differences: Difference[] = [];
    const perKind = new Map<string, number>();
    const report = (d: Difference) => {
      const n = (perKind.get(d.kind) ?? 0) + 1;
      perKind.set(d.kind, n);
      if (n <= MAX_EXAMPLES) differences.push(d);
    };
    let checked = 0;
    let fixed = 0;
    const seenAtPartner = new Set<string>();

    let after: string | null = null;
    do {
      const page = await this.partner.listCredentials({ after, limit: PARTNER_PAGE });
      after = page.nextCursor;
      const ours = await this.issuing.bySerials(page.items.map((i) => i.serial));
      for (const item of page.items) {
        checked++;
        seenAtPartner.add(item.serial);
        const c = ours.get(item.serial);
        const d = compare(item, c);
        if (!d) continue;
        if (job.fix && c && d.kind === DIFFERENCE_KINDS.notRecognisedHere && (c.state === 'pending' || c.state === 'failed') && item.status === 'recorded') {
          if (await this.repair(c, item)) {
            fixed++;
            report({ ...d, detail: `${d.detail}; fixed: recognised with ${item.reference}` });
            continue;
          }
        }
        report(d);
      }
    } while (after);

    let afterId: string | null = null;
    for (;;) {
      const rows = await this.issuing.heldByPartner(afterId, OUR_PAGE);
      if (rows.length === 0) break;
      afterId = rows[rows.length - 1].id;
      for (const c of rows) {
        if (seenAtPartner.has(c.serial)) continue;
        checked++;
        report({ kind: DIFFERENCE_KINDS.missingAtPartner, certificateId: c.id, serial: c.serial, detail: `${c.state} here with ${c.partnerReference}, unknown to the partner` });
      }
    }

    const total = [...perKind.values()].reduce((a, b) => a + b, 0);
    if (total > 0) this.logger.warn(`reconciliation: ${total} difference(s) (${[...perKind].map(([k, n]) => `${k} ${n}`).join(', ')}), ${fixed} fixed`);
    return { checked, differences, fixed };
  }

  /** Recognises a certificate the partner recorded, with the credential it holds. */
  private async repair(c: PartnerStanding, item: PartnerCredential): Promise<boolean> {
    const full = await this.partner.getCredential(item.reference);
    if (!full?.credential) return false;
    const row = await this.certificates.find(c.id);
    if (!row) return false;
    let kid: string;
    try {
      kid = String(decodeProtectedHeader(full.credential).kid ?? '');
    } catch {
      return false;
    }
    const result = await this.issuer.recognise(
      { certificateId: c.id, submission: row.submission },
      item.reference,
      { jwt: full.credential, kid, issuedAt: new Date(full.issuedAt) },
      { alsoFailed: true },
    );
    return result.outcome === 'recognised';
  }
}

function compare(item: PartnerCredential, c: PartnerStanding | undefined): Difference | null {
  const base = { certificateId: c?.id ?? null, serial: item.serial };
  if (!c) return { ...base, kind: DIFFERENCE_KINDS.unknownHere, detail: `recorded at the partner as ${item.reference}, no certificate here` };
  const heldHere = c.state === 'recognised' || (c.state === 'revoked' && c.partnerReference !== null);
  if (!heldHere) return { ...base, kind: DIFFERENCE_KINDS.notRecognisedHere, detail: `recorded at the partner as ${item.reference}, ${c.state} here` };
  if (c.partnerReference !== item.reference) {
    return { ...base, kind: DIFFERENCE_KINDS.referenceMismatch, detail: `partner ${item.reference}, here ${c.partnerReference}` };
  }
  const revokedThere = item.status === 'revoked';
  const revokedHere = c.state === 'revoked';
  if (revokedThere !== revokedHere) {
    return { ...base, kind: DIFFERENCE_KINDS.revokedMismatch, detail: `partner ${item.status}, here ${c.state}` };
  }
  return null;
}
