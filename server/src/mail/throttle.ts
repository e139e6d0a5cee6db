import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '../clock';

/**
 * At most one mail of a kind per key (an address, an account) in `intervalMs`, measured from the
 * last mail that went, not in fixed slots: a row per key (`mail_throttle`, SHA-256 of the key)
 * holds when the next may go, taken or refused by one atomic upsert, so concurrent requests on
 * any instance send one. Time is the app's clock.
 */
export class MailThrottle {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * Takes the key's turn when it is free: answers `{ sent: true, nextAt }` (the caller sends now;
   * `nextAt` is when the following one may go), or `{ sent: false, nextAt }` when one went less
   * than `intervalMs` ago. With `manager`, the turn is taken in that transaction (given back if it
   * rolls back).
   */
  async take(key: string, intervalMs: number, manager: EntityManager = this.ds.manager): Promise<{ sent: boolean; nextAt: Date }> {
    const now = this.clock.now();
    const hashed = createHash('sha256').update(key, 'utf8').digest('hex');
    const taken = (await manager.query(
      `INSERT INTO mail_throttle (key, next_at) VALUES ($1, $2)
       ON CONFLICT (key) DO UPDATE SET next_at = EXCLUDED.next_at WHERE mail_throttle.next_at <= $3
       RETURNING next_at AS "nextAt"`,
      [hashed, new Date(now.getTime() + intervalMs), now],
    )) as Array<{ nextAt: Date }>;
    if (taken[0]) return { sent: true, nextAt: taken[0].nextAt };
    const [held] = (await manager.query(`SELECT next_at AS "nextAt" FROM mail_throttle WHERE key = $1`, [hashed])) as Array<{ nextAt: Date }>;
    return { sent: false, nextAt: held?.nextAt ?? now };
  }

  /** Forgets keys whose turn has come (they would be taken anyway): keeps the table to the last interval's mails. */
  async prune(): Promise<void> {
    await this.ds.query(`DELETE FROM mail_throttle WHERE next_at <= $1`, [this.clock.now()]);
  }
}
