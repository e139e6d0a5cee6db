import { MultilineArgs } from '../../graphql/text';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { requireViewer, type Context } from '../../graphql/context';
import { pageSize, toPage } from '../../graphql/connection';
import { badInput, notFound } from '../../errors';
import { parseUuidId } from '../../graphql/global-id';
import { registerNodeType } from '../../graphql/node';
import { loadOrThrow } from '../../graphql/relations';
import { loadUser, UserType } from '../accounts/user.type';
import { listingByIdLoader } from '../listings/listings.loaders';
import { ListingType, toListingType } from '../listings/listing.type';
import {
  ConversationConnection,
  ConversationEvent,
  ConversationType,
  MessageAddedEvent,
  MessageConnection,
  MessagesReadEvent,
  messageCursorFormat,
  MessageType,
  toConversationType,
  toMessageType,
  TypingEvent,
} from './conversation.type';
import type { ConversationEntity } from './conversation.entity';
import { conversationByIdLoader, lastMessageByConversationIdLoader, messageByIdLoader, messagePageLoader, unreadCountLoader } from './messaging.loaders';
import { isParticipant } from './messaging.policy';
import { conversationEvents, type ConversationEventValue } from './messaging.subscriptions';

/** The conversation if the viewer takes part in it, else null (missing and hidden look the same). */
async function loadVisibleConversation(ctx: Context, conversationId: string): Promise<ConversationEntity | null> {
  const conversation = await ctx.loader(conversationByIdLoader).load(conversationId);
  return conversation && isParticipant(conversation, ctx.viewer?.userId) ? conversation : null;
}

registerNodeType('Conversation', async (id, ctx) => {
  const conversation = await loadVisibleConversation(ctx, id);
  return conversation ? toConversationType(conversation) : null;
});

registerNodeType('Message', async (id, ctx) => {
  const message = await ctx.loader(messageByIdLoader).load(id);
  return message && (await loadVisibleConversation(ctx, message.conversationId)) ? toMessageType(message) : null;
});

/** The `seq` in a message cursor; BAD_USER_INPUT on `field` for anything else. */
function seqOf(cursor: string, field: 'after' | 'before'): string {
  const [seq] = messageCursorFormat.decode(cursor, field);
  return seq;
}

@Resolver(() => ConversationType)
export class ConversationsResolver {
  @Query(() => ConversationConnection, { description: "The viewer's conversations, as freelancer or as poster, newest activity first." })
  async conversations(
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1 to 100 (default 20).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true, description: '`endCursor` of the previous page.' }) after?: string | null,
  ): Promise<ConversationConnection> {
    const viewer = requireViewer(ctx);
    const limit = pageSize(first);
    const page = await ctx.services.messaging.listForUser(viewer.userId, limit, after ?? null);
    return toPage(page.rows, limit, page.cursorOf, toConversationType);
  }

  @Query(() => ConversationType, { description: 'A conversation of the viewer; NOT_FOUND for anyone but its two participants.' })
  async conversation(@Arg('id', () => ID, { description: 'The conversation.' }) id: string, @Ctx() ctx: Context): Promise<ConversationType> {
    requireViewer(ctx);
    const conversation = await ctx.loader(conversationByIdLoader).load(parseUuidId('Conversation', id, 'id'));
    if (!conversation || !isParticipant(conversation, ctx.viewer?.userId)) throw notFound('Conversation');
    return toConversationType(conversation);
  }

  @Mutation(() => ConversationType, {
    description:
      "Messages the poster of a published listing. Starting again adds the message to the viewer's existing conversation about it. Members of the listing's employer may not (FORBIDDEN).",
  })
  @MultilineArgs('body')
  async startConversation(
    @Arg('listingId', () => ID, { description: 'A published listing.' }) listingId: string,
    @Arg('body', { description: 'The first message: 1 to 5,000 characters after trimming.' }) body: string,
    @Ctx() ctx: Context,
  ): Promise<ConversationType> {
    const viewer = requireViewer(ctx);
    const { conversation } = await ctx.services.messaging.start(viewer.userId, parseUuidId('Listing', listingId, 'listingId'), body);
    return toConversationType(conversation);
  }

  @Mutation(() => MessageType, {
    description:
      'Sends a message in a conversation of the viewer; both participants receive it live. Safe to repeat with a `clientMessageId` (graphql-ws re-sends every operation in flight after a reconnect): a repeat answers the message the first send stored. Errors: UNAUTHENTICATED without a session, NOT_FOUND when the conversation is not the viewer\'s, BAD_USER_INPUT on `body` or `clientMessageId`.',
  })
  @MultilineArgs('body')
  async sendMessage(
    @Arg('conversationId', () => ID, { description: 'The conversation.' }) conversationId: string,
    @Arg('body', { description: '1 to 5,000 characters after trimming.' }) body: string,
    @Ctx() ctx: Context,
    @Arg('clientMessageId', () => String, {
      nullable: true,
      description:
        "The client's own id for this message, making the send safe to repeat (an idempotency key, as Slack's `client_msg_id`): 1 to 64 characters of A-Z, a-z, 0-9, `-` and `_` (a UUID fits); leading and trailing spaces are trimmed, as from every string. A send with a key the viewer already used in this conversation and the same body (after trimming) stores nothing, sends no live event or notification, and answers the message the first send stored (same id, cursor and time). The same key with another body is BAD_USER_INPUT on `clientMessageId`, as is a key of another shape. The other participant's keys and other conversations' are separate. Without it, every send is a new message.",
    })
    clientMessageId?: string | null,
  ): Promise<MessageType> {
    const viewer = requireViewer(ctx);
    const message = await ctx.services.messaging.send(viewer.userId, parseUuidId('Conversation', conversationId, 'conversationId'), body, clientMessageId ?? null);
    return toMessageType(message);
  }

  @Mutation(() => ConversationType, {
    description: "Marks every message sent to the viewer in the conversation as read (and its notification); the other participant gets a read receipt live.",
  })
  async markConversationRead(
    @Arg('conversationId', () => ID, { description: 'The conversation.' }) conversationId: string,
    @Ctx() ctx: Context,
  ): Promise<ConversationType> {
    const viewer = requireViewer(ctx);
    const conversation = await ctx.services.messaging.markRead(viewer.userId, parseUuidId('Conversation', conversationId, 'conversationId'));
    return toConversationType(conversation);
  }

  @Mutation(() => Boolean, {
    description:
      'Tells the other participant, live, that the viewer is typing. Nothing is stored; send it again every few seconds while typing. At most one typing event per participant and conversation is delivered every 2 seconds: calls in between answer true and are dropped silently (an indicator already showing needs no repeat). Errors: UNAUTHENTICATED without a session, NOT_FOUND when the conversation is not the viewer\'s.',
  })
  async setTyping(@Arg('conversationId', () => ID, { description: 'The conversation.' }) conversationId: string, @Ctx() ctx: Context): Promise<boolean> {
    const viewer = requireViewer(ctx);
    await ctx.services.messaging.setTyping(viewer.userId, parseUuidId('Conversation', conversationId, 'conversationId'));
    return true;
  }

  @Subscription(() => MessageType, {
    description:
      'Each new message of a conversation, in order, for its two participants only. After a reconnect, subscribe first, then fetch what you missed with `messages(after:)`.',
    subscribe: ({ args, context }) => conversationEvents(context as Context, (args as { conversationId: string }).conversationId, ['MESSAGE_ADDED']),
  })
  messageAdded(
    @Root() event: ConversationEventValue,
    @Arg('conversationId', () => ID, { description: 'The conversation.' }) _conversationId: string,
  ): MessageType {
    if (!(event instanceof MessageAddedEvent)) throw new Error('messageAdded got an event that is not a message');
    return event.message;
  }

  @Subscription(() => ConversationEvent, {
    description: "Everything live in a conversation, for its two participants only: new messages (in order), the other participant's read receipts and typing.",
    subscribe: ({ args, context }) =>
      conversationEvents(context as Context, (args as { conversationId: string }).conversationId, ['MESSAGE_ADDED', 'MESSAGES_READ', 'TYPING']),
  })
  conversationEvents(
    @Root() event: ConversationEventValue,
    @Arg('conversationId', () => ID, { description: 'The conversation.' }) _conversationId: string,
  ): ConversationEventValue {
    return event;
  }

  @FieldResolver(() => ListingType, { description: 'The listing it is about.' })
  async listing(@Root() conversation: ConversationType, @Ctx() ctx: Context): Promise<ListingType> {
    return toListingType(await loadOrThrow(ctx, listingByIdLoader, conversation.listingId, "conversation's listing"));
  }

  @FieldResolver(() => UserType, { description: 'The freelancer who started it.' })
  freelancer(@Root() conversation: ConversationType, @Ctx() ctx: Context): Promise<UserType> {
    return loadUser(ctx, conversation.freelancerUserId);
  }

  @FieldResolver(() => UserType, { description: 'The member of the employer who posted the listing.' })
  poster(@Root() conversation: ConversationType, @Ctx() ctx: Context): Promise<UserType> {
    return loadUser(ctx, conversation.posterUserId);
  }

  @FieldResolver(() => MessageConnection, {
    description:
      'Messages, always listed oldest first. Page forward with `first`/`after` (also to catch up after a reconnect), or backward from the newest with `last`/`before` (a chat opens at its newest messages and loads earlier ones on demand). Forward and backward arguments cannot be mixed in one call.',
  })
  async messages(
    @Root() conversation: ConversationType,
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { nullable: true, description: 'Forward page size, 1 to 100 (default 20): the oldest messages after `after`.' })
    first?: number | null,
    @Arg('after', () => String, { nullable: true, description: 'A message `cursor` (or `endCursor`): only messages after it.' }) after?: string | null,
    @Arg('last', () => Int, {
      nullable: true,
      description: 'Backward page size, 1 to 100 (default 20 when only `before` is given): the newest messages before `before` (or the newest of all). Not with `first`/`after`.',
    })
    last?: number | null,
    @Arg('before', () => String, {
      nullable: true,
      description: 'A message `cursor` (or `startCursor` of a backward page): only messages before it. Not with `first`/`after`.',
    })
    before?: string | null,
  ): Promise<MessageConnection> {
    const backward = (last !== null && last !== undefined) || !!before;
    if (backward) {
      if ((first !== null && first !== undefined) || after) {
        throw badInput(last !== null && last !== undefined ? { last: 'cannot be combined with first or after' } : { before: 'cannot be combined with first or after' });
      }
      const limit = pageSize(last, 'last');
      const beforeSeq = before ? seqOf(before, 'before') : null;
      const rows = await ctx.loader(messagePageLoader).load({ conversationId: conversation.localId, afterSeq: null, beforeSeq, backward: true, limit: limit + 1 });
      // Oldest first; a row beyond the page is the oldest one, and means an earlier page exists.
      const hasPreviousPage = rows.length > limit;
      const edges = (hasPreviousPage ? rows.slice(1) : rows).map(toMessageType).map((message) => ({ cursor: message.cursor, node: message }));
      return {
        edges,
        pageInfo: { hasNextPage: false, hasPreviousPage, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
      };
    }
    const limit = pageSize(first);
    const afterSeq = after ? seqOf(after, 'after') : null;
    const rows = await ctx.loader(messagePageLoader).load({ conversationId: conversation.localId, afterSeq, limit: limit + 1 });
    return toPage(rows.map(toMessageType), limit, (message) => message.cursor, (message) => message);
  }

  @FieldResolver(() => Int, { description: 'How many messages sent to the viewer they have not read.' })
  async unreadCount(@Root() conversation: ConversationType, @Ctx() ctx: Context): Promise<number> {
    if (!ctx.viewer) return 0;
    return ctx.loader(unreadCountLoader).load({ conversationId: conversation.localId, userId: ctx.viewer.userId });
  }

  @FieldResolver(() => MessageType, { nullable: true, description: 'The newest message.' })
  async lastMessage(@Root() conversation: ConversationType, @Ctx() ctx: Context): Promise<MessageType | null> {
    const message = await ctx.loader(lastMessageByConversationIdLoader).load(conversation.localId);
    return message ? toMessageType(message) : null;
  }
}

@Resolver(() => MessageType)
export class MessageResolver {
  @FieldResolver(() => UserType, { description: 'Who sent it.' })
  from(@Root() message: MessageType, @Ctx() ctx: Context): Promise<UserType> {
    return loadUser(ctx, message.fromId);
  }

  @FieldResolver(() => UserType, { description: 'Who it was sent to.' })
  to(@Root() message: MessageType, @Ctx() ctx: Context): Promise<UserType> {
    return loadUser(ctx, message.toId);
  }
}

@Resolver(() => MessagesReadEvent)
export class MessagesReadEventResolver {
  @FieldResolver(() => UserType, { description: 'Who read the messages.' })
  reader(@Root() event: MessagesReadEvent, @Ctx() ctx: Context): Promise<UserType> {
    return loadUser(ctx, event.readerId);
  }
}

@Resolver(() => TypingEvent)
export class TypingEventResolver {
  @FieldResolver(() => UserType, { description: 'Who is typing.' })
  user(@Root() event: TypingEvent, @Ctx() ctx: Context): Promise<UserType> {
    return loadUser(ctx, event.userId);
  }
}
