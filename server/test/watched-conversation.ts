import { toGlobalId } from '../src/graphql/global-id';
import { conversationTopic } from '../src/modules/messaging/messaging.events';
import { buildConversation, buildEmployer, buildListing, buildUser, type BuiltUser } from './factories';
import { ok, type TestApp } from './harness';
import { connectLive, LiveSubscription, waitForSubscribers, type LiveSocket } from './live';

const SEND = `mutation ($id: ID!, $body: String!) { sendMessage(conversationId: $id, body: $body) { id } }`;
const MESSAGE_ADDED = `subscription ($id: ID!) { messageAdded(conversationId: $id) { id body } }`;

/** A conversation whose poster watches its messages live over Redis, for tests of Redis going away. */
export interface WatchedConversation {
  /** Global id of the conversation. */
  id: string;
  /** Its Redis channel. */
  channel: string;
  poster: BuiltUser;
  freelancer: BuiltUser;
  sub: LiveSubscription<{ messageAdded: { id: string; body: string } }>;
  /** The freelancer sends `body`; the mutation must succeed. */
  send(body: string): Promise<void>;
  /** The bodies the poster received, in order. */
  bodies(): string[];
}

/** Builds the conversation, subscribes the poster (socket kept in `sockets`), and sees a first message `before` arrive. */
export async function watchConversation(t: TestApp, redisUrl: string, sockets: LiveSocket[]): Promise<WatchedConversation> {
  const poster = await buildUser(t.app);
  const freelancer = await buildUser(t.app);
  const employer = await buildEmployer(t.app, poster.user);
  const conversation = await buildConversation(t.app, await buildListing(t.app, employer, poster.user), freelancer.user);
  const id = toGlobalId('Conversation', conversation.id);
  const channel = conversationTopic(conversation.id);

  const socket = connectLive(t.url, poster.token);
  sockets.push(socket);
  const sub = new LiveSubscription<{ messageAdded: { id: string; body: string } }>(socket, MESSAGE_ADDED, { id });
  const watched: WatchedConversation = {
    id,
    channel,
    poster,
    freelancer,
    sub,
    send: async (body) => void ok(await t.gql(SEND, { id, body }, freelancer.token)),
    bodies: () => sub.data.map((d) => d.messageAdded.body),
  };
  await waitForSubscribers(channel, 1, redisUrl);
  await watched.send('before');
  await sub.until(() => sub.data.length === 1);
  return watched;
}

/** Sends `after 0`, `after 1`… (for up to 15 s) until one arrives: delivery has resumed. */
export async function sendUntilDelivered(watched: WatchedConversation): Promise<void> {
  const arrived = () => watched.bodies().some((body) => body.startsWith('after'));
  const deadline = Date.now() + 15_000;
  let sent = 0;
  while (!arrived() && Date.now() < deadline) {
    await watched.send(`after ${sent++}`);
    await watched.sub.within(arrived, 500);
  }
}
