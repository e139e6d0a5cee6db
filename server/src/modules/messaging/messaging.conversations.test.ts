import { buildUser } from '../../../test/factories';
import { errorOf, ok } from '../../../test/harness';
import { ConversationEntity } from './conversation.entity';
import { MessageEntity } from './message.entity';
import { BACKWARD, buildChat, buildGig, CONVERSATION, CONVERSATIONS, gid, localId, SEND, START, t } from '../../../test/messaging';

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
    // The viewer's session is left out: once confirmed, it is answered from the instance's cache (accounts/session-cache.ts).
    const statementsForThree = t.sql.statements.filter((sql) => !/\bFROM sessions\b/.test(sql)).length;
    expect(three.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([...chats].reverse());
    expect(three.edges[0].node).toMatchObject({ unreadCount: 1, listing: { id: gid('Listing', gig.listing.id) }, poster: { id: gid('User', poster.user.id) } });

    for (let i = 0; i < 4; i++) await addChat();
    // Activity in the oldest conversation moves it to the top.
    ok(await t.gql(SEND, { id: chats[0], body: 'bump' }, poster.token));
    t.sql.reset();
    const seven = ok(await t.gql(CONVERSATIONS, { first: 10 }, poster.token)).conversations;
    expect(t.sql.statements.filter((sql) => !/\bFROM sessions\b/.test(sql)).length).toBe(statementsForThree);
    expect(seven.edges[0].node).toMatchObject({ id: chats[0], lastMessage: { body: 'bump', from: { id: gid('User', poster.user.id) } } });

    const page1 = ok(await t.gql(CONVERSATIONS, { first: 4 }, poster.token)).conversations;
    const page2 = ok(await t.gql(CONVERSATIONS, { first: 4, after: page1.pageInfo.endCursor }, poster.token)).conversations;
    expect(page1.pageInfo.hasNextPage).toBe(true);
    expect(page2.pageInfo.hasNextPage).toBe(false);
    expect([...page1.edges, ...page2.edges].map((e: { node: { id: string } }) => e.node.id)).toEqual(seven.edges.map((e: { node: { id: string } }) => e.node.id));
  });
});
