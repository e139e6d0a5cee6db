import DataLoader from 'dataloader';
import { inKeyOrder, loaderByKey, type LoaderFactory } from '../../db/loaders';
import { ConversationEntity } from './conversation.entity';
import { MessageEntity } from './message.entity';

/** The columns of a message in raw statements, named as the entity's properties. */
export const MESSAGE_COLUMNS = `m.id, m.seq, m.position, m.conversation_id AS "conversationId", m.from_id AS "fromId", m.to_id AS "toId",
  m.body, m.client_message_id AS "clientMessageId", m.read, m.read_at AS "readAt", m.created_at AS "createdAt"`;

export function messageFromRow(row: Record<string, unknown>): MessageEntity {
  return Object.assign(new MessageEntity(), {
    id: row.id,
    seq: String(row.seq),
    position: row.position,
    conversationId: row.conversationId,
    fromId: row.fromId,
    toId: row.toId,
    body: row.body,
    clientMessageId: row.clientMessageId ?? null,
    read: row.read,
    readAt: row.readAt,
    createdAt: row.createdAt,
  });
}

export const conversationByIdLoader = loaderByKey(ConversationEntity, 'id');

export const messageByIdLoader = loaderByKey(MessageEntity, 'id');

/** The newest message of each conversation: one index probe per conversation, in one statement. */
export const lastMessageByConversationIdLoader: LoaderFactory<string, MessageEntity | null> = (ds) =>
  new DataLoader(async (ids) => {
    const rows = (await ds.query(
      `SELECT ${MESSAGE_COLUMNS}
         FROM unnest($1::uuid[]) AS c(id)
         CROSS JOIN LATERAL (SELECT * FROM messages WHERE conversation_id = c.id ORDER BY seq DESC LIMIT 1) m`,
      [[...ids]],
    )) as Array<Record<string, unknown>>;
    return inKeyOrder(ids, rows.map(messageFromRow), (message) => message.conversationId);
  });

export interface UnreadKey {
  conversationId: string;
  userId: string;
}

/** How many messages of a conversation `userId` has not read yet. */
export const unreadCountLoader: LoaderFactory<UnreadKey, number> = (ds) =>
  new DataLoader(
    async (keys) => {
      const rows = (await ds.query(
        `SELECT m.conversation_id AS "conversationId", m.to_id AS "userId", count(*)::int AS count
           FROM messages m
           JOIN unnest($1::uuid[], $2::uuid[]) AS k(conversation_id, user_id)
             ON m.conversation_id = k.conversation_id AND m.to_id = k.user_id
          WHERE NOT m.read
          GROUP BY m.conversation_id, m.to_id`,
        [keys.map((key) => key.conversationId), keys.map((key) => key.userId)],
      )) as Array<{ conversationId: string; userId: string; count: number }>;
      const counts = new Map(rows.map((row) => [`${row.conversationId}:${row.userId}`, row.count]));
      return keys.map((key) => counts.get(`${key.conversationId}:${key.userId}`) ?? 0);
    },
    { cacheKeyFn: (key) => `${key.conversationId}:${key.userId}` },
  );

export interface MessagePageKey {
  conversationId: string;
  /** Forward page: `seq` to start after; null from the beginning. Ignored for a backward page. */
  afterSeq: string | null;
  /** Backward page (`last`/`before`): `seq` to end before; null from the newest. */
  beforeSeq?: string | null;
  /** Whether this is a backward page: the newest `limit` rows before `beforeSeq`. */
  backward?: boolean;
  /** Rows to fetch (a page plus one, to know whether another follows or precedes). */
  limit: number;
}

/**
 * A page of each conversation's messages, returned oldest first, keyed on `seq`: one statement for a
 * whole list. A forward page reads `seq > afterSeq ORDER BY seq`; a backward page reads
 * `seq < beforeSeq ORDER BY seq DESC LIMIT n` (the index from its newest end) and is reversed by the
 * outer ORDER BY, so its extra row, if any, comes FIRST.
 */
export const messagePageLoader: LoaderFactory<MessagePageKey, MessageEntity[]> = (ds) =>
  new DataLoader(
    async (keys) => {
      const rows = (await ds.query(
        `SELECT k.ord, ${MESSAGE_COLUMNS}
           FROM unnest($1::uuid[], $2::bigint[], $3::bigint[], $4::boolean[], $5::int[])
                WITH ORDINALITY AS k(conversation_id, after_seq, before_seq, backward, lim, ord)
           CROSS JOIN LATERAL (
             (SELECT * FROM messages
               WHERE NOT k.backward AND conversation_id = k.conversation_id AND seq > coalesce(k.after_seq, 0)
               ORDER BY seq LIMIT k.lim)
             UNION ALL
             (SELECT * FROM messages
               WHERE k.backward AND conversation_id = k.conversation_id AND seq < coalesce(k.before_seq, 9223372036854775807)
               ORDER BY seq DESC LIMIT k.lim)
           ) m
          ORDER BY k.ord, m.seq`,
        [
          keys.map((key) => key.conversationId),
          keys.map((key) => key.afterSeq),
          keys.map((key) => key.beforeSeq ?? null),
          keys.map((key) => key.backward ?? false),
          keys.map((key) => key.limit),
        ],
      )) as Array<Record<string, unknown> & { ord: string }>;
      const pages = keys.map((): MessageEntity[] => []);
      for (const row of rows) pages[Number(row.ord) - 1].push(messageFromRow(row));
      return pages;
    },
    { cacheKeyFn: (key) => `${key.conversationId}:${key.backward ? 'before' : 'after'}:${key.backward ? key.beforeSeq : key.afterSeq}:${key.limit}` },
  );
