import { isDatabaseUnavailable } from '../../db/unavailable';
import { requireViewer, type Context } from '../../graphql/context';
import { parseUuidId } from '../../graphql/global-id';
import { authorizedEvents } from '../../graphql/subscriptions';
import { MessageEntity } from './message.entity';
import { MessageAddedEvent, MessagesReadEvent, toMessageType, TypingEvent } from './conversation.type';
import { conversationTopic, type ConversationEventPayload } from './messaging.events';

export type ConversationEventValue = MessageAddedEvent | MessagesReadEvent | TypingEvent;

/**
 * The live events of a conversation for one participant (anyone else: NOT_FOUND on subscribing).
 *
 * Every event is re-authorized (still a participant, session still valid). Message events carry
 * only `seq`: the subscriber fetches every message after the last one it delivered up to that
 * `seq`, so it delivers each message once and in order even when publishes from two instances
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
    return messaging.mayReceive(viewer.userId, viewer.sessionId, conversationId);
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
        const message = await ctx.app.ds.getRepository(MessageEntity).findOneBy({ id: event.lastReadMessageId });
        if (!message) return [];
        return [Object.assign(new MessagesReadEvent(), { readerId: event.readerId, readAt: new Date(event.readAt), lastReadMessage: toMessageType(message) })];
      }
      case 'TYPING':
        return [Object.assign(new TypingEvent(), { userId: event.userId, at: new Date(event.at) })];
    }
  });
}

/**
 * Turns each source event into zero or more values, in order. Like `authorizedEvents`, a
 * hand-written iterator so that `return()` (the client unsubscribing) ends the source at once.
 */
function expandEvents<P, T>(source: AsyncIterableIterator<P>, expand: (event: P) => Promise<T[]>): AsyncIterableIterator<T> {
  const ready: T[] = [];
  const close = async (): Promise<IteratorResult<T>> => {
    ready.length = 0;
    await source.return?.();
    return { value: undefined, done: true };
  };
  return {
    async next() {
      while (ready.length === 0) {
        const result = await source.next();
        if (result.done) return { value: undefined, done: true };
        try {
          ready.push(...(await expand(result.value)));
        } catch (error) {
          // Nothing was delivered for this event; the next one loads from the same place.
          if (isDatabaseUnavailable(error)) continue;
          await close();
          throw error;
        }
      }
      return { value: ready.shift() as T, done: false };
    },
    return: close,
    async throw(error?: unknown) {
      await close();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
