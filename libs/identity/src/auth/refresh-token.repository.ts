import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull } from 'typeorm';
import { RefreshTokenEntity } from './refresh-token.entity';

/**
 * Refresh tokens are stored as hashes only; a token is found by the hash of what the client sends.
 * Every operation runs in the caller's transaction.
 */
@Injectable()
export class RefreshTokenRepository {
  insert(tx: EntityManager, token: Omit<RefreshTokenEntity, 'issuedAt' | 'usedAt' | 'revokedAt' | 'revokeReason'>): Promise<unknown> {
    return tx.getRepository(RefreshTokenEntity).insert(token);
  }

  /** The token row, locked for the rest of the transaction (two refreshes with one token serialise here). */
  findByHashForUpdate(tx: EntityManager, tokenHash: Buffer): Promise<RefreshTokenEntity | null> {
    return tx
      .getRepository(RefreshTokenEntity)
      .createQueryBuilder('t')
      .setLock('pessimistic_write')
      .where('t.token_hash = :tokenHash', { tokenHash })
      .getOne();
  }

  async markUsed(tx: EntityManager, id: string): Promise<void> {
    await tx.getRepository(RefreshTokenEntity).update({ id }, { usedAt: new Date() });
  }

  async revokeFamily(tx: EntityManager, familyId: string, reason: string): Promise<void> {
    await tx.getRepository(RefreshTokenEntity).update({ familyId, revokedAt: IsNull() }, { revokedAt: new Date(), revokeReason: reason });
  }

  async revokeAccount(tx: EntityManager, accountId: string, reason: string): Promise<void> {
    await tx.getRepository(RefreshTokenEntity).update({ accountId, revokedAt: IsNull() }, { revokedAt: new Date(), revokeReason: reason });
  }
}
