import fc from 'fast-check';
import { toGlobalId } from '../../graphql/global-id';
import { buildConversation, buildEmployer, buildListing, buildUser, type BuiltUser } from '../../../test/factories';
import { errorOf, ok, startTestApp, type TestApp } from '../../../test/harness';
import { closeRedisProbes, connectLive, eventually, LiveSubscription, probeUntilLive, subscriberCount, waitForSubscribers, type LiveSocket } from '../../../test/live';
import type { ListingEntity } from '../listings/listing.entity';
import { ConversationEntity } from './conversation.entity';
import { MessageEntity } from './message.entity';
import { conversationTopic } from './messaging.events';

const START = `mutation ($listingId: ID!, $body: String!) {
  startConversation(listingId: $listingId, body: $body) { id listing { id } freelancer { id } poster { id } unreadCount lastMessage { id body } }
}`;
const SEND = `mutation ($id: ID!, $body: String!) { sendMessage(conversationId: $id, body: $body) { id body cursor read readAt from { id } to { id } } }`;
const MARK_READ = `mutation ($id: ID!) { markConversationRead(conversationId: $id) { id unreadCount } }`;
const TYPING = `mutation ($id: ID!) { setTyping(conversationId: $id) }`;
const CONVERSATION = `query ($id: ID!, $first: Int, $after: String) {
  conversation(id: $id) { id unreadCount lastMessage { id } messages(first: $first, after: $after) { edges { cursor node { id body cursor } } pageInfo { hasNextPage endCursor } } }
}`;
const BACKWARD = `query ($id: ID!, $last: Int, $before: String) {
  conversation(id: $id) { id messages(last: $last, before: $before) { edges { cursor node { id body cursor } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }
}`;
const CONVERSATIONS = `query ($first: Int, $after: String) {
  conversations(first: $first, after: $after) {
    edges { cursor node { id unreadCount lastMessage { id body from { id } } listing { id title } freelancer { id profile { displayName } } poster { id profile { displayName } } messages(first: 2) { edges { node { id } } } } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const EVENTS = `subscription ($id: ID!) {
  conversationEvents(conversationId: $id) {
    __typename
    ... on MessageAddedEvent { message { id body cursor from { id } to { id } } }
    ... on MessagesReadEvent { reader { id } readAt lastReadMessage { id read } }
    ... on TypingEvent { user { id } at }
  }
}`;
const MESSAGE_ADDED = `subscription ($id: ID!) { messageAdded(conversationId: $id) { id body from { id } } }`;

interface EventData {
  conversationEvents: {
    __typename: 'MessageAddedEvent' | 'MessagesReadEvent' | 'TypingEvent';
    message?: { id: string; body: string; cursor: string; from: { id: string }; to: { id: string } };
    reader?: { id: string };
    lastReadMessage?: { id: string; read: boolean };
    user?: { id: string };
  };
}

const gid = (type: string, id: string) => toGlobalId(type, id);
const messagesOf = (sub: LiveSubscription<EventData>) =>
  sub.data.filter((d) => d.conversationEvents.__typename === 'MessageAddedEvent').map((d) => d.conversationEvents.message!);
const isTyping = (d: EventData) => d.conversationEvents.__typename === 'TypingEvent';

let t: TestApp;
const sockets: LiveSocket[] = [];
function live(token?: string | null, app: TestApp = t): LiveSocket {
  const socket = connectLive(app.url, token);
  sockets.push(socket);
  return socket;
}

beforeAll(async () => {
  t = await startTestApp({ redis: true });
});
afterAll(async () => {
  await Promise.all(sockets.map((socket) => socket.dispose()));
  await t.stop();
  await closeRedisProbes();
});

interface Gig {
  poster: BuiltUser;
  listing: ListingEntity;
}

async function buildGig(overrides: { poster?: BuiltUser; status?: 'DRAFT' | 'PUBLISHED' | 'CLOSED' } = {}): Promise<Gig> {
  const poster = overrides.poster ?? (await buildUser(t.app));
  const employer = await buildEmployer(t.app, poster.user);
  const listing = await buildListing(t.app, employer, poster.user, { status: overrides.status ?? 'PUBLISHED' });
  return { poster, listing };
}

/** A conversation started over GraphQL: the freelancer's first message is already in it. */
async function buildChat(): Promise<{ gig: Gig; poster: BuiltUser; freelancer: BuiltUser; conversationId: string }> {
  const gig = await buildGig();
  const freelancer = await buildUser(t.app);
  const data = ok(await t.gql(START, { listingId: gid('Listing', gig.listing.id), body: 'Hello! Is this still open?' }, freelancer.token));
  return { gig, poster: gig.poster, freelancer, conversationId: data.startConversation.id };
}

/**
 * A typing event of `userGlobalId`, published straight to the conversation's topic: probing with
 * the setTyping mutation would wait out its rate limit (one event per 2 seconds) at every retry.
 */
async function pokeTyping(conversationId: string, userGlobalId: string): Promise<void> {
  const id = localId(conversationId);
  await t.app.deps.pubsub.publish(conversationTopic(id), { type: 'TYPING', conversationId: id, userId: localId(userGlobalId), at: new Date().toISOString() });
}

/** A conversationEvents subscription that is certainly live (the other participant's typing reached it). */
async function liveEvents(token: string, conversationId: string, otherToken: string, app: TestApp = t): Promise<LiveSubscription<EventData>> {
  const sub = new LiveSubscription<EventData>(live(token, app), EVENTS, { id: conversationId });
  const other = ok(await t.gql('{ me { id } }', {}, otherToken)).me.id as string;
  await probeUntilLive(sub, () => pokeTyping(conversationId, other), isTyping);
  return sub;
}

const localId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];

describe('startConversation', () => {
  it("starts one conversation per listing and freelancer, with the listing's poster", async () => {
    const gig = await buildGig();
    const freelancer = await buildUser(t.app);
    const first = ok(await t.gql(START, { listingId: gid('Listing', gig.listing.id), body: '  Hi there  ' }, freelancer.token)).startConversation;
    expect(first).toMatchObject({
      listing: { id: gid('Listing', gig.listing.id) },
      freelancer: { id: gid('User', freelancer.user.id) },
      poster: { id: gid('User', gig.poster.user.id) },
      unreadCount: 0,
      lastMessage: { body: 'Hi there' },
    });
    const again = ok(await t.gql(START, { listingId: gid('Listing', gig.listing.id), body: 'Me again' }, freelancer.token)).startConversation;
    expect(again.id).toBe(first.id);
    expect(again.lastMessage.body).toBe('Me again');
    const messages = await t.app.deps.ds.getRepository(MessageEntity).find({ where: { conversationId: localId(first.id) }, order: { seq: 'ASC' } });
    expect(messages.map((m) => [m.body, m.fromId, m.toId])).toEqual([
      ['Hi there', freelancer.user.id, gig.poster.user.id],
      ['Me again', freelancer.user.id, gig.poster.user.id],
    ]);
  });

  it('ends two concurrent starts in one conversation holding both messages', async () => {
    const gig = await buildGig();
    const freelancer = await buildUser(t.app);
    const results = await Promise.all(
      ['one', 'two', 'three'].map((body) => t.gql(START, { listingId: gid('Listing', gig.listing.id), body }, freelancer.token)),
    );
    const ids = new Set(results.map((result) => ok(result).startConversation.id));
    expect(ids.size).toBe(1);
    const conversations = await t.app.deps.ds.getRepository(ConversationEntity).findBy({ listingId: gig.listing.id });
    expect(conversations).toHaveLength(1);
    expect(await t.app.deps.ds.getRepository(MessageEntity).countBy({ conversationId: conversations[0].id })).toBe(3);
  });

  it('refuses a draft (NOT_FOUND), a member of the employer (FORBIDDEN) and anonymous users', async () => {
    const draft = await buildGig({ status: 'DRAFT' });
    const freelancer = await buildUser(t.app);
    expect(errorOf(await t.gql(START, { listingId: gid('Listing', draft.listing.id), body: 'hi' }, freelancer.token)).extensions?.code).toBe('NOT_FOUND');

    const gig = await buildGig();
    expect(errorOf(await t.gql(START, { listingId: gid('Listing', gig.listing.id), body: 'hi' }, gig.poster.token)).extensions?.code).toBe('FORBIDDEN');
    expect(errorOf(await t.gql(START, { listingId: gid('Listing', gig.listing.id), body: 'hi' })).extensions?.code).toBe('UNAUTHENTICATED');
    expect(await t.app.deps.ds.getRepository(ConversationEntity).countBy({ listingId: gig.listing.id })).toBe(0);
  });
});

describe('message validation', () => {
  it.each([
    ['empty', ''],
    ['whitespace', ' \n\t  '],
    ['5,001 characters', 'x'.repeat(5001)],
  ])('refuses a %s body with BAD_USER_INPUT on body and stores nothing', async (_name, body) => {
    const { conversationId, freelancer, gig } = await buildChat();
    const before = await t.app.deps.ds.getRepository(MessageEntity).count();
    const error = errorOf(await t.gql(SEND, { id: conversationId, body }, freelancer.token));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { body: expect.any(String) } });

    const other = await buildUser(t.app);
    const startError = errorOf(await t.gql(START, { listingId: gid('Listing', gig.listing.id), body }, other.token));
    expect(startError.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { body: expect.any(String) } });
    expect(await t.app.deps.ds.getRepository(MessageEntity).count()).toBe(before);
    expect(await t.app.deps.ds.getRepository(ConversationEntity).countBy({ freelancerUserId: other.user.id })).toBe(0);
  });

  it('accepts exactly 5,000 characters, trimmed', async () => {
    const { conversationId, poster } = await buildChat();
    const body = 'y'.repeat(5000);
    expect(ok(await t.gql(SEND, { id: conversationId, body: `  ${body}\n` }, poster.token)).sendMessage.body).toBe(body);
  });
});

describe('reading conversations', () => {
  it('shows a conversation to its participants only; a stranger gets NOT_FOUND', async () => {
    const { conversationId, poster, freelancer } = await buildChat();
    const stranger = await buildUser(t.app);
    expect(ok(await t.gql(CONVERSATION, { id: conversationId }, poster.token)).conversation.id).toBe(conversationId);
    expect(ok(await t.gql(CONVERSATION, { id: conversationId }, freelancer.token)).conversation.id).toBe(conversationId);
    expect(errorOf(await t.gql(CONVERSATION, { id: conversationId }, stranger.token)).extensions?.code).toBe('NOT_FOUND');
    expect(ok(await t.gql(`query ($id: ID!) { node(id: $id) { id } }`, { id: conversationId }, stranger.token)).node).toBeNull();
    const send = errorOf(await t.gql(SEND, { id: conversationId, body: 'let me in' }, stranger.token));
    expect(send.extensions?.code).toBe('NOT_FOUND');
  });

  it('pages messages oldest first by cursor, so a client catches up with `after`', async () => {
    const { conversationId, poster, freelancer } = await buildChat();
    for (let i = 1; i <= 4; i++) ok(await t.gql(SEND, { id: conversationId, body: `m${i}` }, i % 2 ? poster.token : freelancer.token));
    const first = ok(await t.gql(CONVERSATION, { id: conversationId, first: 3 }, poster.token)).conversation.messages;
    expect(first.edges.map((e: { node: { body: string } }) => e.node.body)).toEqual(['Hello! Is this still open?', 'm1', 'm2']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = ok(await t.gql(CONVERSATION, { id: conversationId, first: 3, after: first.pageInfo.endCursor }, poster.token)).conversation.messages;
    expect(rest.edges.map((e: { node: { body: string } }) => e.node.body)).toEqual(['m3', 'm4']);
    expect(rest.pageInfo.hasNextPage).toBe(false);
    expect(errorOf(await t.gql(CONVERSATION, { id: conversationId, after: 'nonsense' }, poster.token)).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { after: expect.any(String) },
    });
  });

  it('opens at the newest messages with `last` and pages back with `before` to the start, with no repeats or gaps', async () => {
    const { conversationId, poster, freelancer } = await buildChat();
    for (let i = 1; i <= 11; i++) ok(await t.gql(SEND, { id: conversationId, body: `m${i}` }, i % 2 ? poster.token : freelancer.token));
    const all = ['Hello! Is this still open?', ...Array.from({ length: 11 }, (_, i) => `m${i + 1}`)];
    type Page = { edges: Array<{ cursor: string; node: { body: string; cursor: string } }>; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null } };
    const backward = async (variables: Record<string, unknown>, token = poster.token): Promise<Page> =>
      ok(await t.gql(BACKWARD, { id: conversationId, ...variables }, token)).conversation.messages;
    const bodies = (page: Page) => page.edges.map((e) => e.node.body);

    t.sql.reset();
    const newest = await backward({ last: 5 });
    expect(t.sql.statements.filter((q) => /FROM messages/.test(q))).toHaveLength(1);
    expect(bodies(newest)).toEqual(['m7', 'm8', 'm9', 'm10', 'm11']);
    expect(newest.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true, startCursor: newest.edges[0].cursor, endCursor: newest.edges[4].cursor });

    // Walk back to the start: each page ends right before the one after it.
    const pages: Page[] = [newest];
    while (pages[0].pageInfo.hasPreviousPage) pages.unshift(await backward({ last: 5, before: pages[0].pageInfo.startCursor }));
    expect(pages.map(bodies)).toEqual([['Hello! Is this still open?', 'm1'], ['m2', 'm3', 'm4', 'm5', 'm6'], ['m7', 'm8', 'm9', 'm10', 'm11']]);
    expect(pages.flatMap(bodies)).toEqual(all);
    expect(pages.map((page) => page.pageInfo.hasPreviousPage)).toEqual([false, true, true]);

    // A page that ends exactly at the start says so; the newest of all fit in one page when it is big enough.
    const exact = await backward({ last: 2, before: pages[1].pageInfo.startCursor });
    expect(bodies(exact)).toEqual(['Hello! Is this still open?', 'm1']);
    expect(exact.pageInfo.hasPreviousPage).toBe(false);
    const everything = await backward({ last: 100 });
    expect(bodies(everything)).toEqual(all);
    expect(everything.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
    // `before` alone pages back by the default size; before the first message there is nothing.
    expect(bodies(await backward({ before: newest.edges[1].cursor }))).toEqual(all.slice(0, 8));
    const none = await backward({ last: 5, before: everything.edges[0].cursor });
    expect(none).toEqual({ edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } });
    // Forward paging from where a backward page ends still catches up.
    const later = ok(await t.gql(CONVERSATION, { id: conversationId, after: pages[1].pageInfo.endCursor, first: 3 }, poster.token)).conversation.messages;
    expect(later.edges.map((e: { node: { body: string } }) => e.node.body)).toEqual(['m7', 'm8', 'm9']);
  });

  it('refuses mixing forward and backward paging, bad sizes and bad cursors, and hides the messages from a stranger', async () => {
    const { conversationId, poster } = await buildChat();
    const stranger = await buildUser(t.app);
    const fieldsOf = async (query: string, variables: Record<string, unknown>, token = poster.token) => errorOf(await t.gql(query, { id: conversationId, ...variables }, token)).extensions;
    const MIXED = `query ($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {
      conversation(id: $id) { messages(first: $first, after: $after, last: $last, before: $before) { edges { cursor } } }
    }`;
    const { cursor } = ok(await t.gql(BACKWARD, { id: conversationId, last: 1 }, poster.token)).conversation.messages.edges[0];
    expect(await fieldsOf(MIXED, { first: 5, last: 5 })).toEqual({ code: 'BAD_USER_INPUT', fields: { last: expect.any(String) } });
    expect(await fieldsOf(MIXED, { after: cursor, last: 5 })).toEqual({ code: 'BAD_USER_INPUT', fields: { last: expect.any(String) } });
    expect(await fieldsOf(MIXED, { first: 5, before: cursor })).toEqual({ code: 'BAD_USER_INPUT', fields: { before: expect.any(String) } });
    expect(await fieldsOf(BACKWARD, { last: 0 })).toEqual({ code: 'BAD_USER_INPUT', fields: { last: expect.any(String) } });
    expect(await fieldsOf(BACKWARD, { last: 101 })).toEqual({ code: 'BAD_USER_INPUT', fields: { last: expect.any(String) } });
    expect(await fieldsOf(BACKWARD, { last: 5, before: 'nonsense' })).toEqual({ code: 'BAD_USER_INPUT', fields: { before: expect.any(String) } });
    expect((await fieldsOf(BACKWARD, { last: 5 }, stranger.token))?.code).toBe('NOT_FOUND');
    expect((await fieldsOf(BACKWARD, { last: 5, before: cursor }, stranger.token))?.code).toBe('NOT_FOUND');
  });

  it('pages many conversations backward in one statement', async () => {
    const poster = await buildUser(t.app);
    const gig = await buildGig({ poster });
    for (let i = 0; i < 3; i++) {
      const freelancer = await buildUser(t.app);
      const id = ok(await t.gql(START, { listingId: gid('Listing', gig.listing.id), body: `hi ${i}` }, freelancer.token)).startConversation.id;
      ok(await t.gql(SEND, { id, body: `reply ${i}` }, poster.token));
    }
    t.sql.reset();
    const list = ok(
      await t.gql(`{ conversations(first: 10) { edges { node { messages(last: 1) { edges { node { body } } pageInfo { hasPreviousPage } } } } } }`, {}, poster.token),
    ).conversations;
    expect(list.edges.map((e: { node: { messages: { edges: Array<{ node: { body: string } }>; pageInfo: unknown } } }) => [e.node.messages.edges.map((m) => m.node.body), e.node.messages.pageInfo])).toEqual(
      [2, 1, 0].map((i) => [[`reply ${i}`], { hasPreviousPage: true }]),
    );
    expect(t.sql.statements.filter((q) => /ORDER BY seq DESC LIMIT k\.lim/.test(q))).toHaveLength(1);
  });

  it("lists the viewer's conversations newest activity first, paged, in a constant number of statements", async () => {
    const poster = await buildUser(t.app);
    const gig = await buildGig({ poster });
    const chats: string[] = [];
    const addChat = async () => {
      const freelancer = await buildUser(t.app);
      chats.push(ok(await t.gql(START, { listingId: gid('Listing', gig.listing.id), body: `from ${freelancer.user.id}` }, freelancer.token)).startConversation.id);
    };
    for (let i = 0; i < 3; i++) await addChat();

    t.sql.reset();
    const three = ok(await t.gql(CONVERSATIONS, { first: 10 }, poster.token)).conversations;
    const statementsForThree = t.sql.count;
    expect(three.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([...chats].reverse());
    expect(three.edges[0].node).toMatchObject({ unreadCount: 1, listing: { id: gid('Listing', gig.listing.id) }, poster: { id: gid('User', poster.user.id) } });

    for (let i = 0; i < 4; i++) await addChat();
    // Activity in the oldest conversation moves it to the top.
    ok(await t.gql(SEND, { id: chats[0], body: 'bump' }, poster.token));
    t.sql.reset();
    const seven = ok(await t.gql(CONVERSATIONS, { first: 10 }, poster.token)).conversations;
    expect(t.sql.count).toBe(statementsForThree);
    expect(seven.edges[0].node).toMatchObject({ id: chats[0], lastMessage: { body: 'bump', from: { id: gid('User', poster.user.id) } } });

    const page1 = ok(await t.gql(CONVERSATIONS, { first: 4 }, poster.token)).conversations;
    const page2 = ok(await t.gql(CONVERSATIONS, { first: 4, after: page1.pageInfo.endCursor }, poster.token)).conversations;
    expect(page1.pageInfo.hasNextPage).toBe(true);
    expect(page2.pageInfo.hasNextPage).toBe(false);
    expect([...page1.edges, ...page2.edges].map((e: { node: { id: string } }) => e.node.id)).toEqual(seven.edges.map((e: { node: { id: string } }) => e.node.id));
  });
});

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
