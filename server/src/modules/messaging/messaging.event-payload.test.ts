import { getNamedType, isLeafType, isNonNullType, isObjectType } from 'graphql';
import { getSchema } from '../../graphql/schema';
import { ok } from '../../../test/harness';
import { LiveSubscription, probeUntilLive, waitForSubscribers } from '../../../test/live';
import { conversationTopic, type MessageAddedPayload } from './messaging.events';
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

/** Stores a message the way `sendMessage` does (counted in the conversation) but publishes nothing: an event lost on its way. */
async function storeSilently(conversationId: string, fromId: string, body: string): Promise<Stored> {
  const [row] = (await t.app.deps.ds.query(
    `WITH c AS (UPDATE conversations SET message_count = message_count + 1 WHERE id = $1
                RETURNING id, message_count, CASE WHEN freelancer_user_id = $2 THEN poster_user_id ELSE freelancer_user_id END AS to_id)
     INSERT INTO messages (conversation_id, from_id, to_id, body) SELECT c.id, $2, c.to_id, $3 FROM c
     RETURNING id, seq::text, (SELECT message_count FROM c) AS position, from_id AS "fromId", to_id AS "toId", body, created_at AS "sentAt"`,
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
