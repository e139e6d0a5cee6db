import type { DataSource } from 'typeorm';
import type { Logger } from '../../logger';
import type { PubSub } from '../../pubsub/pubsub';
import { EventScope, type SharedEvent } from '../../graphql/shared-events';
import type { LiveSubscription } from '../../graphql/subscriptions';
import type { NotificationEntity } from './notification.entity';
import { notificationFromRow } from './notifications.service';
import type { NotificationAddedEvent } from './notifications.events';

/** At most this many missed notifications per user are caught up after one outage (the oldest first). */
export const MAX_CAUGHT_UP_NOTIFICATIONS = 50;
/** At most this many taken notifications are remembered per subscription between catch-ups (the oldest forgotten first). */
const MAX_REMEMBERED_TAKEN = 200;

interface Watched {
  userId: string;
  /** The database's time (as text, microseconds kept) after which its notifications are not yet accounted for. */
  after: string;
  /** Notifications (id and `createdAt` in ms) it took live since `after`: a catch-up leaves them out. */
  taken: Set<string>;
  /** Those the last catch-up delivered: the same announced live (held meanwhile) is not delivered again. */
  caughtUp: Set<string>;
}

/** The scopes of caught-up events: what `take` sees go through is a catch-up's, not a live event. */
const caughtUpScopes = new WeakSet<EventScope>();

const keyOf = (notification: Pick<NotificationEntity, 'id' | 'createdAt'>) => `${notification.id}@${new Date(notification.createdAt).getTime()}`;

/**
 * Catch-up of `notificationAdded` after a pub/sub outage, for every such subscription of this
 * instance. Each subscription remembers the database time it is accounted up to (`after`: its
 * subscribing, then each catch-up) and what it took since; when the pub/sub listens again, every
 * subscription holds what arrives, one statement reads each user's notifications created or
 * refreshed (`created_at`) after it (at most MAX_CAUGHT_UP_NOTIFICATIONS per user, oldest first),
 * and each subscription gets those it did not take, then what arrived meanwhile, leaving out what
 * the catch-up delivered (`take`): a notification, as created or refreshed, is not delivered twice
 * across a catch-up.
 */
export class NotificationCatchUp {
  private readonly watched = new Map<LiveSubscription<unknown>, Watched>();

  constructor(
    pubsub: PubSub,
    private readonly ds: DataSource,
    private readonly logger: Logger,
  ) {
    pubsub.onResubscribed((listening) => {
      if (this.watched.size === 0) return;
      const all = [...this.watched];
      for (const [subscription] of all) subscription.pause();
      void listening
        .then(() => this.missed(all.map(([, each]) => each)))
        .catch((err: unknown) => {
          this.logger.warn({ err }, 'notification subscriptions not caught up after the pub/sub came back');
          return null;
        })
        .then((caught) => {
          for (const [subscription, each] of all) {
            if (!caught) {
              subscription.resume([]);
              continue;
            }
            const missed = (caught.byUser.get(each.userId) ?? []).filter((row) => each.after < row.at && !each.taken.has(keyOf(row.notification)));
            // From here the statement's time accounts for everything before it; what it read is
            // taken as it goes through the subscription (`take`), before what was held meanwhile.
            each.after = caught.now;
            each.taken = new Set();
            each.caughtUp = new Set();
            subscription.resume(missed.map((row) => row.shared));
          }
        });
    });
  }

  /** Watches `subscription` of `userId`, accounted up to the database time `after`. */
  add(subscription: LiveSubscription<unknown>, userId: string, after: string): void {
    this.watched.set(subscription, { userId, after, taken: new Set(), caughtUp: new Set() });
    subscription.whenEnded(() => this.watched.delete(subscription));
  }

  /**
   * Whether `subscription` delivers `notification`, handed in `scope`: a caught-up one always (and
   * remembered), a live one unless the last catch-up delivered it already (remembered as taken).
   */
  take(subscription: LiveSubscription<unknown>, notification: NotificationEntity, scope: EventScope): boolean {
    const each = this.watched.get(subscription);
    if (!each) return true;
    const key = keyOf(notification);
    if (caughtUpScopes.has(scope)) {
      each.caughtUp.add(key);
      return true;
    }
    if (each.caughtUp.has(key)) return false;
    each.taken.add(key);
    if (each.taken.size > MAX_REMEMBERED_TAKEN) each.taken.delete(each.taken.values().next().value as string);
    return true;
  }

  /** Each user's notifications after the earliest `after` of its subscriptions, oldest first: one statement for all. */
  private async missed(watched: Watched[]): Promise<{ now: string; byUser: Map<string, Array<{ at: string; notification: NotificationEntity; shared: SharedEvent<NotificationAddedEvent> }>> }> {
    const after = new Map<string, string>();
    for (const each of watched) {
      const known = after.get(each.userId);
      if (known === undefined || each.after < known) after.set(each.userId, each.after);
    }
    const rows = (await this.ds.query(
      `SELECT n.id, n.user_id AS "userId", n.kind, n.payload, n.group_key AS "groupKey", n.created_at AS "createdAt", n.read_at AS "readAt",
              to_char(n.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS at,
              to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS now
         FROM unnest($1::uuid[], $2::timestamp[]) AS w(user_id, after)
         CROSS JOIN LATERAL (
           SELECT * FROM notifications
            WHERE user_id = w.user_id AND created_at > w.after AT TIME ZONE 'UTC' ORDER BY created_at, id LIMIT ${MAX_CAUGHT_UP_NOTIFICATIONS}
         ) n
        ORDER BY n.created_at, n.id`,
      [[...after.keys()], [...after.values()]],
    )) as Array<Record<string, unknown> & { at: string; now: string }>;
    const now = rows[0]?.now ?? (await databaseTime(this.ds));
    const byUser = new Map<string, Array<{ at: string; notification: NotificationEntity; shared: SharedEvent<NotificationAddedEvent> }>>();
    for (const row of rows) {
      const notification = notificationFromRow(row);
      const scope = new EventScope(this.ds);
      caughtUpScopes.add(scope);
      // The subscription's expansion loads it through this key: already here.
      void scope.once('notification', async () => [{ event: { notificationId: notification.id, userId: notification.userId }, notification }]);
      const list = byUser.get(notification.userId) ?? [];
      list.push({ at: row.at, notification, shared: { event: { notificationId: notification.id, userId: notification.userId }, scope } });
      byUser.set(notification.userId, list);
    }
    return { now, byUser };
  }
}

/**
 * The real time now as a mark (UTC, microseconds, as `databaseTime` writes it), for a subscription
 * that is starting: no statement. The database's clock is the machine's (real time, not the app's
 * movable clock), to the millisecond.
 */
export function wallClockMark(): string {
  return `${new Date().toISOString().slice(0, 23)}000`;
}

/** The database's time now, in UTC with microseconds (text that orders as time does). */
export async function databaseTime(ds: DataSource): Promise<string> {
  const [row] = (await ds.query(`SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS now`)) as Array<{ now: string }>;
  return row.now;
}

const catchUps = new WeakMap<PubSub, NotificationCatchUp>();

/** This instance's notification catch-up. */
export function notificationCatchUpOf(infra: { pubsub: PubSub; ds: DataSource; logger: Logger }): NotificationCatchUp {
  let catchUp = catchUps.get(infra.pubsub);
  if (!catchUp) {
    catchUp = new NotificationCatchUp(infra.pubsub, infra.ds, infra.logger);
    catchUps.set(infra.pubsub, catchUp);
  }
  return catchUp;
}
