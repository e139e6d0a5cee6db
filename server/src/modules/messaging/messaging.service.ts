import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { EntityManager } from 'typeorm';
import { cursorFormat, cursorParts } from '../../db/cursors';
import { badInput, checkedFields, conflict, forbidden, notFound } from '../../errors';
import { RedisPubSub } from '../../pubsub/redis.pubsub';
import type { Infrastructure } from '../../infrastructure';
import { graphemeLengthWithin } from '../../text';
import type { EmployersService } from '../employers/employers.service';
import { isExpired, isListed, wasPublished } from '../listings/listings.policy';
import type { ListingsService } from '../listings/listings.service';
import type { NotificationEntity } from '../notifications/notification.entity';
import { notificationFromRow, upsertNotificationsSql, type NotificationsService } from '../notifications/notifications.service';
import { ConversationEntity } from './conversation.entity';
import { UserEntity } from '../accounts/user.entity';
import type { MessageEntity } from './message.entity';
import { participantSql } from './messaging.policy';
import { conversationTopic, type ConversationEventPayload } from './messaging.events';
import { MESSAGE_COLUMNS, messageFromRow } from './messaging.loaders';

export const MAX_BODY_LENGTH = 5000;
/** At most one typing event per participant and conversation in this many seconds. */
export const TYPING_INTERVAL_SECONDS = 2;
const PREVIEW_LENGTH = 140;
/**
 * The longest body (UTF-16 code units) a live message event carries: a longer one is left out and
 * loaded by the subscribers instead, so an event stays small (a body may reach 80,000 code units:
 * 5,000 characters of many code points each) in Redis's output buffers and in the pub/sub's
 * outage buffer, whose bound is a number of events.
 */
export const MAX_EVENT_BODY_LENGTH = 2_000;

/** The body (already normalised at the API's edge), 1 to 5,000 characters as people count them. */
export function cleanBody(body: string): string {
  const trimmed = body.trim();
  if (trimmed.length === 0) throw badInput({ body: 'must not be empty' });
  if (!graphemeLengthWithin(trimmed, 1, MAX_BODY_LENGTH)) throw badInput({ body: `must be at most ${MAX_BODY_LENGTH.toLocaleString('en-US')} characters` });
  return trimmed;
}

/**
 * A `clientMessageId`: 1 to 64 of A–Z a–z 0–9 `-` `_`, so a UUID fits (the shape of Slack's
 * `client_msg_id`). The migration's CHECK on `messages.client_message_id` holds the same.
 */
export const MAX_CLIENT_MESSAGE_ID_LENGTH = 64;
const CLIENT_MESSAGE_ID = new RegExp(`^[A-Za-z0-9_-]{1,${MAX_CLIENT_MESSAGE_ID_LENGTH}}$`);

/** The sender's key for a message, as given (already normalised at the API's edge); BAD_USER_INPUT on `clientMessageId` unless it has the shape above. */
export function cleanClientMessageId(key: string): string {
  if (!CLIENT_MESSAGE_ID.test(key)) {
    throw badInput({ clientMessageId: `must be 1 to ${MAX_CLIENT_MESSAGE_ID_LENGTH} characters of A-Z, a-z, 0-9, - and _ (a UUID fits)` });
  }
  return key;
}

/** The unique index a second message with the same key from the same sender in the same conversation breaks. */
const CLIENT_MESSAGE_ID_INDEX = 'UQ_messages_client_message_id';
const UNIQUE_VIOLATION = '23505';

/** The columns of a conversation (alias `c`) in raw statements, named as the entity's properties. */
const CONVERSATION_COLUMNS = `c.id, c.listing_id AS "listingId", c.freelancer_user_id AS "freelancerUserId",
  c.poster_user_id AS "posterUserId", c.created_at AS "createdAt", c.last_message_at AS "lastMessageAt", c.message_count AS "messageCount"`;

function conversationFromRow(row: Record<string, unknown>): ConversationEntity {
  return Object.assign(new ConversationEntity(), {
    id: row.id,
    listingId: row.listingId,
    freelancerUserId: row.freelancerUserId,
    posterUserId: row.posterUserId,
    createdAt: row.createdAt,
    lastMessageAt: row.lastMessageAt,
    messageCount: row.messageCount,
  });
}

/** Latest activity in microseconds: exact, where a JS Date would round to milliseconds and make the keyset skip or repeat rows. */
const ACTIVITY_KEY = `(extract(epoch FROM c.last_message_at) * 1000000)::bigint`;
/** Newest activity first: (last message time in epoch microseconds, id). */
const conversationCursor = cursorFormat(cursorParts.epochMicros, cursorParts.uuid);

export interface ConversationPage {
  /** Up to `first + 1` rows: one more than the page when another page follows. */
  rows: ConversationEntity[];
  cursorOf(conversation: ConversationEntity): string;
}

export interface SentMessage {
  conversation: ConversationEntity;
  message: MessageEntity;
  /** The recipient's notification, as stored (a new one, or the unread one of the conversation moved to now). */
  notification: NotificationEntity;
}

/**
 * Counts typing events in Redis when the app has it, so the limit holds across instances; in
 * memory otherwise (one instance, in-process pub/sub) and while Redis is away.
 */
function createTypingLimiter(deps: Infrastructure): RateLimiterAbstract {
  const options = { keyPrefix: 'typing', points: 1, duration: TYPING_INTERVAL_SECONDS };
  const inMemory = new RateLimiterMemory(options);
  if (!(deps.pubsub instanceof RedisPubSub)) return inMemory;
  return new RateLimiterRedis({ ...options, storeClient: deps.pubsub.commands, rejectIfRedisNotReady: true, insuranceLimiter: inMemory });
}

/** What a live subscription needs of a conversation's newest message to catch up to it. */
export interface NewestMessage {
  id: string;
  seq: string;
  position: number;
}

export class MessagingService {
  private typingLimiter?: RateLimiterAbstract;

  constructor(
    private readonly deps: Infrastructure,
    private readonly employers: EmployersService,
    private readonly listings: ListingsService,
    private readonly notifications: NotificationsService,
  ) {}

  /**
   * Starts the viewer's conversation about a published listing, or adds to it if they already
   * have one: `INSERT … ON CONFLICT` on the (listing, freelancer) constraint makes two concurrent
   * starts end in one conversation with both messages.
   */
  async start(freelancerId: string, listingId: string, body: string): Promise<SentMessage> {
    const text = cleanBody(body);
    const listing = await this.listings.findListing(this.deps.ds.manager, listingId);
    if (!listing) throw notFound('Listing');
    if (await this.employers.roleOf(freelancerId, listing.employerId)) {
      throw forbidden("Members of the listing's employer cannot start a conversation about it");
    }
    // A listing closed before it was ever published stays as hidden as a draft.
    if (!wasPublished(listing)) throw notFound('Listing');
    if (!isListed(listing)) {
      // An expired posting may be renewed, and its poster may still be reached in conversations already started.
      throw conflict(isExpired(listing) ? 'This gig has expired: it takes no new conversations unless its poster renews it' : 'This gig is closed: it takes no new conversations');
    }

    // One statement: two concurrent starts end in one conversation with both messages.
    const sent = await this.appendOne(
      `INSERT INTO conversations AS c (listing_id, freelancer_user_id, poster_user_id)
       VALUES ($5, $2, $6)
       ON CONFLICT ON CONSTRAINT "UQ_conversations_listing_freelancer" DO UPDATE SET last_message_at = now()
       RETURNING ${CONVERSATION_COLUMNS}`,
      freelancerId,
      text,
      null,
      [listing.id, listing.postedByUserId],
    );
    if (!sent) throw new Error('Starting a conversation stored no message');
    await this.announce(sent);
    return sent;
  }

  /**
   * Adds a message from a participant; anyone else gets NOT_FOUND, as if it did not exist.
   *
   * `clientMessageId` (checked by `cleanClientMessageId`) makes the send safe to repeat, by
   * Stripe's idempotency-key rule: a send with a key the sender already used in this conversation
   * stores, announces and notifies nothing, leaves the conversation's activity time alone, and
   * answers the message the first send stored; with another body (after trimming) it is
   * BAD_USER_INPUT on `clientMessageId`. Only the viewer's own messages are looked up, so the
   * answer never shows anyone else's. A new key costs the same one statement as no key: the
   * conversation's UPDATE skips a conversation where the key is already stored. Two sends racing
   * with one key queue on the conversation's row lock, and the second one's UPDATE cannot see the
   * first one's message (its statement's snapshot is older) and stores a copy, which the unique
   * index refuses: that statement rolls back whole (the trigger's count included), and a read in a
   * new snapshot finds the first one's message.
   */
  async send(userId: string, conversationId: string, body: string, clientMessageId: string | null = null): Promise<MessageEntity> {
    const [text, key] = checkedFields<[string, string | null]>(
      () => cleanBody(body),
      () => (clientMessageId === null ? null : cleanClientMessageId(clientMessageId)),
    );
    // The UPDATE locks the conversation row until the statement commits: messages of one
    // conversation commit in `seq` order (and take their `position` in that order).
    const sent = await this.appendOne(
      `UPDATE conversations AS c SET last_message_at = now()
        WHERE c.id = $5 AND ${participantSql('c', '$2')}
        ${key === null ? '' : 'AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.from_id = $2 AND m.client_message_id = $4)'}
        RETURNING ${CONVERSATION_COLUMNS}`,
      userId,
      text,
      key,
      [conversationId],
    ).catch((error: unknown) => {
      const { code, constraint } = error as { code?: string; constraint?: string };
      if (key !== null && code === UNIQUE_VIOLATION && constraint === CLIENT_MESSAGE_ID_INDEX) return null;
      throw error;
    });
    if (sent) {
      await this.announce(sent);
      return sent.message;
    }
    const stored = key === null ? null : await this.findOwnMessage(userId, conversationId, key);
    if (!stored) throw notFound('Conversation');
    if (stored.body !== text) throw badInput({ clientMessageId: 'was already used for a different message in this conversation' });
    return stored;
  }

  /** Marks every message sent to the viewer as read, and the conversation's notification with them. */
  async markRead(userId: string, conversationId: string): Promise<ConversationEntity> {
    const conversation = await this.requireParticipant(userId, conversationId);
    const read = await this.deps.ds.transaction(async (manager) => {
      const [rows] = (await manager.query(
        `UPDATE messages SET read = true, read_at = now()
          WHERE conversation_id = $1 AND to_id = $2 AND NOT read
          RETURNING id, seq, read_at AS "readAt"`,
        [conversationId, userId],
      )) as [Array<{ id: string; seq: string; readAt: Date }>, number];
      await this.notifications.markGroupRead(manager, userId, conversationGroupKey(conversationId));
      return rows.reduce<(typeof rows)[number] | null>((latest, row) => (!latest || BigInt(row.seq) > BigInt(latest.seq) ? row : latest), null);
    });
    if (read) {
      await this.publish({
        type: 'MESSAGES_READ',
        conversationId,
        readerId: userId,
        lastReadMessageId: read.id,
        readAt: read.readAt.toISOString(),
      });
    }
    return conversation;
  }

  /**
   * Tells the other participant the viewer is typing; nothing is stored. At most one event per
   * participant and conversation every `TYPING_INTERVAL_SECONDS`: calls in between are dropped
   * (an indicator that is already showing needs no repeat).
   */
  async setTyping(userId: string, conversationId: string): Promise<void> {
    await this.requireParticipant(userId, conversationId);
    this.typingLimiter ??= createTypingLimiter(this.deps);
    const due = await this.typingLimiter.consume(`${conversationId}:${userId}`).then(
      () => true,
      (error: unknown) => {
        if (error instanceof RateLimiterRes) return false;
        throw error;
      },
    );
    if (due) await this.publish({ type: 'TYPING', conversationId, userId, at: new Date().toISOString() });
  }

  /** The conversation, read through `manager` (the caller's transaction: other modules read conversations only through this). */
  findConversation(manager: EntityManager, conversationId: string): Promise<ConversationEntity | null> {
    return manager.findOneBy(ConversationEntity, { id: conversationId });
  }

  async findForParticipant(userId: string, conversationId: string): Promise<ConversationEntity | null> {
    return this.deps.ds
      .getRepository(ConversationEntity)
      .createQueryBuilder('c')
      .where('c.id = :conversationId', { conversationId })
      .andWhere(participantSql('c', ':userId'), { userId })
      .getOne();
  }

  async requireParticipant(userId: string, conversationId: string): Promise<ConversationEntity> {
    const conversation = await this.findForParticipant(userId, conversationId);
    if (!conversation) throw notFound('Conversation');
    return conversation;
  }

  /** The viewer's conversations as freelancer or poster, newest activity first, keyset-paged. */
  async listForUser(userId: string, first: number, after: string | null): Promise<ConversationPage> {
    const params: unknown[] = [userId, first + 1];
    let keyset = '';
    if (after) {
      params.push(...conversationCursor.decode(after));
      keyset = `AND (c.last_message_at, c.id) < (timestamptz 'epoch' + $3::bigint * interval '1 microsecond', $4::uuid)`;
    }
    const rows = (await this.deps.ds.query(
      `SELECT ${CONVERSATION_COLUMNS}, ${ACTIVITY_KEY}::text AS activity
         FROM conversations c
        WHERE ${participantSql('c', '$1')} ${keyset}
        ORDER BY c.last_message_at DESC, c.id DESC
        LIMIT $2`,
      params,
    )) as Array<Record<string, unknown> & { activity: string }>;
    const keys = new Map(rows.map((row) => [row.id as string, row.activity]));
    return {
      rows: rows.map(conversationFromRow),
      cursorOf: (conversation) => conversationCursor.encode([keys.get(conversation.id) ?? '', conversation.id]),
    };
  }

  /**
   * A participant's conversation as a subscription starts on it: its two participants, the
   * newest message's `seq` (0 when empty) and how many messages it holds (the newest one's
   * `position`), read together; NOT_FOUND for anyone else.
   */
  async watchFrom(userId: string, conversationId: string): Promise<{ seq: string; position: number; participants: [string, string] }> {
    const rows = (await this.deps.ds.query(
      `SELECT coalesce((SELECT max(seq) FROM messages WHERE conversation_id = c.id), 0)::text AS seq, c.message_count AS position,
              c.freelancer_user_id AS "freelancerUserId", c.poster_user_id AS "posterUserId"
         FROM conversations c
        WHERE c.id = $1 AND ${participantSql('c', '$2')}`,
      [conversationId, userId],
    )) as Array<{ seq: string; position: number; freelancerUserId: string; posterUserId: string }>;
    if (!rows[0]) throw notFound('Conversation');
    return { seq: rows[0].seq, position: rows[0].position, participants: [rows[0].freelancerUserId, rows[0].posterUserId] };
  }

  /** The newest message (its id, `seq` and position) of each of `conversationIds` that has one, by conversation: one statement (an index probe per conversation). */
  async newestMessages(conversationIds: string[]): Promise<Map<string, NewestMessage>> {
    const rows = (await this.deps.ds.query(
      `SELECT c.id AS "conversationId", m.id, m.seq::text AS seq, m.position
         FROM unnest($1::uuid[]) AS c(id)
         CROSS JOIN LATERAL (SELECT id, seq, position FROM messages WHERE conversation_id = c.id ORDER BY messages.seq DESC LIMIT 1) m`,
      [conversationIds],
    )) as Array<NewestMessage & { conversationId: string }>;
    return new Map(rows.map(({ conversationId, ...newest }) => [conversationId, newest]));
  }

  /**
   * Messages of a conversation with `afterSeq < seq <= uptoSeq`, oldest first, with the users who
   * sent and received them (the two participants, each once) in the SAME statement: a live message
   * event costs its instance one statement, not one for the messages and one for their users.
   * The users are hydrated as the by-id loader's (`loaderByKey`: every selectable column through
   * the driver's `prepareHydratedValue`), so they can be primed into the event's loader.
   */
  async messagesWithUsersBetween(conversationId: string, afterSeq: string, uptoSeq: string): Promise<{ messages: MessageEntity[]; users: UserEntity[] }> {
    const ds = this.deps.ds;
    const metadata = ds.getMetadata(UserEntity);
    const columns = metadata.columns.filter((each) => each.isSelect && !each.isVirtual);
    const escape = (name: string) => ds.driver.escape(name);
    const userColumns = (alias: string) => columns.map((each) => `${alias}.${escape(each.databaseName)} AS ${escape(`${alias}.${each.databaseName}`)}`).join(', ');
    const rows = (await ds.query(
      `SELECT ${MESSAGE_COLUMNS}, ${userColumns('f')}, ${userColumns('t')}
         FROM messages m JOIN users f ON f.id = m.from_id JOIN users t ON t.id = m.to_id
        WHERE m.conversation_id = $1 AND m.seq > $2 AND m.seq <= $3
        ORDER BY m.seq`,
      [conversationId, afterSeq, uptoSeq],
    )) as Array<Record<string, unknown>>;
    const users = new Map<string, UserEntity>();
    for (const row of rows) {
      for (const alias of ['f', 't']) {
        const user = metadata.create() as UserEntity;
        for (const each of columns) each.setEntityValue(user, ds.driver.prepareHydratedValue(row[`${alias}.${each.databaseName}`], each));
        if (!users.has(user.id)) users.set(user.id, user);
      }
    }
    return { messages: rows.map(messageFromRow), users: [...users.values()] };
  }

  /** The message `userId` sent with `clientMessageId` in a conversation they take part in, as stored now; null if none. */
  private async findOwnMessage(userId: string, conversationId: string, clientMessageId: string): Promise<MessageEntity | null> {
    const [row] = (await this.deps.ds.query(
      `SELECT ${MESSAGE_COLUMNS}
         FROM messages m JOIN conversations c ON c.id = m.conversation_id
        WHERE m.conversation_id = $1 AND m.from_id = $2 AND m.client_message_id = $3 AND ${participantSql('c', '$2')}`,
      [conversationId, userId, clientMessageId],
    )) as Array<Record<string, unknown>>;
    return row ? messageFromRow(row) : null;
  }

  /**
   * Stores a message from `fromId` in the conversation that `conversationSql` (a data-modifying
   * statement answering one conversation row as `CONVERSATION_COLUMNS`, or none) writes, and the
   * recipient's notification, in ONE statement: atomic without a transaction, and one round trip
   * holding a pooled connection instead of five (the cost of a message under load). Parameters:
   * $1 is free for the preview, $2 the sender, $3 the body, $4 the sender's `clientMessageId` (or
   * null), then `params` from $5. Null when the conversation statement answers no row. A key the
   * sender already stored in the conversation breaks `UQ_messages_client_message_id` (error 23505).
   */
  private async appendOne(conversationSql: string, fromId: string, body: string, clientMessageId: string | null, params: unknown[]): Promise<SentMessage | null> {
    const [row] = (await this.deps.ds.query(
      `WITH c AS (${conversationSql}),
       m AS (
         INSERT INTO messages AS m (conversation_id, from_id, to_id, body, client_message_id)
         SELECT c.id, $2::uuid, CASE WHEN c."freelancerUserId" = $2::uuid THEN c."posterUserId" ELSE c."freelancerUserId" END, $3::text, $4::text
           FROM c
         RETURNING ${MESSAGE_COLUMNS}
       ),
       n AS (
         ${upsertNotificationsSql(`SELECT m."toId", 'MESSAGE_RECEIVED',
             jsonb_build_object('conversationId', c.id, 'listingId', c."listingId", 'messageId', m.id, 'fromUserId', m."fromId", 'preview', $1::text),
             '${CONVERSATION_GROUP_PREFIX}' || c.id::text
           FROM m CROSS JOIN c`)}
       )
       SELECT c.id AS "conversationId", c."listingId", c."freelancerUserId", c."posterUserId", c."createdAt" AS "startedAt", c."lastMessageAt",
              m.id AS "messageId", m.seq, m.position, m."fromId", m."toId", m.body, m."clientMessageId", m."createdAt" AS "sentAt",
              n.id AS "notificationId", n.kind, n.payload, n."groupKey", n."createdAt" AS "notifiedAt"
         FROM c CROSS JOIN m CROSS JOIN n`,
      [[...body].slice(0, PREVIEW_LENGTH).join(''), fromId, body, clientMessageId, ...params],
    )) as Array<Record<string, unknown>>;
    if (!row) return null;
    return {
      // Its count is the new message's position: the CTE's row was read before the trigger bumped it.
      conversation: conversationFromRow({ ...row, id: row.conversationId, createdAt: row.startedAt, messageCount: row.position }),
      message: messageFromRow({ ...row, id: row.messageId, conversationId: row.conversationId, read: false, readAt: null, createdAt: row.sentAt }),
      notification: notificationFromRow({ ...row, id: row.notificationId, userId: row.toId, createdAt: row.notifiedAt, readAt: null }),
    };
  }

  /**
   * After commit: the message to the conversation's subscribers (its place in the conversation,
   * and the message itself unless its body is longer than MAX_EVENT_BODY_LENGTH, so that they need
   * no SQL to show it), the notification to the recipient.
   */
  private async announce(sent: SentMessage): Promise<void> {
    const { message } = sent;
    await this.publish({
      type: 'MESSAGE_ADDED',
      conversationId: sent.conversation.id,
      messageId: message.id,
      seq: message.seq,
      position: message.position,
      ...(message.body.length <= MAX_EVENT_BODY_LENGTH
        ? { message: { fromId: message.fromId, toId: message.toId, body: message.body, sentAt: message.createdAt.toISOString() } }
        : {}),
    });
    await this.notifications.publish([sent.notification]);
  }

  private async publish(event: ConversationEventPayload): Promise<void> {
    await this.deps.pubsub.publish(conversationTopic(event.conversationId), event);
  }
}

const CONVERSATION_GROUP_PREFIX = 'conversation:';

/** While unread, all new-message notifications of a conversation collapse into one. */
export function conversationGroupKey(conversationId: string): string {
  return `${CONVERSATION_GROUP_PREFIX}${conversationId}`;
}
