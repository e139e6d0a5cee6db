import { buildUser } from '../../../test/factories';
import { errorOf, ok } from '../../../test/harness';
import { connectLive, eventually, LiveSubscription, subscriberCount, waitForSubscribers } from '../../../test/live';
import { MessageEntity } from './message.entity';
import { conversationTopic } from './messaging.events';
import { buildChat, CONVERSATION, type EventData, EVENTS, gid, isTyping, live, liveEvents, localId, MARK_READ, MESSAGE_ADDED, messagesOf, SEND, sockets, t, TYPING } from '../../../test/messaging';

describe('unread counts, read receipts and typing, live', () => {
  it('counts unread messages per viewer and sends the sender a read receipt when the other reads', async () => {
    const { conversationId, poster, freelancer } = await buildChat();
    ok(await t.gql(SEND, { id: conversationId, body: 'second' }, freelancer.token));
    const unread = async (token: string) => ok(await t.gql(CONVERSATION, { id: conversationId }, token)).conversation.unreadCount;
    expect(await unread(poster.token)).toBe(2);
    expect(await unread(freelancer.token)).toBe(0);

    const freelancerEvents = await liveEvents(freelancer.token, conversationId, poster.token);
    const posterEvents = await liveEvents(poster.token, conversationId, freelancer.token);

    expect(ok(await t.gql(MARK_READ, { id: conversationId }, poster.token)).markConversationRead.unreadCount).toBe(0);
    await freelancerEvents.until(() => freelancerEvents.data.some((d) => d.conversationEvents.__typename === 'MessagesReadEvent'), 5000, 'a read receipt');
    const receipt = freelancerEvents.data.find((d) => d.conversationEvents.__typename === 'MessagesReadEvent')!.conversationEvents;
    const last = ok(await t.gql(CONVERSATION, { id: conversationId }, freelancer.token)).conversation.lastMessage;
    expect(receipt).toMatchObject({ reader: { id: gid('User', poster.user.id) }, lastReadMessage: { id: last.id, read: true } });
    expect(await unread(poster.token)).toBe(0);

    // Marking again reads nothing new: no second receipt. The reader never hears their own receipt.
    ok(await t.gql(MARK_READ, { id: conversationId }, poster.token));
    ok(await t.gql(SEND, { id: conversationId, body: 'sync' }, freelancer.token));
    await posterEvents.until(() => messagesOf(posterEvents).length === 1);
    await freelancerEvents.until(() => messagesOf(freelancerEvents).length === 1);
    expect(freelancerEvents.data.filter((d) => d.conversationEvents.__typename === 'MessagesReadEvent')).toHaveLength(1);
    expect(posterEvents.data.filter((d) => d.conversationEvents.__typename === 'MessagesReadEvent')).toHaveLength(0);
  });

  it('shows typing to the other participant only, and stores nothing', async () => {
    const { conversationId, poster, freelancer } = await buildChat();
    const posterEvents = await liveEvents(poster.token, conversationId, freelancer.token);
    const freelancerEvents = await liveEvents(freelancer.token, conversationId, poster.token);
    const typedBy = (sub: LiveSubscription<EventData>) => sub.data.filter(isTyping).map((d) => d.conversationEvents.user!.id);
    const messagesBefore = await t.app.deps.ds.getRepository(MessageEntity).countBy({ conversationId: localId(conversationId) });

    ok(await t.gql(TYPING, { id: conversationId }, poster.token));
    ok(await t.gql(SEND, { id: conversationId, body: 'after typing' }, poster.token));
    await posterEvents.until(() => messagesOf(posterEvents).length === 1);
    await freelancerEvents.until(() => messagesOf(freelancerEvents).length === 1);
    expect(new Set(typedBy(freelancerEvents))).toEqual(new Set([gid('User', poster.user.id)]));
    expect(new Set(typedBy(posterEvents))).toEqual(new Set([gid('User', freelancer.user.id)]));
    expect(await t.app.deps.ds.getRepository(MessageEntity).countBy({ conversationId: localId(conversationId) })).toBe(messagesBefore + 1);

    const stranger = await buildUser(t.app);
    expect(errorOf(await t.gql(TYPING, { id: conversationId }, stranger.token)).extensions?.code).toBe('NOT_FOUND');
  });
});

describe('who may subscribe', () => {
  it('gives an anonymous socket UNAUTHENTICATED and closes a socket with a bad token (4403)', async () => {
    const { conversationId } = await buildChat();
    const anonymous = new LiveSubscription(live(null), EVENTS, { id: conversationId });
    expect((await anonymous.firstError()).extensions?.code).toBe('UNAUTHENTICATED');

    const bad = connectLive(t.url, 'not-a-real-token', { lazy: false });
    sockets.push(bad);
    expect(await bad.closed).toBe(4403);
  });

  it('closes a socket whose session was signed out (4403) at its next operation', async () => {
    const user = await buildUser(t.app);
    const socket = live(user.token);
    const held = new LiveSubscription(socket, `subscription { notificationAdded { id } }`);
    const me = new LiveSubscription<{ me: { id: string } }>(socket, '{ me { id } }');
    await me.until(() => me.completed);
    expect(me.data).toEqual([{ me: { id: gid('User', user.user.id) } }]);

    ok(await t.gql('mutation { signOut }', {}, user.token));
    const after = new LiveSubscription(socket, '{ me { id } }');
    expect(await socket.closed).toBe(4403);
    expect(after.data).toEqual([]);
    expect(held.data).toEqual([]);
  });

  it('reports a validation error over the socket with the same code as over HTTP', async () => {
    const user = await buildUser(t.app);
    const sub = new LiveSubscription(live(user.token), 'subscription { noSuchField }');
    const overSocket = await sub.firstError();
    const overHttp = errorOf(await t.gql('{ noSuchField }', {}, user.token));
    expect(overSocket.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(overHttp.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('gives a stranger NOT_FOUND on subscribing and never an event', async () => {
    const { conversationId, poster, freelancer } = await buildChat();
    const stranger = await buildUser(t.app);
    const strangerEvents = new LiveSubscription<EventData>(live(stranger.token), EVENTS, { id: conversationId });
    const strangerMessages = new LiveSubscription(live(stranger.token), MESSAGE_ADDED, { id: conversationId });
    expect((await strangerEvents.firstError()).extensions?.code).toBe('NOT_FOUND');
    expect((await strangerMessages.firstError()).extensions?.code).toBe('NOT_FOUND');

    const posterEvents = await liveEvents(poster.token, conversationId, freelancer.token);
    ok(await t.gql(SEND, { id: conversationId, body: 'private' }, freelancer.token));
    await posterEvents.until(() => messagesOf(posterEvents).length === 1);
    expect(strangerEvents.data).toEqual([]);
    expect(strangerMessages.data).toEqual([]);
  });

  it('re-authorizes every event: a signed-out session stops receiving', async () => {
    const { conversationId, poster, freelancer } = await buildChat();
    const second = await t.gql(`mutation ($input: SignInInput!) { signIn(input: $input) { token } }`, {
      input: { email: poster.user.email, password: 'correct horse battery staple' },
    });
    const secondToken = ok(second).signIn.token as string;
    const revoked = await liveEvents(poster.token, conversationId, freelancer.token);
    const kept = await liveEvents(secondToken, conversationId, freelancer.token);

    ok(await t.gql('mutation { signOut }', {}, poster.token));
    ok(await t.gql(SEND, { id: conversationId, body: 'one' }, freelancer.token));
    ok(await t.gql(SEND, { id: conversationId, body: 'two' }, freelancer.token));
    await kept.until(() => messagesOf(kept).length === 2);
    // Give the revoked subscription the same chance to (wrongly) deliver before asserting it did not.
    expect(await revoked.within(() => messagesOf(revoked).length > 0, 300)).toBe(false);
  });

  it('releases the Redis channel as soon as the client unsubscribes', async () => {
    const { conversationId, freelancer } = await buildChat();
    const channel = conversationTopic(localId(conversationId));
    const sub = new LiveSubscription(live(freelancer.token), MESSAGE_ADDED, { id: conversationId });
    await waitForSubscribers(channel, 1);
    sub.stop();
    await eventually(async () => (await subscriberCount(channel)) === 0, 5000, 'the channel to be unsubscribed');
  });
});
