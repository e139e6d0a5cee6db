import { toGlobalId } from '../../graphql/global-id';
import { buildConversation, buildEmployer, buildListing, buildUser, type BuiltUser } from '../../../test/factories';
import { errorOf, ok, useTestApp } from '../../../test/harness';
import { closeRedisProbes, connectLive, LiveSubscription, waitForSubscribers, type LiveSocket } from '../../../test/live';
import { NotificationEntity } from './notification.entity';
import { notificationAddedTopic } from './notifications.events';

const SEND = `mutation ($id: ID!, $body: String!) { sendMessage(conversationId: $id, body: $body) { id } }`;
const MARK_CONVERSATION_READ = `mutation ($id: ID!) { markConversationRead(conversationId: $id) { id } }`;
const NOTIFICATIONS = `query ($first: Int, $after: String) {
  notifications(first: $first, after: $after) { unreadCount edges { cursor node { id kind payload createdAt readAt } } pageInfo { hasNextPage endCursor } }
}`;
const MARK_READ = `mutation ($ids: [ID!]) { markNotificationsRead(ids: $ids) { markedCount unreadCount } }`;
const NOTIFICATION_ADDED = `subscription { notificationAdded { id kind payload readAt } }`;

interface NotificationNode {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

const sockets: LiveSocket[] = [];
afterAll(() => Promise.all(sockets.map((socket) => socket.dispose())));
const t = useTestApp({ redis: true });
afterAll(() => closeRedisProbes());

async function chat(): Promise<{ poster: BuiltUser; freelancer: BuiltUser; conversationId: string }> {
  const poster = await buildUser(t.app);
  const freelancer = await buildUser(t.app);
  const employer = await buildEmployer(t.app, poster.user);
  const listing = await buildListing(t.app, employer, poster.user);
  const conversation = await buildConversation(t.app, listing, freelancer.user);
  return { poster, freelancer, conversationId: toGlobalId('Conversation', conversation.id) };
}

async function notificationsOf(token: string, first = 20): Promise<{ unreadCount: number; nodes: NotificationNode[] }> {
  const data = ok(await t.gql(NOTIFICATIONS, { first }, token)).notifications;
  return { unreadCount: data.unreadCount, nodes: data.edges.map((edge: { node: NotificationNode }) => edge.node) };
}

describe('notifications of new messages', () => {
  it('keeps one unread notification per conversation, refreshed by each new message', async () => {
    const { poster, freelancer, conversationId } = await chat();
    for (const body of ['one', 'two', 'three']) ok(await t.gql(SEND, { id: conversationId, body }, freelancer.token));
    const { unreadCount, nodes } = await notificationsOf(poster.token);
    expect(unreadCount).toBe(1);
    expect(nodes).toHaveLength(1);
    expect(nodes[0]).toMatchObject({
      kind: 'MESSAGE_RECEIVED',
      readAt: null,
      payload: { conversationId, fromUserId: toGlobalId('User', freelancer.user.id), preview: 'three' },
    });
    expect((await notificationsOf(freelancer.token)).nodes).toEqual([]);

    // Reading the conversation reads its notification; the next message starts a new one.
    ok(await t.gql(MARK_CONVERSATION_READ, { id: conversationId }, poster.token));
    expect((await notificationsOf(poster.token)).unreadCount).toBe(0);
    ok(await t.gql(SEND, { id: conversationId, body: 'four' }, freelancer.token));
    const after = await notificationsOf(poster.token);
    expect(after.unreadCount).toBe(1);
    expect(after.nodes.map((n) => [n.payload.preview, n.readAt === null])).toEqual([
      ['four', true],
      ['three', false],
    ]);
  });

  it('gives each conversation its own notification', async () => {
    const first = await chat();
    const poster = first.poster;
    const employer = await buildEmployer(t.app, poster.user);
    const other = await buildConversation(t.app, await buildListing(t.app, employer, poster.user), first.freelancer.user);
    ok(await t.gql(SEND, { id: first.conversationId, body: 'a' }, first.freelancer.token));
    ok(await t.gql(SEND, { id: toGlobalId('Conversation', other.id), body: 'b' }, first.freelancer.token));
    ok(await t.gql(SEND, { id: first.conversationId, body: 'c' }, first.freelancer.token));
    const { unreadCount, nodes } = await notificationsOf(poster.token);
    expect(unreadCount).toBe(2);
    // Newest first: the refreshed one moved to the top.
    expect(nodes.map((n) => n.payload.preview)).toEqual(['c', 'b']);
  });
});

describe('notifications and markNotificationsRead', () => {
  async function seed(user: BuiltUser, count: number): Promise<string[]> {
    const service = t.app.deps.services.notifications;
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const stored = await t.app.deps.ds.transaction((manager) => service.add(manager, { userId: user.user.id, kind: 'TEST', payload: { n: i } }));
      ids.push(toGlobalId('Notification', stored.id));
    }
    return ids;
  }

  it('pages the viewer’s notifications newest first', async () => {
    const user = await buildUser(t.app);
    const ids = await seed(user, 5);
    const page1 = ok(await t.gql(NOTIFICATIONS, { first: 3 }, user.token)).notifications;
    const page2 = ok(await t.gql(NOTIFICATIONS, { first: 3, after: page1.pageInfo.endCursor }, user.token)).notifications;
    expect(page1.pageInfo.hasNextPage).toBe(true);
    expect(page2.pageInfo.hasNextPage).toBe(false);
    expect([...page1.edges, ...page2.edges].map((e: { node: NotificationNode }) => e.node.id)).toEqual([...ids].reverse());
    expect(page1.unreadCount).toBe(5);
    expect(errorOf(await t.gql(NOTIFICATIONS, {})).extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('marks the listed ones read, never another user’s, and all when ids are omitted', async () => {
    const user = await buildUser(t.app);
    const other = await buildUser(t.app);
    const ids = await seed(user, 3);
    const othersIds = await seed(other, 1);

    expect(ok(await t.gql(MARK_READ, { ids: [ids[0], othersIds[0]] }, user.token)).markNotificationsRead).toEqual({ markedCount: 1, unreadCount: 2 });
    expect((await notificationsOf(other.token)).unreadCount).toBe(1);
    const stored = await t.app.deps.ds.getRepository(NotificationEntity).findBy({ userId: user.user.id });
    expect(stored.filter((n) => n.readAt !== null)).toHaveLength(1);

    expect(ok(await t.gql(MARK_READ, {}, user.token)).markNotificationsRead).toEqual({ markedCount: 2, unreadCount: 0 });
    expect((await notificationsOf(other.token)).unreadCount).toBe(1);
  });

  it('refuses ids that are not notifications, changing nothing', async () => {
    const user = await buildUser(t.app);
    await seed(user, 1);
    const error = errorOf(await t.gql(MARK_READ, { ids: [toGlobalId('User', user.user.id)] }, user.token));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { ids: expect.any(String) } });
    expect((await notificationsOf(user.token)).unreadCount).toBe(1);
  });
});

describe('notificationAdded', () => {
  it('delivers the viewer’s own notifications live, and nobody else’s', async () => {
    const { poster, freelancer, conversationId } = await chat();
    const posterSocket = connectLive(t.url, poster.token);
    const freelancerSocket = connectLive(t.url, freelancer.token);
    sockets.push(posterSocket, freelancerSocket);
    const posterSub = new LiveSubscription<{ notificationAdded: NotificationNode }>(posterSocket, NOTIFICATION_ADDED);
    const freelancerSub = new LiveSubscription<{ notificationAdded: NotificationNode }>(freelancerSocket, NOTIFICATION_ADDED);
    await waitForSubscribers(notificationAddedTopic(poster.user.id));
    await waitForSubscribers(notificationAddedTopic(freelancer.user.id));

    ok(await t.gql(SEND, { id: conversationId, body: 'are you there?' }, freelancer.token));
    await posterSub.until(() => posterSub.data.length === 1);
    expect(posterSub.data[0].notificationAdded).toMatchObject({ kind: 'MESSAGE_RECEIVED', readAt: null, payload: { conversationId, preview: 'are you there?' } });

    // The freelancer's own socket hears only their own: the poster's reply.
    ok(await t.gql(SEND, { id: conversationId, body: 'yes' }, poster.token));
    await freelancerSub.until(() => freelancerSub.data.length === 1);
    expect(freelancerSub.data[0].notificationAdded.payload.preview).toBe('yes');
    expect(posterSub.data).toHaveLength(1);
  });

  it('refuses an anonymous socket', async () => {
    const socket = connectLive(t.url, null);
    sockets.push(socket);
    const sub = new LiveSubscription(socket, NOTIFICATION_ADDED);
    expect((await sub.firstError()).extensions?.code).toBe('UNAUTHENTICATED');
  });
});
