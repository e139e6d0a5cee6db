import { toGlobalId } from '../../graphql/global-id';
import type { RedisPubSub } from '../../pubsub/redis.pubsub';
import { buildConversation, buildEmployer, buildListing, buildUser, type BuiltUser } from '../../../test/factories';
import { errorOf, ok, startTestApp, type TestApp } from '../../../test/harness';
import { closeRedisProbes, connectLive, eventually, LiveSubscription, type LiveSocket } from '../../../test/live';
import { TYPING_INTERVAL_SECONDS } from './messaging.service';

/*
 * setTyping is limited per conversation and participant: however often a client calls it, the
 * other participant gets at most one typing event every TYPING_INTERVAL_SECONDS. With Redis the
 * count is shared by every instance.
 */

const SEND = `mutation ($id: ID!, $body: String!) { sendMessage(conversationId: $id, body: $body) { id } }`;
const TYPING = `mutation ($id: ID!) { setTyping(conversationId: $id) }`;
const EVENTS = `subscription ($id: ID!) {
  conversationEvents(conversationId: $id) {
    __typename
    ... on MessageAddedEvent { message { body } }
    ... on TypingEvent { user { id } }
  }
}`;

interface EventData {
  conversationEvents: { __typename: string; message?: { body: string }; user?: { id: string } };
}

const sockets: LiveSocket[] = [];
afterAll(async () => {
  await Promise.all(sockets.map((socket) => socket.dispose()));
  await closeRedisProbes();
});

const typingBy = (sub: LiveSubscription<EventData>, user: BuiltUser) =>
  sub.data.filter((d) => d.conversationEvents.__typename === 'TypingEvent' && d.conversationEvents.user?.id === toGlobalId('User', user.user.id)).length;
const bodies = (sub: LiveSubscription<EventData>) => sub.data.flatMap((d) => (d.conversationEvents.message ? [d.conversationEvents.message.body] : []));

/** Every publish of the app has reached Redis (or, in process, its subscribers): what is published next arrives after it. */
async function settled(app: TestApp): Promise<void> {
  const pubsub = app.app.deps.pubsub as Partial<RedisPubSub>;
  if (!pubsub.backlog) return;
  await eventually(() => pubsub.backlog!.buffered === 0 && pubsub.backlog!.inFlight === 0, 5000, 'publishes to reach Redis');
}

describe.each([
  ['in memory, one instance', false],
  ['in Redis, shared by two instances', true],
])('setTyping %s', (_name, redis) => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await startTestApp({ redis });
    b = redis ? await startTestApp({ redis }) : a;
  });
  afterAll(async () => {
    await a.stop();
    if (b !== a) await b.stop();
  });

  /** A conversation, and a conversationEvents subscription of `who` on instance `a` that is certainly live. */
  async function chat() {
    const poster = await buildUser(a.app);
    const freelancer = await buildUser(a.app);
    const employer = await buildEmployer(a.app, poster.user);
    const conversation = await buildConversation(a.app, await buildListing(a.app, employer, poster.user), freelancer.user);
    const id = toGlobalId('Conversation', conversation.id);
    const subscribe = async (who: BuiltUser, other: BuiltUser) => {
      const socket = connectLive(a.url, who.token);
      sockets.push(socket);
      const sub = new LiveSubscription<EventData>(socket, EVENTS, { id });
      // Messages, not typing, prove the subscription live: typing is what is being limited.
      for (let probe = 0; !(await sub.within(() => bodies(sub).length > 0, 200)); probe++) {
        if (probe > 50) throw new Error('subscription never went live');
        ok(await a.gql(SEND, { id, body: `probe ${probe}` }, other.token));
      }
      return sub;
    };
    const freelancerEvents = await subscribe(freelancer, poster);
    const posterEvents = await subscribe(poster, freelancer);
    return { id, poster, freelancer, freelancerEvents, posterEvents };
  }

  /** Sends a message from `from` and waits for `sub` to get it: every event published before it has been delivered. */
  async function barrier(sub: LiveSubscription<EventData>, id: string, from: BuiltUser, body: string): Promise<void> {
    await Promise.all([settled(a), settled(b)]);
    ok(await a.gql(SEND, { id, body }, from.token));
    await sub.until(() => bodies(sub).includes(body), 5000, body);
  }

  it('delivers at most one typing event per interval however often it is called, answering true to every call', async () => {
    const { id, poster, freelancer, freelancerEvents, posterEvents } = await chat();

    const started = performance.now();
    for (let call = 0; call < 20; call++) {
      const instance = call % 2 ? b : a;
      expect(ok(await instance.gql(TYPING, { id }, poster.token)).setTyping).toBe(true);
    }
    const elapsed = performance.now() - started;
    // The freelancer's typing in the same conversation is limited on its own.
    ok(await b.gql(TYPING, { id }, freelancer.token));

    await barrier(freelancerEvents, id, poster, 'after the burst');
    await barrier(posterEvents, id, freelancer, 'after the burst, back');
    const allowed = 1 + Math.floor(elapsed / (TYPING_INTERVAL_SECONDS * 1000));
    expect(typingBy(freelancerEvents, poster)).toBeGreaterThanOrEqual(1);
    expect(typingBy(freelancerEvents, poster)).toBeLessThanOrEqual(allowed);
    expect(typingBy(posterEvents, freelancer)).toBe(1);
    // Nobody sees their own typing.
    expect(typingBy(freelancerEvents, freelancer)).toBe(0);

    // Once the interval has passed, the next call is delivered again.
    const before = typingBy(freelancerEvents, poster);
    await new Promise((resolve) => setTimeout(resolve, TYPING_INTERVAL_SECONDS * 1000 + 100));
    ok(await b.gql(TYPING, { id }, poster.token));
    await freelancerEvents.until(() => typingBy(freelancerEvents, poster) === before + 1, 5000, 'typing after the interval');
  });

  it("still answers NOT_FOUND to a stranger, whose calls do not hold back the participants' typing", async () => {
    const { id, poster, freelancerEvents } = await chat();
    const stranger = await buildUser(a.app);
    for (let call = 0; call < 3; call++) expect(errorOf(await a.gql(TYPING, { id }, stranger.token)).extensions?.code).toBe('NOT_FOUND');
    ok(await a.gql(TYPING, { id }, poster.token));
    await freelancerEvents.until(() => typingBy(freelancerEvents, poster) === 1, 5000, "the poster's typing");
  });
});
