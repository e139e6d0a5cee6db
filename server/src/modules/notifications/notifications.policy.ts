import type { NotificationEntity } from './notification.entity';

/**
 * Who may see a notification: the user it was sent to, and nobody else (for anyone else it does
 * not exist). The same rule in TypeScript and in SQL.
 */

export function isRecipient(notification: Pick<NotificationEntity, 'userId'>, userId: string): boolean {
  return notification.userId === userId;
}

/** SQL: the notification `alias` was sent to `userId` (an SQL expression, e.g. `$1`). */
export function recipientSql(alias: string, userId: string): string {
  return `${alias}.user_id = ${userId}`;
}
