import { Injectable } from '@nestjs/common';
import { CodeParamPipe, UUID_FORMAT, type Caller } from '@hvs/platform';
import type { EntityManager } from 'typeorm';
import type { ClassEntity } from './class.entity';
import { ClassErrors } from './class-errors';
import { ClassRepository, type ClassReach } from './class.repository';

/**
 * Who may do what with classes (docs/security.md, "Classes"):
 * - read (classes, sessions, rosters, summaries, the register): every staff role, on the classes whose
 *   unit lies in their scope; instructors only on the classes where they are staff;
 * - manage (create, change, set the staff): administrators everywhere, province officers in their
 *   province, commune officers in their commune; area officers only read;
 * - work (enrol and withdraw, register door to door, sessions, home visits): the managers, and the
 *   instructors and volunteers of the class;
 * - residents: none of it (403).
 * A class outside what the caller reaches answers 404 CLASS_NOT_FOUND, like an unknown one.
 */
export const CLASS_READERS = ['administrator', 'province_officer', 'area_officer', 'commune_officer', 'instructor'];
export const CLASS_MANAGERS = ['administrator', 'province_officer', 'commune_officer'];
export const CLASS_WORKERS = [...CLASS_MANAGERS, 'instructor'];
/** Commune-wide reports: officers (not instructors, who see their own classes only). */
export const CLASS_OFFICERS = ['administrator', 'province_officer', 'area_officer', 'commune_officer'];

export const ClassIdPipe = new CodeParamPipe(UUID_FORMAT, 'INVALID_CLASS_ID', 'Mã lớp học phải là một UUID.');
export const SessionIdPipe = new CodeParamPipe(UUID_FORMAT, 'INVALID_SESSION_ID', 'Mã buổi học phải là một UUID.');

/** The reach of a caller: their scope, and for an instructor only the classes they are staff of. */
export function reachOf(caller: Caller): ClassReach {
  return { scope: caller.scope, staffAccountId: caller.account.role === 'instructor' ? caller.account.id : null };
}

/** Finds the class a request is about, within the caller's reach (else 404 CLASS_NOT_FOUND). */
@Injectable()
export class ClassAccess {
  constructor(private readonly classes: ClassRepository) {}

  /** The class, if the caller reaches it; with `lock` (in a transaction) its row is locked for the write. */
  async find(id: string, caller: Caller, manager?: EntityManager, lock = false): Promise<ClassEntity> {
    const found = await this.classes.findInReach(id, reachOf(caller), manager, lock);
    if (!found) throw ClassErrors.classNotFound(id);
    return found;
  }
}
