import { Injectable } from '@nestjs/common';
import { ResidentErrors, ResidentRepository } from '@hvs/identity';
import { AppError, commonError, type Caller } from '@hvs/platform';

/** The resident a learning request is about, and who is acting for them. */
export interface Learner {
  residentId: string;
  /** The resident's unit path (province.commune[.village]): scoped reads and course visibility. */
  path: string;
  provinceCode: string;
  /** The staff account acting with the resident (assisted), or null when the resident acts. */
  assistedBy: string | null;
}

/** Staff roles that may act with a resident in their scope (register progress, run an assisted quiz). */
export const ASSISTING_ROLES = ['commune_officer', 'instructor'] as const;

/**
 * Resolves the learner of a request: a resident caller is their own learner (naming another resident
 * is refused); a staff caller of an assisting role names a resident, who must be in their scope (404
 * otherwise, so existence does not leak).
 */
@Injectable()
export class Learners {
  constructor(private readonly residents: ResidentRepository) {}

  async resolve(caller: Caller, residentId?: string): Promise<Learner> {
    if (caller.account.role === 'resident') {
      const own = await this.residents.findByAccount(caller.account.id);
      if (!own) throw ResidentErrors.accountHasNoResident();
      if (residentId !== undefined && residentId !== own.id) throw commonError(403, 'FORBIDDEN', { reason: 'a resident acts only for themselves' });
      return { residentId: own.id, path: own.path, provinceCode: own.path.split('.')[0], assistedBy: null };
    }
    if (!(ASSISTING_ROLES as readonly string[]).includes(caller.account.role)) throw commonError(403, 'FORBIDDEN');
    if (residentId === undefined) {
      throw AppError.badRequest('RESIDENT_REQUIRED', 'Cần chọn người dân mà bạn đang hỗ trợ (residentId).');
    }
    const row = await this.residents.findInScope(residentId, caller.scope);
    if (!row) throw ResidentErrors.notFound(residentId);
    return { residentId: row.id, path: row.path, provinceCode: row.path.split('.')[0], assistedBy: caller.account.id };
  }
}
