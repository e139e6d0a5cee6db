import { requireViewer, type Context } from '../../graphql/context';
import { parseUuidId } from '../../graphql/global-id';
import type { EventScope } from '../../graphql/shared-events';
import { authorizedEvents, expandEvents } from '../../graphql/subscriptions';
import { userByIdLoader } from '../accounts/accounts.loaders';
import { MessageAddedEvent, MessagesReadEvent, toMessageType, TypingEvent } from './conversation.type';
import { conversationTopic, type ConversationEventPayload } from './messaging.events';
import { messageByIdLoader } from './messaging.loaders';

export type ConversationEventValue = MessageAddedEvent | MessagesReadEvent | TypingEvent;

/**
 * The live events of a conversation for one participant (anyone else: NOT_FOUND on subscribing).
 *
 * Participation is checked once, on subscribing: who takes part in a conversation never changes.
 * What an event needs is loaded once per event on this instance and shared by every subscriber
 * of the conversation (`authorizedEvents`); each subscriber only filters in memory. Message events
 * carry only `seq`: the subscriber delivers every message after the last one it delivered up to
 * that `seq`, so it delivers each message once and in order even when publishes from two
 * instances reach Redis out of order, and recovers a message whose event was lost (e.g. while
 * Redis restarted, or whose messages could not be loaded while PostgreSQL was away) as soon as
 * the next one arrives. Subscribers that delivered the same messages (nearly always all of them)
 * share one load. Typing and read receipts go to the other participant only.
 */
export async function conversationEvents(
  ctx: Context,
  conversationGlobalId: string,
  kinds: ReadonlyArray<ConversationEventPayload['type']>,
): Promise<AsyncIterableIterator<ConversationEventValue>> {
  const viewer = requireViewer(ctx);
  const conversationId = parseUuidId('Conversation', conversationGlobalId, 'conversationId');
  const messaging = ctx.services.messaging;
  const start = await messaging.watchFrom(viewer.userId, conversationId);
  let deliveredSeq = BigInt(start.seq);
  // Every message, read receipt and typing event of a conversation is by one of its two
  // participants, to the other: their users are loaded with the event's messages (one statement),
  // or beside the read receipt's message.
  const participants = start.participants;

  const events = authorizedEvents(ctx, conversationTopic(conversationId), (event) => {
    if (!kinds.includes(event.type)) return false;
    if (event.type === 'TYPING') return event.userId !== viewer.userId;
    if (event.type === 'MESSAGES_READ') return event.readerId !== viewer.userId;
    return true;
  });

  // The values are made once per event and shared with the other subscribers that take the same
  // ones (`subscribeSharingExecutions` then executes them once per viewer and operation).
  return expandEvents(events, async ({ event, scope }): Promise<ConversationEventValue[]> => {
    switch (event.type) {
      case 'MESSAGE_ADDED': {
        const seq = BigInt(event.seq);
        if (seq <= deliveredSeq) return [];
        const after = deliveredSeq.toString();
        // The messages and their users in one statement; the users go into the event's loader.
        const values = await scope.once(`messages:${after}`, async () => {
          const { messages, users } = await messaging.messagesWithUsersBetween(conversationId, after, event.seq);
          const loader = scope.loader(userByIdLoader);
          for (const user of users) loader.prime(user.id, user);
          return messages.map((message) => Object.assign(new MessageAddedEvent(), { message: toMessageType(message) }));
        });
        deliveredSeq = seq;
        return values;
      }
      case 'MESSAGES_READ': {
        const [values] = await Promise.all([
          scope.once('read', async () => {
            const message = await scope.loader(messageByIdLoader).load(event.lastReadMessageId);
            return message ? [Object.assign(new MessagesReadEvent(), { readerId: event.readerId, readAt: new Date(event.readAt), lastReadMessage: toMessageType(message) })] : [];
          }),
          shareUsers(scope, participants),
        ]);
        return values;
      }
      case 'TYPING': {
        await shareUsers(scope, participants);
        return scope.once('typing', async () => [Object.assign(new TypingEvent(), { userId: event.userId, at: new Date(event.at) })]);
      }
    }
  });
}

/** The event's users, loaded once for every subscriber into the event's loaders, which the executions of the fields that show them read (`Context.shareLoaders`). */
async function shareUsers(scope: EventScope, userIds: string[]): Promise<void> {
  await scope.loader(userByIdLoader).loadMany([...new Set(userIds)]);
}
