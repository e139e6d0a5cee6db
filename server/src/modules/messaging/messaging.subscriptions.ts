import { requireViewer, type Context } from '../../graphql/context';
import { parseUuidId } from '../../graphql/global-id';
import { authorizedEvents, expandEvents } from '../../graphql/subscriptions';
import { MessageAddedEvent, MessagesReadEvent, toMessageType, TypingEvent } from './conversation.type';
import { conversationTopic, type ConversationEventPayload } from './messaging.events';
import { conversationByIdLoader, messageByIdLoader } from './messaging.loaders';
import { isParticipant } from './messaging.policy';

export type ConversationEventValue = MessageAddedEvent | MessagesReadEvent | TypingEvent;

/**
 * The live events of a conversation for one participant (anyone else: NOT_FOUND on subscribing).
 *
 * Every event is re-authorized (still a participant; `authorizedEvents` adds the session). Message
 * events carry only `seq`: the subscriber fetches every message after the last one it delivered
 * up to that `seq`, so it delivers each message once and in order even when publishes from two instances
 * reach Redis out of order, and recovers a message whose event was lost (e.g. while Redis
 * restarted, or whose messages could not be loaded while PostgreSQL was away) as soon as the next
 * one arrives. Typing and read receipts go to the other participant only.
 */
export async function conversationEvents(
  ctx: Context,
  conversationGlobalId: string,
  kinds: ReadonlyArray<ConversationEventPayload['type']>,
): Promise<AsyncIterableIterator<ConversationEventValue>> {
  const viewer = requireViewer(ctx);
  const conversationId = parseUuidId('Conversation', conversationGlobalId, 'conversationId');
  const messaging = ctx.services.messaging;
  let deliveredSeq = BigInt(await messaging.latestSeqForParticipant(viewer.userId, conversationId));

  const events = authorizedEvents(ctx.app.pubsub, conversationTopic(conversationId), ctx, async (event) => {
    if (!kinds.includes(event.type)) return false;
    if (event.type === 'TYPING' && event.userId === viewer.userId) return false;
    if (event.type === 'MESSAGES_READ' && event.readerId === viewer.userId) return false;
    const conversation = await ctx.loader(conversationByIdLoader).load(conversationId);
    return conversation !== null && isParticipant(conversation, viewer.userId);
  });

  return expandEvents(events, async (event): Promise<ConversationEventValue[]> => {
    switch (event.type) {
      case 'MESSAGE_ADDED': {
        const seq = BigInt(event.seq);
        if (seq <= deliveredSeq) return [];
        const messages = await messaging.messagesBetween(conversationId, deliveredSeq.toString(), event.seq);
        deliveredSeq = seq;
        return messages.map((message) => Object.assign(new MessageAddedEvent(), { message: toMessageType(message) }));
      }
      case 'MESSAGES_READ': {
        const message = await ctx.loader(messageByIdLoader).load(event.lastReadMessageId);
        if (!message) return [];
        return [Object.assign(new MessagesReadEvent(), { readerId: event.readerId, readAt: new Date(event.readAt), lastReadMessage: toMessageType(message) })];
      }
      case 'TYPING':
        return [Object.assign(new TypingEvent(), { userId: event.userId, at: new Date(event.at) })];
    }
  });
}
