import type { DataSource } from 'typeorm';
import type { Logger } from '../../logger';
import type { PubSub } from '../../pubsub/pubsub';
import { EventScope, type SharedEvent } from '../../graphql/shared-events';
import type { LiveSubscription } from '../../graphql/subscriptions';
import type { NotificationEntity } from './notification.entity';
import { notificationFromRow } from './notifications.service';
import { notificationAddedTopic, type NotificationAddedEvent } from './notifications.events';

/** At most this many missed notifications per user are caught up after one outage (the oldest first). */
export const MAX_CAUGHT_UP_NOTIFICATIONS = 50;
/** At most this many taken notifications are remembered per subscription between catch-ups (the oldest forgotten first). */
const MAX_REMEMBERED_TAKEN = 200;

interface Watched {
  userId: string;
  /** The database's time (as text, microseconds kept) after which its notifications are not yet accounted for. */
  after: string;
  /** Notifications (id and `createdAt` in ms) it took live since `after`: a catch-up leaves them out. Made on the first (an idle subscription holds none). */
  taken?: Set<string>;
  /** Those the last catch-up delivered: the same announced live (held meanwhile) is not delivered again. Absent when it delivered none. */
  caughtUp?: Set<string>;
}

const keyOf = (notification: Pick<NotificationEntity, 'id' | 'createdAt'>) => `${notification.id}@${new Date(notification.createdAt).getTime()}`;

/** A notification as the subscription's execution takes it. */
export interface NotificationValue {
  event: NotificationAddedEvent;
  notification: NotificationEntity | null;
}

interface Caught {
  /** The statement's database time: everything stored before it is accounted for. */
  now: string;
  byUser: Map<string, Array<{ at: string; key: string; value: NotificationValue }>>;
}

/**
 * Handed to subscriptions in place of a published event: a look at the notifications stored after
 * their marks, read once for all the subscriptions it is handed to (null when it could not be
 * read). It is handed as the look begins, so what arrives meanwhile queues behind it.
 */
export class NotificationLook {
  constructor(readonly caught: Promise<Caught | null>) {}
}

/**
 * Catch-up of `notificationAdded` for every such subscription of this instance: of what was
 * published while the subscription was starting (after its mark was taken, before the instance
 * listened on the topic), and after a pub/sub outage (events published while an instance was cut
 * off from Redis are lost to it). Each subscription remembers the database time it is accounted
 * up to (`after`: its mark, then each look) and what it took since; a look (`NotificationLook`)
 * is handed to it on subscribing (`watch`) and to every subscription each time the pub/sub comes
 * back, and reads, once the instance listens, each user's notifications created or refreshed
 * (`created_at`) after it (one statement for all, at most MAX_CAUGHT_UP_NOTIFICATIONS per user,
 * oldest first). A look is handed into the subscription's queue before anything that arrives
 * while it reads, and the subscription waits for it there; so each subscription gets what it did
 * not take, then what arrived meanwhile, leaving out what the look delivered (`take`): a
 * notification, as created or refreshed, is not delivered twice. Each outage has its own look
 * (nothing shared is paused), so outages in quick succession keep that order.
 */
export class NotificationCatchUp {
  private readonly watched = new Map<LiveSubscription<unknown>, Watched>();

  constructor(
    private readonly pubsub: PubSub,
    private readonly ds: DataSource,
    private readonly logger: Logger,
  ) {
    pubsub.onResubscribed((listening) => {
      if (this.watched.size === 0) return;
      const all = [...this.watched];
      const look: SharedEvent<NotificationLook> = { event: new NotificationLook(this.read(listening, all, 'after the pub/sub came back')), scope: new EventScope(this.ds) };
      for (const [subscription] of all) subscription.deliver(look);
    });
  }

  /**
   * Watches `subscription` of `userId`, accounted up to the database time `after` (its mark); it
   * is handed, before anything else, what was stored after the mark by the time the instance
   * listens on the user's topic.
   */
  watch(subscription: LiveSubscription<unknown>, userId: string, after: string): void {
    const each: Watched = { userId, after };
    this.watched.set(subscription, each);
    subscription.whenEnded(() => this.watched.delete(subscription));
    const listening = this.pubsub.listening(notificationAddedTopic(userId));
    subscription.deliver({ event: new NotificationLook(this.read(listening, [[subscription, each]], 'as a subscription started')), scope: new EventScope(this.ds) });
  }

  /** What `subscription` delivers of `look`: what it read after the subscription's mark that it did not take (remembered as caught up). */
  async caughtUp(subscription: LiveSubscription<unknown>, look: NotificationLook): Promise<NotificationValue[]> {
    const caught = await look.caught;
    const each = this.watched.get(subscription);
    if (!caught || !each) return [];
    const missed = (caught.byUser.get(each.userId) ?? []).filter((row) => each.after < row.at && !each.taken?.has(row.key));
    // From here the statement's time accounts for everything before it.
    each.after = caught.now;
    each.taken = undefined;
    each.caughtUp = missed.length > 0 ? new Set(missed.map((row) => row.key)) : undefined;
    return missed.map((row) => row.value);
  }

  /** Whether `subscription` delivers a published `notification`: unless the last look delivered it already (remembered as taken). */
  take(subscription: LiveSubscription<unknown>, notification: NotificationEntity): boolean {
    const each = this.watched.get(subscription);
    if (!each) return true;
    const key = keyOf(notification);
    if (each.caughtUp?.has(key)) return false;
    const taken = (each.taken ??= new Set());
    taken.add(key);
    if (taken.size > MAX_REMEMBERED_TAKEN) taken.delete(taken.values().next().value as string);
    return true;
  }

  /** Once `listening`, what `watched` missed (`missed`); null, logged, when it cannot be read. */
  private read(listening: Promise<void>, watched: Array<[LiveSubscription<unknown>, Watched]>, when: string): Promise<Caught | null> {
    return listening
      .then(() => this.missed(watched.map(([, each]) => each)))
      .catch((err: unknown) => {
        this.logger.warn({ err }, `notification subscriptions not caught up ${when}`);
        return null;
      });
  }

  /** Each user's notifications after the earliest `after` of its subscriptions, oldest first: one statement for all. */
  private async missed(watched: Watched[]): Promise<Caught> {
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
    const byUser = new Map<string, Array<{ at: string; key: string; value: NotificationValue }>>();
    for (const row of rows) {
      const notification = notificationFromRow(row);
      const list = byUser.get(notification.userId) ?? [];
      list.push({ at: row.at, key: keyOf(notification), value: { event: { notificationId: notification.id, userId: notification.userId }, notification } });
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
