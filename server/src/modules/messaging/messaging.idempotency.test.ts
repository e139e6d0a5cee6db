import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { buildUser } from '../../../test/factories';
import { errorOf, ok, type GraphQLResponse } from '../../../test/harness';
import { eventually, LiveSubscription } from '../../../test/live';
import { buildChat, gid, live, liveEvents, localId, messagesOf, t } from '../../../test/messaging';
import { NotificationEntity } from '../notifications/notification.entity';
import { notificationAddedTopic } from '../notifications/notifications.events';
import { ConversationEntity } from './conversation.entity';
import { MessageEntity } from './message.entity';
import { conversationTopic } from './messaging.events';
import { conversationGroupKey, MAX_CLIENT_MESSAGE_ID_LENGTH } from './messaging.service';

/*
 * sendMessage's clientMessageId (the sender's idempotency key, as Slack's client_msg_id): a repeat
 * with the same body answers the first message and changes nothing; another body is refused on the
 * field; keys are the sender's own per conversation; racing sends with one key store one message.
 */

const SEND = `mutation ($id: ID!, $body: String!, $key: String) {
  sendMessage(conversationId: $id, body: $body, clientMessageId: $key) { id body cursor createdAt from { id } }
}`;

interface Sent {
  id: string;
  body: string;
  cursor: string;
  createdAt: string;
  from: { id: string };
}

const send = (token: string, id: string, body: string, key?: string | null): Promise<GraphQLResponse<{ sendMessage: Sent }>> =>
  t.gql(SEND, { id, body, ...(key === undefined ? {} : { key }) }, token);

/** Everything a send may change: the conversation's messages, its count and activity time, the recipient's notification. */
async function stateOf(conversationId: string, recipientId: string) {
  const id = localId(conversationId);
  const ds = t.app.deps.ds;
  const messages = await ds.getRepository(MessageEntity).find({ where: { conversationId: id }, order: { seq: 'ASC' } });
  const conversation = await ds.getRepository(ConversationEntity).findOneByOrFail({ id });
  const notifications = await ds.getRepository(NotificationEntity).findBy({ userId: recipientId, groupKey: conversationGroupKey(id) });
  return {
    messages: messages.map((m) => ({ id: m.id, seq: m.seq, position: m.position, body: m.body, fromId: m.fromId, clientMessageId: m.clientMessageId })),
    messageCount: conversation.messageCount,
    lastMessageAt: conversation.lastMessageAt.toISOString(),
    notifications: notifications.map((n) => ({ id: n.id, createdAt: n.createdAt.toISOString(), payload: n.payload })),
  };
}

/** Counts what this instance publishes from now on: MESSAGE_ADDED on the conversation's topic, notifications on the recipient's. */
function recordPublished(conversationId: string, recipientId: string) {
  const pubsub = t.app.deps.pubsub;
  const publish = pubsub.publish.bind(pubsub);
  const published: Array<{ topic: string; payload: unknown }> = [];
  jest.spyOn(pubsub, 'publish').mockImplementation((topic, payload) => {
    published.push({ topic, payload });
    return publish(topic, payload);
  });
  return {
    messagesAdded: () =>
      published.filter(({ topic, payload }) => topic === conversationTopic(localId(conversationId)) && (payload as { type?: string }).type === 'MESSAGE_ADDED').length,
    notifications: () => published.filter(({ topic }) => topic === notificationAddedTopic(recipientId)).length,
  };
}

function fieldsOf(response: GraphQLResponse): Record<string, string> {
  const error = errorOf(response);
  expect(error.extensions?.code).toBe('BAD_USER_INPUT');
  return error.extensions?.fields ?? {};
}

afterEach(() => jest.restoreAllMocks());

describe('sendMessage with a clientMessageId', () => {
  it('answers a repeat with the first message and changes nothing: no second message, live event or notification', async () => {
    const { conversationId, poster, freelancer } = await buildChat();
    const posterEvents = await liveEvents(poster.token, conversationId, freelancer.token);
    const published = recordPublished(conversationId, poster.user.id);
    const key = '0b6f3c1e-8f2a-4d7b-9c3e-5a1d2f4e6b70';

    const storing = jest.spyOn(t.app.deps.services.messaging, 'send');
    const first = ok(await send(freelancer.token, conversationId, 'Are you free on Monday?', key)).sendMessage;
    await expect(storing.mock.results[0].value).resolves.toMatchObject({ clientMessageId: key });
    const before = await stateOf(conversationId, poster.user.id);
    expect(before.messages.at(-1)).toMatchObject({ id: localId(first.id), body: 'Are you free on Monday?', clientMessageId: key });

    // The same body as the first after trimming, and a third time over the same key.
    for (const body of ['  Are you free on Monday?\n', 'Are you free on Monday?']) {
      const repeat = ok(await send(freelancer.token, conversationId, body, key)).sendMessage;
      expect(repeat).toEqual(first);
    }
    expect(await stateOf(conversationId, poster.user.id)).toEqual(before);

    // Events of one topic arrive in order: once a later message is delivered, a repeat's would have been too.
    const later = ok(await send(freelancer.token, conversationId, 'And later')).sendMessage;
    await posterEvents.until(() => messagesOf(posterEvents).some((m) => m.id === later.id), 5000, 'the later message');
    expect(messagesOf(posterEvents).map((m) => m.id)).toEqual([first.id, later.id]);
    expect(published.messagesAdded()).toBe(2);
    expect(published.notifications()).toBe(2);
  });

  it('refuses the same key with another body as BAD_USER_INPUT on clientMessageId, and changes nothing', async () => {
    const { conversationId, poster, freelancer } = await buildChat();
    ok(await send(freelancer.token, conversationId, 'Can you start next week?', 'key-1'));
    const before = await stateOf(conversationId, poster.user.id);
    const published = recordPublished(conversationId, poster.user.id);

    const response = await send(freelancer.token, conversationId, 'Can you start tomorrow?', 'key-1');
    expect(fieldsOf(response)).toEqual({ clientMessageId: expect.stringContaining('already used for a different message') });
    expect(response.data).toBeNull();
    expect(await stateOf(conversationId, poster.user.id)).toEqual(before);
    expect(published.messagesAdded()).toBe(0);
    expect(published.notifications()).toBe(0);
  });

  it('keeps keys per sender and conversation: the other participant’s same key, or the same key elsewhere, is another message', async () => {
    const chat = await buildChat();
    const other = await buildChat();
    const key = 'shared_key';
    const mine = ok(await send(chat.freelancer.token, chat.conversationId, 'Same words', key)).sendMessage;
    const theirs = ok(await send(chat.poster.token, chat.conversationId, 'Same words', key)).sendMessage;
    const elsewhere = ok(await send(other.freelancer.token, other.conversationId, 'Same words', key)).sendMessage;
    // The same freelancer in a second conversation of theirs.
    const second = await buildChat();
    const ownElsewhere = ok(await send(second.freelancer.token, second.conversationId, 'Same words', key)).sendMessage;
    expect(new Set([mine.id, theirs.id, elsewhere.id, ownElsewhere.id]).size).toBe(4);
    expect(theirs.from.id).toBe(gid('User', chat.poster.user.id));
    // And each one's repeat finds their own.
    expect(ok(await send(chat.poster.token, chat.conversationId, 'Same words', key)).sendMessage.id).toBe(theirs.id);
    expect(ok(await send(chat.freelancer.token, chat.conversationId, 'Same words', key)).sendMessage.id).toBe(mine.id);
  });

  it('answers anyone but a participant NOT_FOUND whatever the key, never another user’s message', async () => {
    const { conversationId, poster, freelancer } = await buildChat();
    ok(await send(freelancer.token, conversationId, 'Private', 'k'));
    const before = await stateOf(conversationId, poster.user.id);
    const stranger = await buildUser(t.app);
    for (const [body, key] of [['Private', 'k'], ['Something else', 'k'], ['Private', 'new-key'], ['Private', null]] as const) {
      const response = await send(stranger.token, conversationId, body, key);
      expect(errorOf(response).extensions?.code).toBe('NOT_FOUND');
      expect(errorOf(response).message).toBe('Conversation not found');
      expect(response.data).toBeNull();
    }
    expect(await stateOf(conversationId, poster.user.id)).toEqual(before);
  });

  it('stores one message for sends racing with one key, and answers every one of them with it', async () => {
    const { conversationId, poster, freelancer } = await buildChat();
    const published = recordPublished(conversationId, poster.user.id);
    // The conversation's row held locked until all six statements wait for it: each statement's
    // snapshot is then older than the first one's commit, so the five others store a copy, which
    // the unique index refuses (the path a race takes, every time rather than by chance).
    const holder = t.app.deps.ds.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    let answers: Array<GraphQLResponse<{ sendMessage: Sent }>>;
    try {
      await holder.query(`SELECT 1 FROM conversations WHERE id = $1 FOR UPDATE`, [localId(conversationId)]);
      const sending = Promise.all(Array.from({ length: 6 }, () => send(freelancer.token, conversationId, 'Sent six times at once', 'racing-key')));
      await eventually(async () => {
        const [{ waiting }] = (await t.app.deps.ds.query(
          `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO messages%'`,
        )) as Array<{ waiting: number }>;
        return waiting === 6;
      }, 10_000, 'six sends waiting for the conversation');
      await holder.commitTransaction();
      answers = await sending;
    } finally {
      if (holder.isTransactionActive) await holder.rollbackTransaction();
      await holder.release();
    }
    const messages = answers.map((answer) => ok(answer).sendMessage);
    expect(new Set(messages.map((m) => m.id)).size).toBe(1);
    expect(messages.every((m) => m.cursor === messages[0].cursor && m.createdAt === messages[0].createdAt)).toBe(true);

    const state = await stateOf(conversationId, poster.user.id);
    expect(state.messages.filter((m) => m.clientMessageId === 'racing-key')).toHaveLength(1);
    // The losers' statements rolled back whole: the count and positions have no holes.
    expect(state.messages.map((m) => m.position)).toEqual([1, 2]);
    expect(state.messageCount).toBe(2);
    expect(published.messagesAdded()).toBe(1);
    expect(published.notifications()).toBe(1);
  });

  it('omitting the key, or null, sends a new message every time as before', async () => {
    const { conversationId, poster, freelancer } = await buildChat();
    const a = ok(await send(freelancer.token, conversationId, 'Twice')).sendMessage;
    const b = ok(await send(freelancer.token, conversationId, 'Twice', null)).sendMessage;
    expect(a.id).not.toBe(b.id);
    expect((await stateOf(conversationId, poster.user.id)).messages.map((m) => m.clientMessageId)).toEqual([null, null, null]);
  });
});

describe('the shape of a clientMessageId', () => {
  it('accepts 1 to 64 of A-Z a-z 0-9 - _, a UUID among them', async () => {
    const { conversationId, freelancer } = await buildChat();
    for (const key of ['a', 'Z9', '-_', 'x'.repeat(MAX_CLIENT_MESSAGE_ID_LENGTH), randomUUID()]) {
      ok(await send(freelancer.token, conversationId, `with ${key}`, key));
    }
  });

  it('refuses the examples naming clientMessageId, and stores nothing', async () => {
    const { conversationId, poster, freelancer } = await buildChat();
    const before = await stateOf(conversationId, poster.user.id);
    for (const key of ['', '   ', 'x'.repeat(MAX_CLIENT_MESSAGE_ID_LENGTH + 1), 'two words', 'tab\there', 'café', '日本語', 'a/b', 'a.b', 'emoji👍', 'nul\u0000']) {
      expect(Object.keys(fieldsOf(await send(freelancer.token, conversationId, 'Hello', key)))).toEqual(['clientMessageId']);
    }
    expect(await stateOf(conversationId, poster.user.id)).toEqual(before);
  });

  it('refuses any key with a character outside A-Z a-z 0-9 - _, or longer than 64, naming clientMessageId (property)', async () => {
    const { conversationId, poster, freelancer } = await buildChat();
    const before = await stateOf(conversationId, poster.user.id);
    const allowed = /^[A-Za-z0-9_-]$/;
    const valid = fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/);
    // Between valid characters, so that trimming at the API's edge cannot take it away; never one that NFC turns into an allowed one (the Kelvin sign is K).
    const outsider = fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }), fc.constantFrom(' ', '.', '/', '+', '=', '\u00a0', 'é', '\u200b'));
    const badInside = fc
      .tuple(valid, outsider, valid)
      .filter(([, middle]) => ![...middle.normalize('NFC')].every((c) => allowed.test(c)))
      .map(([head, middle, tail]) => `${head}${middle}${tail}`);
    const tooLong = fc.stringMatching(/^[A-Za-z0-9_-]+$/).chain((seed) => fc.integer({ min: MAX_CLIENT_MESSAGE_ID_LENGTH + 1, max: 300 }).map((n) => seed.repeat(n).slice(0, n)));
    await fc.assert(
      fc.asyncProperty(fc.oneof(badInside, tooLong), async (key) => {
        const fields = fieldsOf(await send(freelancer.token, conversationId, 'Hello', key));
        expect(Object.keys(fields)).toEqual(['clientMessageId']);
      }),
      { numRuns: 60 },
    );
    expect(await stateOf(conversationId, poster.user.id)).toEqual(before);
  });
});

describe('cost', () => {
  it('sends with a new key in the same statements as without one; a repeat costs one more (the read of the stored message)', async () => {
    const { conversationId, freelancer } = await buildChat();
    const statements = async (body: string, key?: string) => {
      t.sql.reset();
      ok(await t.gql(`mutation ($id: ID!, $body: String!, $key: String) { sendMessage(conversationId: $id, body: $body, clientMessageId: $key) { id } }`, { id: conversationId, body, key }, freelancer.token));
      // The session's look-up is left out: a session read moments ago may be cached.
      return t.sql.statements.filter((statement) => !/\bFROM sessions\b/.test(statement));
    };
    const unkeyed = await statements('No key');
    expect(unkeyed).toHaveLength(1);
    const keyed = await statements('New key', 'cost-key');
    expect(keyed).toHaveLength(unkeyed.length);
    // Conversation, message and notification together, in one statement.
    expect(keyed[0]).toMatch(/UPDATE conversations[\s\S]*INSERT INTO messages[\s\S]*INSERT INTO notifications/);
    expect(await statements('New key', 'cost-key')).toHaveLength(unkeyed.length + 1);
  });
});

describe('over a graphql-ws socket', () => {
  it('sends with a key over the socket, and a repeat over the same socket or a new one (as after a reconnect) answers the same message', async () => {
    const { conversationId, poster, freelancer } = await buildChat();
    const posterEvents = await liveEvents(poster.token, conversationId, freelancer.token);
    const overSocket = async (socket: ReturnType<typeof live>, body: string, key: string): Promise<Sent> => {
      const operation = new LiveSubscription<{ sendMessage: Sent }>(socket, SEND, { id: conversationId, body, key });
      await operation.until(() => operation.completed || operation.errors.length > 0, 5000, 'the mutation to complete');
      expect(operation.errors).toEqual([]);
      expect(operation.results.flatMap((r) => r.errors ?? [])).toEqual([]);
      expect(operation.data).toHaveLength(1);
      return operation.data[0].sendMessage;
    };

    const first = live(freelancer.token);
    const key = randomUUID();
    const sent = await overSocket(first, 'Sent over the socket', key);
    expect(await overSocket(first, 'Sent over the socket', key)).toEqual(sent);
    await first.dispose();
    expect(await overSocket(live(freelancer.token), 'Sent over the socket', key)).toEqual(sent);

    const later = ok(await send(freelancer.token, conversationId, 'After the repeats')).sendMessage;
    await posterEvents.until(() => messagesOf(posterEvents).some((m) => m.id === later.id), 5000, 'the later message');
    expect(messagesOf(posterEvents).map((m) => m.id)).toEqual([sent.id, later.id]);
  });
});
