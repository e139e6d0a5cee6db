import fc from 'fast-check';
import { buildConversation, buildEmployer, buildListing, buildUser } from '../../../test/factories';
import { ok, startTestApp } from '../../../test/harness';
import { connectLive, LiveSubscription, probeUntilLive, waitForSubscribers } from '../../../test/live';
import { MessageEntity } from './message.entity';
import { conversationTopic } from './messaging.events';
import { buildChat, CONVERSATION, type EventData, EVENTS, gid, isTyping, live, liveEvents, localId, MESSAGE_ADDED, messagesOf, pokeTyping, SEND, sockets, t } from '../../../test/messaging';

describe('delivery', () => {
  it('delivers messageAdded to the subscribed participant', async () => {
    const { conversationId, poster, freelancer } = await buildChat();
    const sub = new LiveSubscription<{ messageAdded: { id: string; body: string; from: { id: string } } }>(live(poster.token), MESSAGE_ADDED, { id: conversationId });
    await waitForSubscribers(conversationTopic(localId(conversationId)), 1);
    const sent = ok(await t.gql(SEND, { id: conversationId, body: 'ping' }, freelancer.token)).sendMessage;
    await sub.until(() => sub.data.length === 1);
    expect(sub.data[0].messageAdded).toEqual({ id: sent.id, body: 'ping', from: { id: gid('User', freelancer.user.id) } });
  });

  it('delivers a burst of 30 messages each way complete and in order', async () => {
    const { conversationId, poster, freelancer } = await buildChat();
    const posterEvents = await liveEvents(poster.token, conversationId, freelancer.token);
    const freelancerEvents = await liveEvents(freelancer.token, conversationId, poster.token);

    const burst = async (token: string, prefix: string) => {
      for (let i = 0; i < 30; i++) ok(await t.gql(SEND, { id: conversationId, body: `${prefix} ${i}` }, token));
    };
    await Promise.all([burst(freelancer.token, 'F'), burst(poster.token, 'P')]);

    const stored = await t.app.deps.ds.getRepository(MessageEntity).find({ where: { conversationId: localId(conversationId) }, order: { seq: 'ASC' } });
    const expected = stored.slice(1).map((message) => gid('Message', message.id));
    for (const sub of [posterEvents, freelancerEvents]) {
      await sub.until(() => messagesOf(sub).length >= 60, 10_000, '60 messages');
      const received = messagesOf(sub);
      expect(received.map((m) => m.id)).toEqual(expected);
      expect(received.filter((m) => m.body.startsWith('F ')).map((m) => m.body)).toEqual(Array.from({ length: 30 }, (_, i) => `F ${i}`));
      expect(received.filter((m) => m.body.startsWith('P ')).map((m) => m.body)).toEqual(Array.from({ length: 30 }, (_, i) => `P ${i}`));
    }
  });

  it('delivers across two instances sharing PostgreSQL and Redis', async () => {
    const other = await startTestApp({ redis: true });
    try {
      const { conversationId, poster, freelancer } = await buildChat();
      const sub = new LiveSubscription<{ messageAdded: { id: string; body: string; from: { id: string } } }>(live(poster.token, t), MESSAGE_ADDED, { id: conversationId });
      await waitForSubscribers(conversationTopic(localId(conversationId)), 1);
      const started = Date.now();
      const sent = ok(await other.gql(SEND, { id: conversationId, body: 'from instance B' }, freelancer.token)).sendMessage;
      await sub.until(() => sub.data.length === 1, 1000, 'the message within a second');
      expect(Date.now() - started).toBeLessThan(1000);
      expect(sub.data[0].messageAdded).toEqual({ id: sent.id, body: 'from instance B', from: { id: gid('User', freelancer.user.id) } });

      // And the other way: a subscriber on B hears a message sent through A.
      const back = new LiveSubscription<{ messageAdded: { id: string } }>(live(freelancer.token, other), MESSAGE_ADDED, { id: conversationId });
      await waitForSubscribers(conversationTopic(localId(conversationId)), 2);
      const reply = ok(await t.gql(SEND, { id: conversationId, body: 'from instance A' }, poster.token)).sendMessage;
      await back.until(() => back.data.some((d) => d.messageAdded.id === reply.id));
    } finally {
      await Promise.all(sockets.splice(0).map((socket) => socket.dispose()));
      await other.stop();
    }
  });

  it('loses nothing across a reconnect: the client fetches what it missed with messages(after:)', async () => {
    const { conversationId, poster, freelancer } = await buildChat();
    const firstSocket = live(poster.token);
    const before = new LiveSubscription<{ messageAdded: { id: string; body: string } }>(firstSocket, MESSAGE_ADDED, { id: conversationId });
    await waitForSubscribers(conversationTopic(localId(conversationId)), 1);
    ok(await t.gql(SEND, { id: conversationId, body: 'seen live' }, freelancer.token));
    await before.until(() => before.data.length === 1);
    const { cursor } = ok(await t.gql(`query ($id: ID!) { conversation(id: $id) { lastMessage { cursor } } }`, { id: conversationId }, poster.token))
      .conversation.lastMessage;
    await firstSocket.dispose();

    ok(await t.gql(SEND, { id: conversationId, body: 'missed 1' }, freelancer.token));
    ok(await t.gql(SEND, { id: conversationId, body: 'missed 2' }, freelancer.token));

    // Reconnect: subscribe first, then fetch what came after the last message seen.
    const after = await liveEvents(poster.token, conversationId, freelancer.token);
    const missed = ok(await t.gql(CONVERSATION, { id: conversationId, after: cursor }, poster.token)).conversation.messages;
    expect(missed.edges.map((e: { node: { body: string } }) => e.node.body)).toEqual(['missed 1', 'missed 2']);
    ok(await t.gql(SEND, { id: conversationId, body: 'live again' }, freelancer.token));
    await after.until(() => messagesOf(after).some((m) => m.body === 'live again'));
  });
});

describe('delivery property', () => {
  it('delivers every message to exactly its two participants, in order, and to nobody else', async () => {
    const scenario = fc
      .record({
        userCount: fc.integer({ min: 3, max: 4 }),
        pairs: fc.array(fc.tuple(fc.nat(3), fc.nat(3)), { minLength: 1, maxLength: 3 }),
        sends: fc.array(fc.tuple(fc.nat(2), fc.boolean(), fc.string({ minLength: 1, maxLength: 20 })), { minLength: 1, maxLength: 8 }),
      })
      .map(({ userCount, pairs, sends }) => {
        const conversations = pairs.map(([p, f]) => [p % userCount, f % userCount]).filter(([p, f]) => p !== f);
        return { userCount, conversations, sends: sends.filter(([c]) => c < conversations.length) };
      })
      .filter(({ conversations }) => conversations.length > 0);

    await fc.assert(
      fc.asyncProperty(scenario, async ({ userCount, conversations, sends }) => {
        const users = await Promise.all(Array.from({ length: userCount }, () => buildUser(t.app)));
        const employers = new Map<number, Awaited<ReturnType<typeof buildEmployer>>>();
        const chats: Array<{ id: string; poster: number; freelancer: number }> = [];
        for (const [p, f] of conversations) {
          if (!employers.has(p)) employers.set(p, await buildEmployer(t.app, users[p].user));
          const listing = await buildListing(t.app, employers.get(p)!, users[p].user);
          const conversation = await buildConversation(t.app, listing, users[f].user);
          chats.push({ id: gid('Conversation', conversation.id), poster: p, freelancer: f });
        }
        const runSockets = users.map((user) => connectLive(t.url, user.token));
        try {
          const subs = chats.map((chat) =>
            users.map((_, u) => ({ u, sub: new LiveSubscription<EventData>(runSockets[u], EVENTS, { id: chat.id }) })),
          );
          for (const [c, chat] of chats.entries()) {
            for (const { u, sub } of subs[c]) {
              if (u === chat.poster || u === chat.freelancer) {
                const other = u === chat.poster ? chat.freelancer : chat.poster;
                await probeUntilLive(sub, () => pokeTyping(chat.id, gid('User', users[other].user.id)), isTyping);
              } else {
                expect((await sub.firstError()).extensions?.code).toBe('NOT_FOUND');
              }
            }
          }
          const expected = chats.map((): string[] => []);
          for (const [c, fromPoster, body] of sends) {
            const chat = chats[c];
            const sender = users[fromPoster ? chat.poster : chat.freelancer];
            const trimmed = body.trim() || 'x';
            expected[c].push(ok(await t.gql(SEND, { id: chat.id, body: trimmed }, sender.token)).sendMessage.id);
          }
          for (const [c, chat] of chats.entries()) {
            for (const { u, sub } of subs[c]) {
              if (u === chat.poster || u === chat.freelancer) {
                await sub.until(() => messagesOf(sub).length >= expected[c].length, 5000, `chat ${c} messages for user ${u}`);
                expect(messagesOf(sub).map((m) => m.id)).toEqual(expected[c]);
              } else {
                expect(sub.data).toEqual([]);
              }
            }
          }
        } finally {
          await Promise.all(runSockets.map((socket) => socket.dispose()));
        }
      }),
      { numRuns: 15 },
    );
  });
});
