import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Infrastructure } from '../../infrastructure';
import { activeSessionSql, activeSql } from './accounts.policy';
import { SessionEntity } from './session.entity';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Bearer sessions: the token is 32 random bytes shown once; only its SHA-256 is stored. */
export class SessionService {
  constructor(private readonly deps: Infrastructure) {}

  async create(manager: EntityManager, userId: string): Promise<{ token: string; session: SessionEntity }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.deps.config.sessionTtlDays * 24 * 60 * 60 * 1000);
    const session = await manager.save(
      manager.create(SessionEntity, { userId, tokenHash: hashToken(token), expiresAt, revokedAt: null }),
    );
    return { token, session };
  }

  async findActive(token: string): Promise<SessionEntity | null> {
    return this.deps.ds
      .getRepository(SessionEntity)
      .createQueryBuilder('s')
      .where('s.token_hash = :hash', { hash: hashToken(token) })
      .andWhere(activeSql('s'))
      .getOne();
  }

  /** Whether the user's session is still active (a live subscriber asks this per event). */
  async isActive(userId: string, sessionId: string): Promise<boolean> {
    const rows = (await this.deps.ds.query(`SELECT 1 FROM sessions s WHERE ${activeSessionSql('s', '$1', '$2')}`, [sessionId, userId])) as unknown[];
    return rows.length > 0;
  }

  async revoke(sessionId: string): Promise<void> {
    await this.deps.ds.getRepository(SessionEntity).update({ id: sessionId }, { revokedAt: () => 'now()' });
  }
}
