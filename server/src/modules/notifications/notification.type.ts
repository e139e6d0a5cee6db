import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { Connection } from '../../graphql/connection';
import { toGlobalId } from '../../graphql/global-id';
import { Node } from '../../graphql/node-interface';
import type { NotificationEntity } from './notification.entity';
import { notificationKindDescription } from './notification-kinds';

@ObjectType('Notification', { implements: Node, description: 'Something that happened that the user cares about, stored so they can read it later.' })
export class NotificationType extends Node {
  localId: string;

  @Field({ description: notificationKindDescription() })
  kind: string;

  @Field(() => GraphQLJSONObject, { description: 'Plain JSON: global ids of what it is about and a short summary; load the rest by id.' })
  payload: Record<string, unknown>;

  @Field({ description: 'When it happened (the latest occurrence, for a collapsed one).' })
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'When the user marked it read; null while unread.' })
  readAt: Date | null;
}

/**
 * The payload keys that name something, and what they name. Services store local ids, plain
 * values like every other column; the API shows global ids, like every other id it answers.
 */
const PAYLOAD_ID_TYPES: ReadonlyMap<string, string> = new Map([
  ['contractId', 'Contract'],
  ['changeOrderId', 'ChangeOrder'],
  ['conversationId', 'Conversation'],
  ['listingId', 'Listing'],
  ['messageId', 'Message'],
  ['fromUserId', 'User'],
  ['savedSearchIds', 'SavedSearch'],
]);

/** The stored payload as the API shows it: its local ids (alone or in a list) as global ids. */
export function toPayloadType(payload: Record<string, unknown>): Record<string, unknown> {
  const globalIds = (type: string, value: unknown): unknown => {
    if (Array.isArray(value)) return value.map((item) => globalIds(type, item));
    return typeof value === 'string' ? toGlobalId(type, value) : value;
  };
  return Object.fromEntries(
    Object.entries(payload).map(([key, value]) => {
      const type = PAYLOAD_ID_TYPES.get(key);
      return [key, type ? globalIds(type, value) : value];
    }),
  );
}

export function toNotificationType(entity: NotificationEntity): NotificationType {
  return Object.assign(new NotificationType(), {
    id: toGlobalId('Notification', entity.id),
    localId: entity.id,
    kind: entity.kind,
    payload: toPayloadType(entity.payload),
    createdAt: entity.createdAt,
    readAt: entity.readAt,
  });
}

@ObjectType('NotificationConnection', { description: "The viewer's notifications, newest first." })
export class NotificationConnection extends Connection(NotificationType, 'Notification') {
  @Field(() => Int, { description: 'How many of all the viewer’s notifications are unread.' })
  unreadCount: number;
}

@ObjectType('MarkNotificationsReadPayload', { description: 'What `markNotificationsRead` changed.' })
export class MarkNotificationsReadPayload {
  @Field(() => Int, { description: 'How many notifications this call marked read.' })
  markedCount: number;

  @Field(() => Int, { description: 'How many of the viewer’s notifications are still unread.' })
  unreadCount: number;
}
