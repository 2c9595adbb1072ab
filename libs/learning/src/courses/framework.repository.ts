import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { CompetencyEntity } from './competency.entity';
import { DomainEntity } from './domain.entity';

/** The only data access of the competency framework (learning_domains, learning_competencies). */
@Injectable()
export class FrameworkRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  domains(manager?: EntityManager): Promise<DomainEntity[]> {
    return this.m(manager).find(DomainEntity, { order: { position: 'ASC' } });
  }

  competencies(manager?: EntityManager): Promise<CompetencyEntity[]> {
    return this.m(manager).find(CompetencyEntity, { order: { domainCode: 'ASC', position: 'ASC' } });
  }

  /** The codes among `codes` that are not competencies of the framework. */
  async unknownCompetencies(codes: readonly string[], manager?: EntityManager): Promise<string[]> {
    const wanted = [...new Set(codes)];
    if (wanted.length === 0) return [];
    const rows: Array<{ code: string }> = await this.m(manager).query('SELECT code FROM learning_competencies WHERE code = ANY($1::text[])', [wanted]);
    const known = new Set(rows.map((r) => r.code));
    return wanted.filter((c) => !known.has(c));
  }
}
