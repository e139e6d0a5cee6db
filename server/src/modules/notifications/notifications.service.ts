import type { EntityManager } from 'typeorm';
import { cursorFormat, cursorParts } from '../../db/cursors';
import type { Infrastructure } from '../../infrastructure';
import { NotificationEntity } from './notification.entity';
import { notificationAddedTopic } from './notifications.events';
import { isRecipient, recipientSql } from './notifications.policy';

/** Timestamps as whole microseconds in cursors: a JS Date would round to milliseconds and make the keyset skip or repeat rows. */
const MICROS = (column: string) => `(extract(epoch FROM ${column}) * 1000000)::bigint`;
const FROM_MICROS = (param: string) => `(timestamptz 'epoch' + ${param}::bigint * interval '1 microsecond')`;
/** Newest first: (created time in epoch microseconds, id). */
const notificationCursor = cursorFormat(cursorParts.epochMicros, cursorParts.uuid);

export interface NotificationPage {
  /** Up to `first + 1` rows: one more than the page when another page follows. */
  rows: NotificationEntity[];
  cursorOf(notification: NotificationEntity): string;
}

export interface NewNotification {
  userId: string;
  /** e.g. MESSAGE_RECEIVED, CONTRACT_SIGNED, CHANGE_ORDER_SUBMITTED, SAVED_SEARCH_MATCH. */
  kind: string;
  /** Plain JSON: local ids of what it is about (the API shows them as global ids) and a short summary. */
  payload: Record<string, unknown>;
  /** While one notification of this key is unread for the user, repeats update it instead of adding more. */
  groupKey?: string;
}

/** The columns of a stored notification, named as the entity's properties (for `RETURNING` and `SELECT`). */
const NOTIFICATION_COLUMNS = `id, user_id AS "userId", kind, payload, group_key AS "groupKey", created_at AS "createdAt", read_at AS "readAt"`;

export function notificationFromRow(row: Record<string, unknown>): NotificationEntity {
  return Object.assign(new NotificationEntity(), {
    id: row.id,
    userId: row.userId,
    kind: row.kind,
    payload: row.payload,
    groupKey: row.groupKey,
    createdAt: row.createdAt,
    readAt: row.readAt,
  });
}

/**
 * The one statement that stores notifications: `rows` is an SQL query answering
 * (user_id uuid, kind text, payload jsonb, group_key text) rows. While a notification of the same
 * (user, group key) is unread, a new one replaces its kind and payload and moves it to now instead
 * of adding another (the partial unique index `UQ_notifications_unread_group`), and is no longer
 * counted as mailed (`digested_at`: the new occurrence goes in the next digest); its wait for a
 * digest (`pending_since`) keeps its start while it was unmailed, else starts now, so refreshes
 * never put a digest off; without a group key every row is new. Answers the stored rows (`NOTIFICATION_COLUMNS`). Other modules embed it
 * as a data-modifying `WITH` part, so a row and its notification are written by one statement.
 */
export function upsertNotificationsSql(rows: string): string {
  return `INSERT INTO notifications (user_id, kind, payload, group_key)
    ${rows}
    ON CONFLICT (user_id, group_key) WHERE read_at IS NULL AND group_key IS NOT NULL
    DO UPDATE SET kind = EXCLUDED.kind, payload = EXCLUDED.payload, created_at = now(), digested_at = NULL,
      pending_since = CASE WHEN notifications.digested_at IS NULL THEN notifications.pending_since ELSE now() END
    RETURNING ${NOTIFICATION_COLUMNS}`;
}

export class NotificationsService {
  constructor(private readonly deps: Infrastructure) {}

  /**
   * Stores the notification inside the caller's transaction (one statement). Call `publish` with
   * the result after that transaction commits.
   */
  async add(manager: EntityManager, notification: NewNotification): Promise<NotificationEntity> {
    const { userId, kind, payload, groupKey = null } = notification;
    const [row] = (await manager.query(upsertNotificationsSql('SELECT $1::uuid, $2::text, $3::jsonb, $4::text'), [
      userId,
      kind,
      JSON.stringify(payload),
      groupKey,
    ])) as Array<Record<string, unknown>>;
    return notificationFromRow(row);
  }

  /**
   * Stores many at once (one statement), with the same collapsing as `add`; call `publish` with
   * the result after the transaction of `manager` commits. At most one per (user, groupKey).
   */
  async addMany(manager: EntityManager, notifications: NewNotification[]): Promise<NotificationEntity[]> {
    if (notifications.length === 0) return [];
    const rows = (await manager.query(upsertNotificationsSql('SELECT * FROM unnest($1::uuid[], $2::text[], $3::jsonb[], $4::text[])'), [
      notifications.map((n) => n.userId),
      notifications.map((n) => n.kind),
      notifications.map((n) => JSON.stringify(n.payload)),
      notifications.map((n) => n.groupKey ?? null),
    ])) as Array<Record<string, unknown>>;
    return rows.map(notificationFromRow);
  }

  /** After commit: tells the users' live sessions on every instance. */
  async publish(notifications: ReadonlyArray<Pick<NotificationEntity, 'id' | 'userId'>>): Promise<void> {
    await Promise.all(
      notifications.map((n) => this.deps.pubsub.publish(notificationAddedTopic(n.userId), { notificationId: n.id, userId: n.userId })),
    );
  }

  /** The user's notifications, newest first, keyset-paged on (created_at, id). */
  async list(userId: string, first: number, after: string | null): Promise<NotificationPage> {
    const params: unknown[] = [userId, first + 1];
    let keyset = '';
    if (after) {
      params.push(...notificationCursor.decode(after));
      keyset = `AND (n.created_at, n.id) < (${FROM_MICROS('$3')}, $4::uuid)`;
    }
    const rows = (await this.deps.ds.query(
      `SELECT n.id, n.user_id AS "userId", n.kind, n.payload, n.group_key AS "groupKey", n.created_at AS "createdAt",
              n.read_at AS "readAt", ${MICROS('n.created_at')}::text AS created_key
         FROM notifications n
        WHERE ${recipientSql('n', '$1')} ${keyset}
        ORDER BY n.created_at DESC, n.id DESC
        LIMIT $2`,
      params,
    )) as Array<NotificationEntity & { created_key: string }>;
    const keys = new Map(rows.map((row) => [row.id, row.created_key]));
    return {
      rows: rows.map(({ created_key: _key, ...row }) => Object.assign(new NotificationEntity(), row)),
      cursorOf: (notification) => notificationCursor.encode([keys.get(notification.id) ?? '', notification.id]),
    };
  }

  async unreadCount(userId: string): Promise<number> {
    const [{ count }] = (await this.deps.ds.query(
      `SELECT count(*)::int AS count FROM notifications n WHERE ${recipientSql('n', '$1')} AND n.read_at IS NULL`,
      [userId],
    )) as Array<{ count: number }>;
    return count;
  }

  /** Marks the user's unread notifications read: those of `ids`, or all. Others' ids change nothing. */
  async markRead(userId: string, ids: string[] | null): Promise<number> {
    const [, count] = (await this.deps.ds.query(
      `UPDATE notifications n SET read_at = now()
        WHERE ${recipientSql('n', '$1')} AND n.read_at IS NULL AND ($2::uuid[] IS NULL OR n.id = ANY($2::uuid[]))`,
      [userId, ids],
    )) as [unknown[], number];
    return count;
  }

  /** Inside the caller's transaction: marks the user's unread notification of `groupKey` read. */
  async markGroupRead(manager: EntityManager, userId: string, groupKey: string): Promise<void> {
    await manager.query(`UPDATE notifications n SET read_at = now() WHERE ${recipientSql('n', '$1')} AND n.group_key = $2 AND n.read_at IS NULL`, [
      userId,
      groupKey,
    ]);
  }

  /**
   * Inside the caller's transaction (a renewal): marks read every unread LISTING_EXPIRING and
   * LISTING_EXPIRED notification about the listing, whichever member has it, since they were about
   * a period that has moved on.
   */
  async markListingRemindersRead(manager: EntityManager, listingId: string): Promise<void> {
    await manager.query(
      `UPDATE notifications SET read_at = now() WHERE kind IN ('LISTING_EXPIRING', 'LISTING_EXPIRED') AND payload->>'listingId' = $1 AND read_at IS NULL`,
      [listingId],
    );
  }

  /** One of the user's notifications; null if it is someone else's or gone. */
  async findForUser(userId: string, id: string): Promise<NotificationEntity | null> {
    const notification = await this.deps.ds.getRepository(NotificationEntity).findOneBy({ id });
    return notification && isRecipient(notification, userId) ? notification : null;
  }
}
