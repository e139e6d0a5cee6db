import type { EntityManager } from 'typeorm';
import { paymentRequired } from '../../errors';
import type { Infrastructure } from '../../infrastructure';

export class CreditsService {
  constructor(private readonly deps: Infrastructure) {}

  /**
   * Spends one unspent credit of the employer on the listing (a publish or a renewal), inside the caller's transaction.
   * `FOR UPDATE SKIP LOCKED` lets concurrent publishes each take a different credit and never the
   * same one; with none left the caller's transaction fails with PAYMENT_REQUIRED.
   */
  async spendOne(manager: EntityManager, employerId: string, listingId: string): Promise<string> {
    const [rows] = (await manager.query(
      `UPDATE credits SET listing_id = $2, spent_at = now()
        WHERE id = (SELECT id FROM credits WHERE employer_id = $1 AND listing_id IS NULL
                     ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING id`,
      [employerId, listingId],
    )) as [Array<{ id: string }>, number];
    if (!rows[0]) throw paymentRequired('This employer has no unspent credit: buy credits to publish or renew a listing');
    return rows[0].id;
  }

  /** Inserts the credits of a payment that has just become PAID, inside the caller's transaction. */
  async grant(manager: EntityManager, payment: { id: string; employerId: string; userId: string; quantity: number }): Promise<void> {
    await manager.query(
      `INSERT INTO credits (employer_id, purchased_by_user_id, payment_id)
       SELECT $1, $2, $3 FROM generate_series(1, $4)`,
      [payment.employerId, payment.userId, payment.id, payment.quantity],
    );
  }

  async unspentCount(employerId: string): Promise<number> {
    const [{ count }] = await this.deps.ds.query(
      'SELECT count(*)::int AS count FROM credits WHERE employer_id = $1 AND listing_id IS NULL',
      [employerId],
    );
    return count;
  }
}
