import { requireViewer, type Context } from '../../graphql/context';
import type { PubSub } from '../../pubsub/pubsub';
import { parseUuidId } from '../../graphql/global-id';
import { EventScope } from '../../graphql/shared-events';
import { authorizedEvents, expandEvents, LiveSubscription } from '../../graphql/subscriptions';
import { userByIdLoader } from '../accounts/accounts.loaders';
import { MessageAddedEvent, MessagesReadEvent, toMessageType, TypingEvent } from './conversation.type';
import { conversationTopic, type ConversationEventPayload } from './messaging.events';
import type { NewestMessage } from './messaging.service';
import { messageByIdLoader, messageFromRow } from './messaging.loaders';

export type ConversationEventValue = MessageAddedEvent | MessagesReadEvent | TypingEvent;

/**
 * The live events of a conversation for one participant (anyone else: NOT_FOUND on subscribing).
 *
 * Participation is checked once, on subscribing: who takes part in a conversation never changes.
 * What an event needs is loaded once per event on this instance and shared by every subscriber
 * of the conversation (`authorizedEvents`); each subscriber only filters in memory. A message
 * event carries the message and its place in the conversation (`position`): a subscriber whose
 * last delivered message is the one before shows it from the event, with no SQL (nearly always);
 * any other delivers every message after the last one it delivered up to the event's `seq`,
 * loaded, so it delivers each message once and in order even when publishes from two instances
 * reach Redis out of order, and recovers a message whose event was lost (e.g. while Redis
 * restarted, or whose messages could not be loaded while PostgreSQL was away) as soon as the next
 * one arrives. Subscribers that take the same messages share one value (and one load). The
 * messages' users are loaded, once per event on this instance, only if the operation asks for
 * them. Typing and read receipts go to the other participant only.
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
  let deliveredPosition = start.position;
  // Every message, read receipt and typing event of a conversation is by one of its two
  // participants, to the other: their users are loaded with loaded messages (one statement), or
  // beside the read receipt's message, or when an execution shows them.
  const participants = start.participants;

  const topic = conversationTopic(conversationId);
  const events = authorizedEvents(ctx, topic, (event) => {
    if (!kinds.includes(event.type)) return false;
    if (event.type === 'TYPING') return event.userId !== viewer.userId;
    if (event.type === 'MESSAGES_READ') return event.readerId !== viewer.userId;
    return true;
  });
  // A message committed after the start was read, but published before this instance listened on
  // the topic, would otherwise come only with the next one (a client that subscribes and then
  // fetches `messages(after:)` could miss it in both). So once the instance listens, one look at
  // the newest message, handed in before whatever arrived meanwhile; a message event without the
  // message, it loads what came after the start. While PostgreSQL is away, the next message brings it.
  const live: unknown = events;
  if (live instanceof LiveSubscription && kinds.includes('MESSAGE_ADDED')) {
    live.pause();
    void ctx.app.pubsub
      .listening(topic)
      .then(() => messaging.newestMessages([conversationId]))
      .then(
        (newest) => {
          const message = newest.get(conversationId);
          live.resume(message && BigInt(message.seq) > BigInt(start.seq) ? [newestMessageEvent(ctx, conversationId, message)] : []);
        },
        () => live.resume([]),
      );
    messageCatchUpOf(ctx).add(conversationId, live);
  }

  // What was delivered before the message event being processed: an event dropped because the
  // database was away (its load, or its execution loading the users) goes back to it, and the
  // next message event loads everything after it.
  let before: bigint | null = null;
  const onDropped = (): boolean => {
    if (before === null) return false;
    deliveredSeq = before;
    deliveredPosition = Number.NaN;
    return true;
  };
  // The values are made once per event and shared with the other subscribers that take the same
  // ones (`subscribeSharingExecutions` then executes them once per viewer and operation).
  return expandEvents(events, async ({ event, scope }): Promise<ConversationEventValue[]> => {
    before = null;
    switch (event.type) {
      case 'MESSAGE_ADDED': {
        const seq = BigInt(event.seq);
        if (seq <= deliveredSeq) return [];
        before = deliveredSeq;
        const next = event.message;
        // From the event only when it follows what was delivered and names this conversation's
        // two participants (a guard against an event crossing conversations by a bug; Redis is
        // trusted like the database: it must not be shared with anything else).
        if (next && event.position === deliveredPosition + 1 && next.fromId !== next.toId && participants.includes(next.fromId) && participants.includes(next.toId)) {
          deliveredSeq = seq;
          deliveredPosition += 1;
          return scope.once(`message:${event.seq}`, async () => [
            Object.assign(new MessageAddedEvent(), {
              message: toMessageType(
                messageFromRow({
                  ...next,
                  id: event.messageId,
                  seq: event.seq,
                  position: event.position,
                  conversationId,
                  read: false,
                  readAt: null,
                  createdAt: new Date(next.sentAt),
                }),
              ),
            }),
          ]);
        }
        const after = deliveredSeq.toString();
        // The messages and their users in one statement; the users go into the event's loader.
        const values = await scope.once(`messages:${after}`, async () => {
          const { messages, users } = await messaging.messagesWithUsersBetween(conversationId, after, event.seq);
          const loader = scope.loader(userByIdLoader);
          for (const user of users) loader.prime(user.id, user);
          return messages.map((message) => Object.assign(new MessageAddedEvent(), { message: toMessageType(message) }));
        });
        deliveredSeq = seq;
        // Unknown without a position (an older server's event): the next message is then loaded too.
        deliveredPosition = event.position ?? Number.NaN;
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
  }, { onDropped });
}

/**
 * A conversation's newest message as the message event a subscription takes (without the message
 * itself: whoever has not delivered it loads what it missed), in an event scope of its own.
 */
function newestMessageEvent(ctx: Pick<Context, 'app'>, conversationId: string, newest: NewestMessage) {
  return { event: { type: 'MESSAGE_ADDED' as const, conversationId, messageId: newest.id, seq: newest.seq, position: newest.position }, scope: new EventScope(ctx.app.ds) };
}

/** The event's users, loaded once for every subscriber into the event's loaders, which the executions of the fields that show them read (`Context.shareLoaders`). */
async function shareUsers(scope: EventScope, userIds: string[]): Promise<void> {
  await scope.loader(userByIdLoader).loadMany([...new Set(userIds)]);
}

/**
 * This instance's conversation subscriptions that show messages, by conversation (one per
 * pub/sub), so that a message whose event was lost while the instance was cut off from Redis
 * arrives when Redis comes back, not with the conversation's next message (which may never come:
 * "Can you start Monday?" waits for its answer). Once the pub/sub listens again, one statement
 * reads the newest message of every conversation watched, and each conversation's subscribers are
 * handed it as a message event (one event scope, shared): a subscriber that already delivered it
 * ignores it, any other loads what it missed, as after any gap. Should that statement fail (the
 * database away too), the next message brings them.
 */
class MessageCatchUp {
  private readonly byConversation = new Map<string, Set<LiveSubscription<unknown>>>();

  constructor(ctx: Pick<Context, 'app' | 'services'>) {
    ctx.app.pubsub.onResubscribed((listening) => {
      if (this.byConversation.size === 0) return;
      const watched = new Map([...this.byConversation].map(([conversationId, subscriptions]) => [conversationId, [...subscriptions]]));
      void listening
        .then(() => ctx.services.messaging.newestMessages([...watched.keys()]))
        .then(
          (newest) => {
            for (const [conversationId, subscriptions] of watched) {
              const message = newest.get(conversationId);
              if (!message) continue;
              const shared = newestMessageEvent(ctx, conversationId, message);
              for (const each of subscriptions) each.deliver(shared);
            }
          },
          (err: unknown) => ctx.app.logger.warn({ err }, 'conversations not caught up after the pub/sub came back; their next message brings what they missed'),
        );
    });
  }

  add(conversationId: string, subscription: LiveSubscription<unknown>): void {
    let subscriptions = this.byConversation.get(conversationId);
    if (!subscriptions) this.byConversation.set(conversationId, (subscriptions = new Set()));
    subscriptions.add(subscription);
    subscription.whenEnded(() => {
      subscriptions.delete(subscription);
      if (subscriptions.size === 0 && this.byConversation.get(conversationId) === subscriptions) this.byConversation.delete(conversationId);
    });
  }
}

const catchUps = new WeakMap<PubSub, MessageCatchUp>();

function messageCatchUpOf(ctx: Context): MessageCatchUp {
  let catchUp = catchUps.get(ctx.app.pubsub);
  if (!catchUp) catchUps.set(ctx.app.pubsub, (catchUp = new MessageCatchUp({ app: ctx.app, services: ctx.services })));
  return catchUp;
}
