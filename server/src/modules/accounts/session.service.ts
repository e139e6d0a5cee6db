import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Infrastructure } from '../../infrastructure';
import { accessEndedTopic } from '../../pubsub/access';
import { activeSql } from './accounts.policy';
import { SessionCache, type CachedSession } from './session-cache';
import { SessionEntity } from './session.entity';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Bearer sessions: the token is 32 random bytes shown once; only its SHA-256 is stored. */
export class SessionService {
  /** This instance's recently seen sessions (`findActive`). */
  readonly cache: SessionCache;

  constructor(private readonly deps: Infrastructure) {
    this.cache = new SessionCache(deps.pubsub);
  }

  async create(manager: EntityManager, userId: string): Promise<{ token: string; session: SessionEntity }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.deps.config.sessionTtlDays * 24 * 60 * 60 * 1000);
    const session = await manager.save(
      manager.create(SessionEntity, { userId, tokenHash: hashToken(token), expiresAt, revokedAt: null }),
    );
    return { token, session };
  }

  /**
   * The active session of `token` (neither revoked nor expired), or null. A session this instance
   * has seen lately is answered without a statement (`SessionCache`: its end is pushed and evicts
   * it at once, its expiry is kept); otherwise one statement.
   */
  async findActive(token: string): Promise<CachedSession | null> {
    const hash = hashToken(token);
    const kept = this.cache.answer(hash);
    if (kept !== undefined) return kept;
    const lookup = this.cache.begin(hash);
    const rows = (await this.deps.ds.query(
      `SELECT s.id, s.user_id AS "userId", s.expires_at AS "expiresAt" FROM sessions s WHERE s.token_hash = $1 AND ${activeSql('s')}`,
      [hash],
    )) as Array<{ id: string; userId: string; expiresAt: Date }>;
    const session = rows[0] ? { id: rows[0].id, userId: rows[0].userId, expiresAt: new Date(rows[0].expiresAt) } : null;
    this.cache.settle(hash, lookup, session);
    return session;
  }

  /** Which of `sessionIds` are still active (neither revoked nor expired): one statement. */
  async activeAmong(sessionIds: string[]): Promise<Set<string>> {
    if (sessionIds.length === 0) return new Set();
    const rows = (await this.deps.ds.query(`SELECT s.id FROM sessions s WHERE s.id = ANY($1::uuid[]) AND ${activeSql('s')}`, [sessionIds])) as Array<{ id: string }>;
    return new Set(rows.map((row) => row.id));
  }

  /**
   * Ends the session; after the commit its live subscriptions and kept copies, on every instance,
   * are told to end: resolves once Redis has taken that event (`publishAcknowledged`), so a client
   * answered "signed out" finds the end on its way to every instance (arriving typically within
   * milliseconds), or after ACKNOWLEDGE_TIMEOUT_MS (2 s) while Redis is away: an end Redis never
   * takes reaches every instance within a minute anyway (session-cache.ts's TTL; ACCESS_RECHECK_MS
   * in graphql/subscriptions.ts for live subscriptions).
   */
  async revoke(sessionId: string): Promise<void> {
    const [rows] = (await this.deps.ds.query(`UPDATE sessions SET revoked_at = now() WHERE id = $1 RETURNING user_id AS "userId"`, [sessionId])) as [
      Array<{ userId: string }>,
      number,
    ];
    if (rows[0]) await this.deps.pubsub.publishAcknowledged(accessEndedTopic(rows[0].userId), { type: 'SESSION_ENDED', sessionId });
  }
}
