import { getNamedType, isLeafType, isNonNullType, isObjectType } from 'graphql';
import { getSchema } from '../../graphql/schema';
import { ok } from '../../../test/harness';
import { eventually, LiveSubscription, probeUntilLive, waitForSubscribers } from '../../../test/live';
import { buildUser } from '../../../test/factories';
import { conversationTopic, type MessageAddedPayload } from './messaging.events';
import { MAX_EVENT_BODY_LENGTH } from './messaging.service';
import { buildChat, type EventData, gid, live, liveEvents, localId, messagesOf, pokeTyping, SEND, t } from '../../../test/messaging';

/*
 * A message event carries the message and its place in the conversation (messaging.events.ts):
 * a subscriber that delivered the message before it shows it from the event, with no SQL; any
 * other loads what it missed. These tests hold the two paths to the same result.
 */

/**
 * Every field of `Message` a client can select without arguments: each leaf, and the `id` of each
 * object (the sender, the recipient …), generated from the schema so that a field added later is
 * compared too.
 */
async function everyMessageField(): Promise<string> {
  const type = (await getSchema()).getType('Message');
  if (!isObjectType(type)) throw new Error('Message is not an object type');
  return Object.values(type.getFields())
    .filter((field) => field.args.every((arg) => !isNonNullType(arg.type) || arg.defaultValue !== undefined))
    .map((field) => (isLeafType(getNamedType(field.type)) ? field.name : `${field.name} { id }`))
    .join(' ');
}

/** A stored message, as `storeSilently` answers it. */
interface Stored {
  id: string;
  seq: string;
  position: number;
  fromId: string;
  toId: string;
  body: string;
  sentAt: Date;
}

/**
 * Stores a message with a plain INSERT, as a server of an older release (which knew nothing of
 * positions) did, and publishes nothing: an event lost on its way. The database numbers it.
 */
async function storeSilently(conversationId: string, fromId: string, body: string): Promise<Stored> {
  const [row] = (await t.app.deps.ds.query(
    `INSERT INTO messages (conversation_id, from_id, to_id, body)
     SELECT c.id, $2, CASE WHEN c.freelancer_user_id = $2 THEN c.poster_user_id ELSE c.freelancer_user_id END, $3 FROM conversations c WHERE c.id = $1
     RETURNING id, seq::text, position, from_id AS "fromId", to_id AS "toId", body, created_at AS "sentAt"`,
    [conversationId, fromId, body],
  )) as Stored[];
  return row;
}

/** The event `sendMessage` would have published for `stored`; without its position and message, as a server from before them published it. */
function messageAdded(conversationId: string, stored: Stored, older = false): MessageAddedPayload {
  const event: MessageAddedPayload = { type: 'MESSAGE_ADDED', conversationId, messageId: stored.id, seq: stored.seq };
  if (older) return event;
  return { ...event, position: stored.position, message: { fromId: stored.fromId, toId: stored.toId, body: stored.body, sentAt: stored.sentAt.toISOString() } };
}

/** Until `count` statements of this test's database wait for a lock. */
async function waitingForLocks(count: number): Promise<void> {
  await eventually(async () => {
    const [{ waiting }] = (await t.app.deps.ds.query(
      // Only statements storing a message (a send, a plain INSERT): other work of the app (pg-boss's
      // advisory locks among it) may wait for a lock of its own meanwhile.
      `SELECT count(*)::int AS waiting FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%INSERT INTO messages%' AND pid <> pg_backend_pid()`,
    )) as Array<{ waiting: number }>;
    return waiting >= count;
  }, 10_000, `${count} statements waiting for the conversation's lock`);
}

async function chatWatchedByPoster() {
  const chat = await buildChat();
  const events = await liveEvents(chat.poster.token, chat.conversationId, chat.freelancer.token);
  return { ...chat, events, id: localId(chat.conversationId) };
}

describe('a message event carries its message', () => {
  it('shows a message from its event exactly as the stored message reads, field for field', async () => {
    const { conversationId, poster, freelancer } = await buildChat();
    const fields = await everyMessageField();
    const sub = new LiveSubscription<{ messageAdded: Record<string, unknown> }>(live(poster.token), `subscription ($id: ID!) { messageAdded(conversationId: $id) { ${fields} } }`, {
      id: conversationId,
    });
    await waitForSubscribers(conversationTopic(localId(conversationId)), 1);
    const body = 'Ünïcode 👩‍💻 and\nlines';
    t.sql.reset();
    const sent = ok(await t.gql(SEND, { id: conversationId, body }, freelancer.token)).sendMessage;
    await sub.until(() => sub.data.length === 1);
    // From the event: nothing read the message back.
    expect(t.sql.statements.filter((sql) => /\bFROM messages\b/.test(sql))).toEqual([]);
    const stored = ok(await t.gql(`query ($id: ID!) { node(id: $id) { ... on Message { ${fields} } } }`, { id: sent.id }, poster.token)).node;
    expect(sub.data[0].messageAdded).toEqual(stored);
    expect(stored.body).toBe(body);
  });

  it('costs the subscribers no SQL when their operation needs only the message', async () => {
    const statements = async (subscribers: number): Promise<number> => {
      const { conversationId, poster, freelancer } = await buildChat();
      const socket = live(poster.token);
      const subs = Array.from({ length: subscribers }, () => new LiveSubscription<{ messageAdded: { body: string } }>(socket, `subscription ($id: ID!) { messageAdded(conversationId: $id) { id body cursor createdAt } }`, { id: conversationId }));
      await waitForSubscribers(conversationTopic(localId(conversationId)), 1);
      for (const [i, sub] of subs.entries()) await probeUntilLive(sub, () => t.gql(SEND, { id: conversationId, body: `probe ${i} ${Date.now()}` }, freelancer.token), () => true);
      t.sql.reset();
      ok(await t.gql(`mutation ($id: ID!, $body: String!) { sendMessage(conversationId: $id, body: $body) { id } }`, { id: conversationId, body: 'counted' }, freelancer.token));
      await Promise.all(subs.map((sub) => sub.until(() => sub.data.some((d) => d.messageAdded.body === 'counted'))));
      return t.sql.statements.filter((sql) => !/\bFROM sessions\b/.test(sql)).length;
    };
    // The send's one statement, nothing per event.
    expect(await statements(1)).toBe(1);
    expect(await statements(20)).toBe(1);
  });

  it('numbers every message in the database, whoever inserts it: 1, 2, 3 … per conversation, and the count follows', async () => {
    const { id, conversationId, freelancer, poster } = await chatWatchedByPoster();
    const sends = Array.from({ length: 12 }, (_, i) => t.gql(SEND, { id: conversationId, body: `concurrent ${i}` }, i % 2 ? poster.token : freelancer.token));
    await Promise.all([...sends, storeSilently(id, freelancer.user.id, 'plain insert')]);
    const rows = (await t.app.deps.ds.query(`SELECT position FROM messages WHERE conversation_id = $1 ORDER BY seq`, [id])) as Array<{ position: number }>;
    expect(rows.map((row) => row.position)).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
    const [{ message_count: count }] = (await t.app.deps.ds.query(`SELECT message_count FROM conversations WHERE id = $1`, [id])) as Array<{ message_count: number }>;
    expect(count).toBe(14);
  });

  it('keeps `seq` in position order when a plain INSERT queues behind a send for the conversation', async () => {
    const { id, conversationId, freelancer, poster } = await buildChat().then(async (chat) => ({ ...chat, id: localId(chat.conversationId) }));
    const holder = t.app.deps.ds.createQueryRunner();
    await holder.connect();
    try {
      // A transaction holds the conversation's lock; a send queues for it, then a plain INSERT
      // (whose column default would draw its `seq` before it queues, i.e. before the send's).
      await holder.startTransaction();
      await holder.query(`INSERT INTO messages (conversation_id, from_id, to_id, body) VALUES ($1, $2, $3, 'held')`, [id, freelancer.user.id, poster.user.id]);
      const send = t.gql(SEND, { id: conversationId, body: 'queued send' }, poster.token);
      await waitingForLocks(1);
      const plain = storeSilently(id, freelancer.user.id, 'queued plain insert');
      await waitingForLocks(2);
      await holder.commitTransaction();
      ok(await send);
      await plain;
    } finally {
      await holder.release();
    }
    const rows = (await t.app.deps.ds.query(`SELECT position, body FROM messages WHERE conversation_id = $1 ORDER BY seq`, [id])) as Array<{ position: number; body: string }>;
    expect(rows.map((row) => row.position)).toEqual([1, 2, 3, 4]);
    expect(rows.map((row) => row.body)).toEqual(['Hello! Is this still open?', 'held', 'queued send', 'queued plain insert']);
  });

  it('recovers a message whose event was lost with the next one, in order and once', async () => {
    const { id, conversationId, poster, freelancer, events } = await chatWatchedByPoster();
    await storeSilently(id, freelancer.user.id, 'lost on its way');
    const next = ok(await t.gql(SEND, { id: conversationId, body: 'the next one' }, freelancer.token)).sendMessage;
    await events.until(() => messagesOf(events).some((m) => m.id === next.id));
    ok(await t.gql(SEND, { id: conversationId, body: 'and after' }, poster.token));
    await events.until(() => messagesOf(events).some((m) => m.body === 'and after'));
    expect(messagesOf(events).map((m) => m.body)).toEqual(['lost on its way', 'the next one', 'and after']);
  });

  it('delivers events that overtook each other once and in order', async () => {
    const { id, conversationId, freelancer, events } = await chatWatchedByPoster();
    const first = await storeSilently(id, freelancer.user.id, 'first');
    const second = await storeSilently(id, freelancer.user.id, 'second');
    const third = await storeSilently(id, freelancer.user.id, 'third');
    // The second's event arrives first, then the first's (already delivered: dropped), then the third's (from the event).
    for (const stored of [second, first, third]) await t.app.deps.pubsub.publish(conversationTopic(id), messageAdded(id, stored));
    await events.until(() => messagesOf(events).length >= 3);
    await pokeTyping(conversationId, gid('User', freelancer.user.id));
    await events.until(() => events.data.some((d: EventData) => d.conversationEvents.__typename === 'TypingEvent'));
    expect(messagesOf(events).map((m) => m.body)).toEqual(['first', 'second', 'third']);
  });

  it('drops an event whose users could not be read while PostgreSQL was away, and delivers its message with the next one', async () => {
    const { conversationId, freelancer, events } = await chatWatchedByPoster();
    const ds = t.app.deps.ds;
    const query = ds.query.bind(ds);
    let failures = 0;
    // The first read of users after the send fails as a connection lost mid-way would.
    (ds as { query: typeof ds.query }).query = (async (sql: string, parameters?: unknown[]) => {
      if (failures === 0 && /FROM "users"/.test(sql)) {
        failures += 1;
        throw Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' });
      }
      return query(sql, parameters);
    }) as typeof ds.query;
    try {
      ok(await t.gql(`mutation ($id: ID!, $body: String!) { sendMessage(conversationId: $id, body: $body) { id } }`, { id: conversationId, body: 'one' }, freelancer.token));
      for (let i = 0; i < 100 && failures === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(failures).toBe(1);
      ok(await t.gql(SEND, { id: conversationId, body: 'two' }, freelancer.token));
      await events.until(() => messagesOf(events).length >= 2);
    } finally {
      (ds as { query: typeof ds.query }).query = query;
    }
    expect(messagesOf(events).map((m) => m.body)).toEqual(['one', 'two']);
    expect(events.results.filter((result) => result.errors)).toEqual([]);
  });

  it('leaves a long body out of the event, and the subscriber loads it', async () => {
    const { id, conversationId, freelancer, events } = await chatWatchedByPoster();
    const published: MessageAddedPayload[] = [];
    const unlisten = t.app.deps.pubsub.listen(conversationTopic(id), (event) => event.type === 'MESSAGE_ADDED' && published.push(event));
    try {
      const long = 'a\u20d0\u20d1'.repeat(MAX_EVENT_BODY_LENGTH / 3 + 1);
      ok(await t.gql(SEND, { id: conversationId, body: long }, freelancer.token));
      ok(await t.gql(SEND, { id: conversationId, body: 'short' }, freelancer.token));
      await events.until(() => messagesOf(events).length >= 2);
      expect(messagesOf(events).map((m) => m.body)).toEqual([long, 'short']);
      expect(published.map((event) => event.message?.body)).toEqual([undefined, 'short']);
      expect(published.map((event) => event.position)).toEqual([2, 3]);
    } finally {
      unlisten();
    }
  });

  it('does not take a message from an event that names someone outside the conversation', async () => {
    const { id, poster, freelancer, events } = await chatWatchedByPoster();
    const stored = await storeSilently(id, freelancer.user.id, 'as stored');
    const stranger = await buildUser(t.app);
    const forged = messageAdded(id, { ...stored, fromId: stranger.user.id, toId: poster.user.id, body: 'forged' });
    await t.app.deps.pubsub.publish(conversationTopic(id), forged);
    await events.until(() => messagesOf(events).length === 1);
    expect(messagesOf(events)[0]).toMatchObject({ body: 'as stored', from: { id: gid('User', freelancer.user.id) } });
  });

  it('loads an event without a position (a server from before it), and the message after it too', async () => {
    const { id, conversationId, freelancer, events } = await chatWatchedByPoster();
    const stored = await storeSilently(id, freelancer.user.id, 'from an older server');
    await t.app.deps.pubsub.publish(conversationTopic(id), messageAdded(id, stored, true));
    await events.until(() => messagesOf(events).length === 1);
    t.sql.reset();
    ok(await t.gql(SEND, { id: conversationId, body: 'from a new one' }, freelancer.token));
    await events.until(() => messagesOf(events).length === 2);
    expect(messagesOf(events).map((m) => m.body)).toEqual(['from an older server', 'from a new one']);
    // Loaded (its users are loaded with it: the web app's selection asks for them).
    expect(t.sql.statements.some((sql) => /FROM messages m JOIN users/.test(sql))).toBe(true);
  });
});
