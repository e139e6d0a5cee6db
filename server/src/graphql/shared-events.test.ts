import { buildContract, buildChangeOrder, buildConversation, buildEmployer, buildListing, buildNotification, buildUser, type BuiltUser } from '../../test/factories';
import { ok, useTestApp } from '../../test/harness';
import { closeRedisProbes, connectLive, type LiveSocket, LiveSubscription } from '../../test/live';
import { webAppOperation } from '../../test/web-app';
import { conversationTopic } from '../modules/messaging/messaging.events';
import { notificationAddedTopic } from '../modules/notifications/notifications.events';
import { toGlobalId } from './global-id';

/*
 * One load per event per instance (DESIGN §6): the SQL statements an instance issues for one
 * event are the same whether 1 or 50 subscriptions on it watch the topic.
 */

const t = useTestApp({ redis: true });
const sockets: LiveSocket[] = [];
afterEach(() => Promise.all(sockets.splice(0).map((socket) => socket.dispose())));
afterAll(() => closeRedisProbes());

type Data = Record<string, any>;
/** Publishes (or causes) one event and says how each subscription recognises it. */
type Publish = () => Promise<(data: Data) => boolean>;

/**
 * `count` subscriptions to `query`, over sockets that take `tokens` in turn (at most 10 sockets),
 * each certainly live: every one has received a probe published by `probe`.
 */
async function watchers(count: number, tokens: string[], query: string, variables: Record<string, unknown>, probe: Publish): Promise<Array<LiveSubscription<Data>>> {
  const own = Array.from({ length: Math.min(count, 10) }, (_, i) => connectLive(t.url, tokens[i % tokens.length]));
  sockets.push(...own);
  const subs = Array.from({ length: count }, (_, i) => new LiveSubscription<Data>(own[i % own.length], query, variables));
  for (let attempt = 0; attempt < 50; attempt++) {
    const seen = await probe();
    // Events reach each subscription in order: once all have seen this probe, no earlier one is still at work.
    const live = await Promise.all(subs.map((sub) => sub.within(() => sub.data.some(seen), 300)));
    if (live.every(Boolean)) return subs;
  }
  throw new Error(`subscriptions never all went live: ${JSON.stringify(subs.map((sub) => sub.errors))}`);
}

/**
 * The statements issued from `publish` until every subscription has received its event, but the
 * publisher's session lookup: whether the instance's cache answers it (accounts/session-cache.ts)
 * depends on the requests made with that token before, not on the event.
 */
async function statementsFor(subs: Array<LiveSubscription<Data>>, publish: Publish): Promise<number> {
  t.sql.reset();
  const seen = await publish();
  await Promise.all(subs.map((sub) => sub.until(() => sub.data.some(seen), 10_000, 'the event')));
  return t.sql.statements.filter((sql) => !/\bFROM sessions\b/.test(sql)).length;
}

const SEND = `mutation ($id: ID!, $body: String!) { sendMessage(conversationId: $id, body: $body) { id } }`;

describe('the statements of one event do not grow with its subscribers', () => {
  let typed = 0;

  async function chat(): Promise<{ id: string; poster: BuiltUser; freelancer: BuiltUser }> {
    const poster = await buildUser(t.app);
    const freelancer = await buildUser(t.app);
    const listing = await buildListing(t.app, await buildEmployer(t.app, poster.user), poster.user);
    const conversation = await buildConversation(t.app, listing, freelancer.user);
    return { id: conversation.id, poster, freelancer };
  }

  /** A message sent in a conversation watched by `count` of the web app's conversation subscriptions, both participants' alike. */
  async function messageEvent(count: number): Promise<number> {
    const { id, poster, freelancer } = await chat();
    // Typing of both participants, each at its own instant: every subscription sees the other's.
    const typing: Publish = async () => {
      const at = new Date(Date.UTC(2000, 0, 1, 0, 0, ++typed)).toISOString();
      for (const user of [poster, freelancer]) await t.app.deps.pubsub.publish(conversationTopic(id), { type: 'TYPING', conversationId: id, userId: user.user.id, at });
      return (data) => data.conversationEvents.at === at;
    };
    const subs = await watchers(count, [poster.token, freelancer.token], webAppOperation('ConversationEventsDocument'), { conversationId: toGlobalId('Conversation', id) }, typing);
    return statementsFor(subs, async () => {
      const sent = ok(await t.gql(SEND, { id: toGlobalId('Conversation', id), body: `to ${count}` }, freelancer.token)).sendMessage.id;
      return (data) => data.conversationEvents.message?.id === sent;
    });
  }

  it('for a message', async () => {
    const one = await messageEvent(1);
    expect(await messageEvent(50)).toBe(one);
    // The send, and on the instance the users the web app's operation shows (one statement): the
    // message itself comes with its event.
    expect(one).toBe(2);
  });

  const CONTRACT_UPDATED = `subscription ($id: ID!) { contractUpdated(contractId: $id) { kind contract { id status } changeOrder { id } } }`;

  /** A change order submitted on a contract watched by `count` subscriptions of its two parties. */
  async function contractEvent(count: number): Promise<number> {
    const { id, poster, freelancer } = await chat();
    const conversation = await t.app.deps.services.messaging.findForParticipant(poster.user.id, id);
    const contract = await buildContract(t.app, conversation!, { active: true });
    const changeOrder: Publish = async () => {
      const submitted = toGlobalId('ChangeOrder', (await buildChangeOrder(t.app, contract)).id);
      return (data) => data.contractUpdated.changeOrder?.id === submitted;
    };
    const subs = await watchers(count, [poster.token, freelancer.token], CONTRACT_UPDATED, { id: toGlobalId('Contract', contract.id) }, changeOrder);
    return statementsFor(subs, changeOrder);
  }

  it('for a contract', async () => {
    expect(await contractEvent(50)).toBe(await contractEvent(1));
  });

  // What a member who is not a party reads: the role, relations, details and change orders, all of them per viewer before.
  const CONTRACT_READ = `subscription ($id: ID!) { contractUpdated(contractId: $id) { kind changeOrder { id status createdBy { id } }
    contract { id status viewerRole conversation { id } listing { id title employer { id name viewerRole credits } } employer { id viewerRole }
      worker { id profile { displayName } } employerUser { id } currentDetails { version contentHash } versions { version } changeOrders { id status } events { kind } } } }`;

  /** A change order submitted on a contract watched by one subscription of each of `count` distinct members of its employer (none a party). */
  async function contractEventForMembers(count: number): Promise<number> {
    const poster = await buildUser(t.app);
    const freelancer = await buildUser(t.app);
    const members = await Promise.all(Array.from({ length: count }, () => buildUser(t.app)));
    const employer = await buildEmployer(t.app, poster.user, { members: members.map(({ user }) => ({ user })) });
    const conversation = await buildConversation(t.app, await buildListing(t.app, employer, poster.user), freelancer.user);
    const contract = await buildContract(t.app, conversation, { active: true });
    const changeOrder: Publish = async () => {
      const submitted = toGlobalId('ChangeOrder', (await buildChangeOrder(t.app, contract)).id);
      return (data) => data.contractUpdated.changeOrder?.id === submitted;
    };
    const subs = await watchers(count, members.map(({ token }) => token), CONTRACT_READ, { id: toGlobalId('Contract', contract.id) }, changeOrder);
    for (const sub of subs) expect(sub.data.at(-1)!.contractUpdated.contract).toMatchObject({ viewerRole: 'READER', conversation: null, employer: { viewerRole: 'MEMBER' } });
    return statementsFor(subs, changeOrder);
  }

  it('for a contract watched by distinct members of its employer', async () => {
    expect(await contractEventForMembers(8)).toBe(await contractEventForMembers(1));
  });

  /** A notification for a user whose `count` subscriptions (over up to 10 sockets of one session) watch theirs. */
  async function notificationEvent(count: number): Promise<number> {
    const user = await buildUser(t.app);
    const notify: Publish = async () => {
      const notification = await buildNotification(t.app, user.user);
      await t.app.deps.pubsub.publish(notificationAddedTopic(user.user.id), { notificationId: notification.id, userId: user.user.id });
      const shown = toGlobalId('Notification', notification.id);
      return (data) => data.notificationAdded.id === shown;
    };
    const subs = await watchers(count, [user.token], webAppOperation('NotificationAddedDocument'), {}, notify);
    return statementsFor(subs, notify);
  }

  it('for a notification', async () => {
    expect(await notificationEvent(50)).toBe(await notificationEvent(1));
  });
});
