import { defineTopic } from '../../pubsub/pubsub';

/** A notification was stored for the user of the topic; the subscriber loads it by id. */
export interface NotificationAddedEvent {
  notificationId: string;
  userId: string;
}

export const notificationAddedTopic = defineTopic<NotificationAddedEvent>('user.notification');
