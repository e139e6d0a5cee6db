import type { EntityManager } from 'typeorm';
import type { Clock } from '../../clock';
import type { Infrastructure } from '../../infrastructure';
import type { JobQueue } from '../../jobs/queue';
import type { NewNotification, NotificationsService } from '../notifications/notifications.service';

/** How long before its end the members of a listing's employer are told it runs out. */
export const EXPIRY_REMINDER_DAYS = 3;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Listings one transaction of a sweep changes at most; a sweep goes on until none is left. */
const BATCH = 500;

/**
 * The sweep, every minute (pg-boss's cron: one job per minute whatever the number of instances),
 * retried with backoff when it fails. Each sweep also does what a missed one left (a stopped
 * worker, a restart), so none is ever lost; a late one shows no expired listing meanwhile
 * (`listedSql` tests the time as well).
 */
export const LISTING_EXPIRY_JOB = { name: 'listings.expiry', retry: { retryLimit: 5, retryDelaySeconds: 15 } } as const;
const EVERY_MINUTE = '* * * * *';

/** What one sweep changed. */
export interface ExpirySweep {
  /** Listings flipped to EXPIRED. */
  expired: number;
  /** Listings whose members were reminded that the period ends within `EXPIRY_REMINDER_DAYS`. */
  reminded: number;
}

interface SweptListing {
  id: string;
  employer_id: string;
  title: string;
  expires_at: Date;
}

/**
 * Postings that run out (DESIGN §4, "Posting period"). A published listing whose `expiresAt` has
 * come becomes EXPIRED (it leaves the catalogue; its conversations and contracts go on), and
 * `EXPIRY_REMINDER_DAYS` before that the members are reminded once per period. Both notify
 * every member of the listing's employer at that time, not only the one who published it: the
 * posting is the employer's, paid with its credits, and any member may renew it (and the one who
 * published may have left). Kinds `LISTING_EXPIRING` (payload `listingId`, `title`, `expiresAt`)
 * and `LISTING_EXPIRED` (`listingId`, `title`, `expiredAt`), one per listing and member while
 * unread (group key `listing-expiry:<listing id>`), live on `notificationAdded`.
 *
 * The statements decide, not the job runner: each flips or reminds only rows still due and skips
 * rows another transaction holds (a renewal in progress), so two sweeps at once never notify twice.
 */
export class ListingExpiryService {
  constructor(
    private readonly deps: Infrastructure,
    private readonly jobs: JobQueue,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
  ) {
    jobs.define<Record<string, never>>({ ...LISTING_EXPIRY_JOB, handle: async () => void (await this.sweep()) });
    jobs.schedule(LISTING_EXPIRY_JOB, EVERY_MINUTE);
  }

  /** Queues a sweep now, besides the minute's (an operator; tests that move the clock). */
  async sweepSoon(): Promise<void> {
    await this.jobs.send(LISTING_EXPIRY_JOB, {});
  }

  /** Expires what is due, then reminds what ends within `EXPIRY_REMINDER_DAYS`, as of `clock.now()`. */
  async sweep(): Promise<ExpirySweep> {
    const now = this.clock.now();
    const result: ExpirySweep = { expired: 0, reminded: 0 };
    for (let n = BATCH; n === BATCH; result.expired += n) n = await this.expireBatch(now);
    for (let n = BATCH; n === BATCH; result.reminded += n) n = await this.remindBatch(now);
    return result;
  }

  private async expireBatch(now: Date): Promise<number> {
    return this.changeAndNotify(
      `UPDATE listings l SET status = 'EXPIRED', updated_at = clock_timestamp()
        WHERE l.id IN (SELECT id FROM listings WHERE status = 'PUBLISHED' AND expires_at <= $1
                        ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED)
          AND l.status = 'PUBLISHED' AND l.expires_at <= $1
        RETURNING l.id, l.employer_id, l.title, l.expires_at`,
      [now, BATCH],
      (listing) => ({ kind: 'LISTING_EXPIRED', payload: { listingId: listing.id, title: listing.title, expiredAt: listing.expires_at.toISOString() } }),
    );
  }

  private async remindBatch(now: Date): Promise<number> {
    return this.changeAndNotify(
      `UPDATE listings l SET expiry_reminded_at = $1
        WHERE l.id IN (SELECT id FROM listings WHERE status = 'PUBLISHED' AND expires_at > $1 AND expires_at <= $2
                          AND expiry_reminded_at IS NULL
                        ORDER BY expires_at LIMIT $3 FOR UPDATE SKIP LOCKED)
          AND l.status = 'PUBLISHED' AND l.expiry_reminded_at IS NULL
        RETURNING l.id, l.employer_id, l.title, l.expires_at`,
      [now, new Date(now.getTime() + EXPIRY_REMINDER_DAYS * DAY_MS), BATCH],
      (listing) => ({ kind: 'LISTING_EXPIRING', payload: { listingId: listing.id, title: listing.title, expiresAt: listing.expires_at.toISOString() } }),
    );
  }

  /** Runs `update` and notifies the members of each listing it returns, in one transaction; live after the commit. */
  private async changeAndNotify(
    update: string,
    params: unknown[],
    notification: (listing: SweptListing) => Pick<NewNotification, 'kind' | 'payload'>,
  ): Promise<number> {
    const { changed, stored } = await this.deps.ds.transaction(async (manager) => {
      const [rows] = (await manager.query(update, params)) as [SweptListing[], number];
      const members = await this.membersOf(manager, rows);
      const notifications = rows.flatMap((listing) =>
        (members.get(listing.employer_id) ?? []).map((userId) => ({ userId, ...notification(listing), groupKey: `listing-expiry:${listing.id}` })),
      );
      return { changed: rows.length, stored: await this.notifications.addMany(manager, notifications) };
    });
    await this.notifications.publish(stored);
    return changed;
  }

  private async membersOf(manager: EntityManager, listings: SweptListing[]): Promise<Map<string, string[]>> {
    if (listings.length === 0) return new Map();
    const rows = (await manager.query(
      `SELECT employer_id, array_agg(user_id ORDER BY user_id) AS user_ids FROM employer_members WHERE employer_id = ANY($1::uuid[]) GROUP BY employer_id`,
      [[...new Set(listings.map((listing) => listing.employer_id))]],
    )) as Array<{ employer_id: string; user_ids: string[] }>;
    return new Map(rows.map((row) => [row.employer_id, row.user_ids]));
  }
}
