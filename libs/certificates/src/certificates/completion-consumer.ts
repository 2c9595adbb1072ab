import { randomUUID } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { provinceCodeOfPath } from '@hvs/geography';
import { ResidentPlaces } from '@hvs/identity';
import { CourseVersionLabels } from '@hvs/learning';
import { OutboxHandlers, type DispatchedEvent } from '@hvs/platform';
import type { EntityManager } from 'typeorm';
import { CertificateRepository } from './certificate.repository';

export const SYSTEM_ACTOR = 'system:certificates';

/** The calendar year of a moment in Vietnam (serials count per province and Vietnamese year). */
/** Building a DateTimeFormat costs ~0.1 ms (measured in the certificate-issue profile): one is kept. */
const VIETNAM_YEAR = new Intl.DateTimeFormat('en', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' });

export function vietnamYear(at: Date): number {
  return Number(VIETNAM_YEAR.format(at));
}

/**
 * Consumes `learning.course_completed`: creates the resident's certificate for the version, `pending`,
 * in the dispatcher's transaction (so the certificate exists exactly when the event is consumed). At
 * most one per resident and version: a second event for the pair changes nothing.
 */
@Injectable()
export class CompletionConsumer implements OnModuleInit {
  constructor(
    private readonly handlers: OutboxHandlers,
    private readonly certificates: CertificateRepository,
    private readonly places: ResidentPlaces,
    private readonly versions: CourseVersionLabels,
  ) {}

  onModuleInit(): void {
    this.handlers.register('learning.course_completed', async (tx, event) => void (await this.consume(tx, event)));
  }

  async consume(tx: EntityManager, event: DispatchedEvent<'learning.course_completed'>): Promise<boolean> {
    const p = event.payload;
    if (await this.certificates.exists(tx, p.residentId, p.courseVersionId)) return false;
    const place = (await this.places.of([p.residentId], tx)).get(p.residentId);
    if (!place) throw new Error(`resident ${p.residentId} of event ${event.id} not found`);
    const version = (await this.versions.of([p.courseVersionId], tx)).get(p.courseVersionId);
    if (!version) throw new Error(`course version ${p.courseVersionId} of event ${event.id} not found`);
    const completedAt = new Date(p.completedAt);
    return this.certificates.insertPending(
      tx,
      {
        id: randomUUID(),
        residentId: p.residentId,
        courseId: p.courseId,
        courseVersionId: p.courseVersionId,
        courseCode: version.courseCode,
        courseVersionNumber: version.number,
        classId: p.classId,
        via: p.via,
        completedAt,
        provinceCode: provinceCodeOfPath(place.path),
        year: vietnamYear(completedAt),
        communeCode: place.communeCode,
        villageCode: place.villageCode,
        path: place.path,
      },
      SYSTEM_ACTOR,
    );
  }
}
