import { Injectable, Module } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { CertificateState } from './certificate.repository';

export type CertificateStateCounts = Record<CertificateState, number>;

/** How many certificates residents hold in each state, for statistics (reporting's projection and its recount). */
@Injectable()
export class CertificateStateCounter {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The residents among `ids` who have certificates, with their counts by state. */
  async of(ids: readonly string[], manager?: EntityManager): Promise<Map<string, CertificateStateCounts>> {
    if (ids.length === 0) return new Map();
    const rows: Array<{ id: string; state: CertificateState; n: number }> = await (manager ?? this.dataSource.manager).query(
      `SELECT resident_id AS id, state, count(*)::int AS n FROM certificates_certificates WHERE resident_id = ANY($1::uuid[]) GROUP BY 1, 2`,
      [[...ids]],
    );
    const out = new Map<string, CertificateStateCounts>();
    for (const r of rows) {
      const counts = out.get(r.id) ?? { pending: 0, recognised: 0, rejected: 0, failed: 0, revoked: 0 };
      counts[r.state] = r.n;
      out.set(r.id, counts);
    }
    return out;
  }
}

/** What other capabilities read of certificates for statistics, without the issuing machinery. */
@Module({ providers: [CertificateStateCounter], exports: [CertificateStateCounter] })
export class CertificateReadersModule {}
