import { randomUUID } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { provinceCodeOfPath } from '@hvs/geography';
import { ResidentPlaces } from '@hvs/identity';
import { CourseVersionLabels } from '@hvs/learning';
import { type DispatchedEvent, OutboxHandlers, vietnamYear } from '@hvs/platform';
import type { EntityManager } from 'typeorm';
import { CertificateRepository } from './certificate.repository';

export const SYSTEM_ACTOR = 'system:certificates';

/** Building a DateTimeFormat costs ~0.1 ms (measured in the certificate-issue profile): one is kept. */


/**
 * Consumes `learning.course_completed`: creates the resident's certificate for the version, `pending`,
 * in the dispatcher's transaction (so the certificate exists exactly when the event is consumed). At
 * most one per resident and version: a second event for the pair changes nothing. Takes the events in
 * runs (a wave of completions costs six statements, not eight per event: docs/benchmarks.md).
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
    this.handlers.registerBatch('learning.course_completed', async (tx, events) => void (await this.consume(tx, events)));
  }

  /** Creates the pending certificates of the events' completions; returns how many were created. */
  async consume(tx: EntityManager, events: readonly DispatchedEvent<'learning.course_completed'>[]): Promise<number> {
    const existing = await this.certificates.existingPairs(
      tx,
      events.map((e) => e.payload),
    );
    const seen = new Set(existing);
    const fresh = events.filter((e) => {
      const key = `${e.payload.residentId}:${e.payload.courseVersionId}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    if (fresh.length === 0) return 0;
    const places = await this.places.of([...new Set(fresh.map((e) => e.payload.residentId))], tx);
    const versions = await this.versions.of([...new Set(fresh.map((e) => e.payload.courseVersionId))], tx);
    const certificates = fresh.map((event) => {
      const p = event.payload;
      const place = places.get(p.residentId);
      if (!place) throw new Error(`resident ${p.residentId} of event ${event.id} not found`);
      const version = versions.get(p.courseVersionId);
      if (!version) throw new Error(`course version ${p.courseVersionId} of event ${event.id} not found`);
      const completedAt = new Date(p.completedAt);
      return {
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
      };
    });
    return this.certificates.insertPendingMany(tx, certificates, SYSTEM_ACTOR);
  }
}
