import { Arg, Args, Ctx, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { requireViewer, type Context } from '../../graphql/context';
import { pageSize, toPage } from '../../graphql/connection';
import { parseUuidId } from '../../graphql/global-id';
import { registerNodeType } from '../../graphql/node';
import type { SharedEvent } from '../../graphql/shared-events';
import { authorizedEvents, expandEvents, LiveSubscription } from '../../graphql/subscriptions';
import { NotificationLook, notificationCatchUpOf, wallClockMark, type NotificationValue } from './notification-catch-up';
import { MarkNotificationsReadPayload, NotificationConnection, NotificationType, toNotificationType } from './notification.type';
import { notificationAddedTopic, type NotificationAddedEvent } from './notifications.events';
import { MarkNotificationsReadArgs } from './notifications.inputs';

registerNodeType('Notification', async (id, ctx) => {
  if (!ctx.viewer) return null;
  const notification = await ctx.services.notifications.findForUser(ctx.viewer.userId, id);
  return notification ? toNotificationType(notification) : null;
});

@Resolver(() => NotificationType)
export class NotificationsResolver {
  @Query(() => NotificationConnection, { description: "The viewer's notifications, newest first, with how many are unread." })
  async notifications(
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1 to 100 (default 20).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true, description: '`endCursor` of the previous page.' }) after?: string | null,
  ): Promise<NotificationConnection> {
    const viewer = requireViewer(ctx);
    const limit = pageSize(first);
    const service = ctx.services.notifications;
    const [page, unreadCount] = await Promise.all([service.list(viewer.userId, limit, after ?? null), service.unreadCount(viewer.userId)]);
    return Object.assign(new NotificationConnection(), { ...toPage(page.rows, limit, page.cursorOf, toNotificationType), unreadCount });
  }

  @Mutation(() => MarkNotificationsReadPayload, { description:
      "Marks the viewer's notifications read: those listed, or all when `ids` is omitted (or null). Ids of notifications that are not the viewer's are skipped exactly as unknown ones, so nothing is learned about them; a malformed id is BAD_USER_INPUT naming `ids`." })
  async markNotificationsRead(@Args(() => MarkNotificationsReadArgs) { ids }: MarkNotificationsReadArgs, @Ctx() ctx: Context): Promise<MarkNotificationsReadPayload> {
    const viewer = requireViewer(ctx);
    const localIds = ids ? ids.map((id) => parseUuidId('Notification', id, 'ids')) : null;
    const service = ctx.services.notifications;
    const markedCount = await service.markRead(viewer.userId, localIds);
    return Object.assign(new MarkNotificationsReadPayload(), { markedCount, unreadCount: await service.unreadCount(viewer.userId) });
  }

  @Subscription(() => NotificationType, {
    description: "The viewer's own notifications as they are stored (a collapsed one again each time it is refreshed).",
    subscribe: ({ context }) => {
      const ctx = context as Context;
      const viewer = requireViewer(ctx);
      // The topic is the viewer's own: the session, pushed, is the whole rule. Each notification
      // is loaded once for every socket of the viewer on this instance.
      // What is stored from now on reaches it once, also when published as it starts or while this
      // instance is cut off from Redis (NotificationCatchUp).
      const catchUp = notificationCatchUpOf(ctx.app);
      const after = wallClockMark();
      const events = authorizedEvents(ctx, notificationAddedTopic(viewer.userId));
      const subscription = events instanceof LiveSubscription ? (events as LiveSubscription<unknown>) : null;
      if (subscription) catchUp.watch(subscription, viewer.userId, after);
      return expandEvents(events, async ({ event, scope }: SharedEvent<NotificationAddedEvent | NotificationLook>): Promise<NotificationValue[]> => {
        if (event instanceof NotificationLook) return subscription ? catchUp.caughtUp(subscription, event) : [];
        const loaded = await scope.once('notification', async () => [{ event, notification: await ctx.services.notifications.findForUser(event.userId, event.notificationId) }]);
        return loaded.filter(({ notification }) => !subscription || !notification || catchUp.take(subscription, notification));
      });
    },
  })
  notificationAdded(@Root() { event, notification }: NotificationValue): NotificationType {
    if (!notification) throw new Error(`notification ${event.notificationId} is gone`);
    return toNotificationType(notification);
  }
}
