import type { EntityManager } from 'typeorm';
import type { AppDeps } from '../../services';
import { NotificationEntity } from './notification.entity';
import { notificationAddedTopic } from './notifications.events';

export interface NewNotification {
  userId: string;
  /** e.g. MESSAGE_RECEIVED, CONTRACT_SIGNED, CHANGE_ORDER_SUBMITTED, SAVED_SEARCH_MATCH. */
  kind: string;
  /** Plain JSON: ids (global) and a short summary. */
  payload: Record<string, unknown>;
  /** While one notification of this key is unread for the user, repeats update it instead of adding more. */
  groupKey?: string;
}

export class NotificationsService {
  constructor(private readonly deps: AppDeps) {}

  /**
   * Stores the notification inside the caller's transaction. Call `publish` with the result
   * after that transaction commits.
   */
  async add(manager: EntityManager, notification: NewNotification): Promise<NotificationEntity> {
    const { userId, kind, payload, groupKey = null } = notification;
    if (groupKey === null) {
      return manager.save(manager.create(NotificationEntity, { userId, kind, payload, groupKey, readAt: null }));
    }
    const rows = (await manager.query(
      `INSERT INTO notifications (user_id, kind, payload, group_key)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id, group_key) WHERE read_at IS NULL AND group_key IS NOT NULL
       DO UPDATE SET kind = EXCLUDED.kind, payload = EXCLUDED.payload, created_at = now()
       RETURNING id`,
      [userId, kind, JSON.stringify(payload), groupKey],
    )) as Array<{ id: string }>; // INSERT answers rows; UPDATE would answer [rows, count]
    return manager.findOneByOrFail(NotificationEntity, { id: rows[0].id });
  }

  /** After commit: tells the users' live sessions on every instance. */
  async publish(notifications: NotificationEntity[]): Promise<void> {
    await Promise.all(
      notifications.map((n) => this.deps.pubsub.publish(notificationAddedTopic(n.userId), { notificationId: n.id, userId: n.userId })),
    );
  }
}
