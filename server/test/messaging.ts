import { toGlobalId } from '../src/graphql/global-id';
import { buildEmployer, buildListing, buildUser, type BuiltUser } from './factories';
import { ok, type TestApp, useTestApp } from './harness';
import { closeRedisProbes, connectLive, type LiveSocket, LiveSubscription, probeUntilLive } from './live';
import type { ListingEntity } from '../src/modules/listings/listing.entity';
import { conversationTopic } from '../src/modules/messaging/messaging.events';

/*
 * What the messaging tests share. Importing it gives the test file its app, over Redis (hooks
 * registered at import, so each file gets one), and closes the file's live sockets.
 */

export const START = `mutation ($listingId: ID!, $body: String!) {
  startConversation(listingId: $listingId, body: $body) { id listing { id } freelancer { id } poster { id } unreadCount lastMessage { id body } }
}`;
export const SEND = `mutation ($id: ID!, $body: String!) { sendMessage(conversationId: $id, body: $body) { id body cursor read readAt from { id } to { id } } }`;
export const MARK_READ = `mutation ($id: ID!) { markConversationRead(conversationId: $id) { id unreadCount } }`;
export const TYPING = `mutation ($id: ID!) { setTyping(conversationId: $id) }`;
export const CONVERSATION = `query ($id: ID!, $first: Int, $after: String) {
  conversation(id: $id) { id unreadCount lastMessage { id } messages(first: $first, after: $after) { edges { cursor node { id body cursor } } pageInfo { hasNextPage endCursor } } }
}`;
export const BACKWARD = `query ($id: ID!, $last: Int, $before: String) {
  conversation(id: $id) { id messages(last: $last, before: $before) { edges { cursor node { id body cursor } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }
}`;
export const CONVERSATIONS = `query ($first: Int, $after: String) {
  conversations(first: $first, after: $after) {
    edges { cursor node { id unreadCount lastMessage { id body from { id } } listing { id title } freelancer { id profile { displayName } } poster { id profile { displayName } } messages(first: 2) { edges { node { id } } } } }
    pageInfo { hasNextPage endCursor }
  }
}`;
export const EVENTS = `subscription ($id: ID!) {
  conversationEvents(conversationId: $id) {
    __typename
    ... on MessageAddedEvent { message { id body cursor from { id } to { id } } }
    ... on MessagesReadEvent { reader { id } readAt lastReadMessage { id read } }
    ... on TypingEvent { user { id } at }
  }
}`;
export const MESSAGE_ADDED = `subscription ($id: ID!) { messageAdded(conversationId: $id) { id body from { id } } }`;

export interface EventData {
  conversationEvents: {
    __typename: 'MessageAddedEvent' | 'MessagesReadEvent' | 'TypingEvent';
    message?: { id: string; body: string; cursor: string; from: { id: string }; to: { id: string } };
    reader?: { id: string };
    lastReadMessage?: { id: string; read: boolean };
    user?: { id: string };
  };
}

export const gid = (type: string, id: string) => toGlobalId(type, id);
export const messagesOf = (sub: LiveSubscription<EventData>) =>
  sub.data.filter((d) => d.conversationEvents.__typename === 'MessageAddedEvent').map((d) => d.conversationEvents.message!);
export const isTyping = (d: EventData) => d.conversationEvents.__typename === 'TypingEvent';

export const sockets: LiveSocket[] = [];
afterAll(() => Promise.all(sockets.map((socket) => socket.dispose())));
export const t = useTestApp({ redis: true });
afterAll(() => closeRedisProbes());
export function live(token?: string | null, app: TestApp = t): LiveSocket {
  const socket = connectLive(app.url, token);
  sockets.push(socket);
  return socket;
}


interface Gig {
  poster: BuiltUser;
  listing: ListingEntity;
}

export async function buildGig(overrides: { poster?: BuiltUser; status?: 'DRAFT' | 'PUBLISHED' | 'CLOSED' } = {}): Promise<Gig> {
  const poster = overrides.poster ?? (await buildUser(t.app));
  const employer = await buildEmployer(t.app, poster.user);
  const listing = await buildListing(t.app, employer, poster.user, { status: overrides.status ?? 'PUBLISHED' });
  return { poster, listing };
}

/** A conversation started over GraphQL: the freelancer's first message is already in it. */
export async function buildChat(): Promise<{ gig: Gig; poster: BuiltUser; freelancer: BuiltUser; conversationId: string }> {
  const gig = await buildGig();
  const freelancer = await buildUser(t.app);
  const data = ok(await t.gql(START, { listingId: gid('Listing', gig.listing.id), body: 'Hello! Is this still open?' }, freelancer.token));
  return { gig, poster: gig.poster, freelancer, conversationId: data.startConversation.id };
}

/**
 * A typing event of `userGlobalId`, published straight to the conversation's topic: probing with
 * the setTyping mutation would wait out its rate limit (one event per 2 seconds) at every retry.
 */
export async function pokeTyping(conversationId: string, userGlobalId: string): Promise<void> {
  const id = localId(conversationId);
  await t.app.deps.pubsub.publish(conversationTopic(id), { type: 'TYPING', conversationId: id, userId: localId(userGlobalId), at: new Date().toISOString() });
}

/** A conversationEvents subscription that is certainly live (the other participant's typing reached it). */
export async function liveEvents(token: string, conversationId: string, otherToken: string, app: TestApp = t): Promise<LiveSubscription<EventData>> {
  const sub = new LiveSubscription<EventData>(live(token, app), EVENTS, { id: conversationId });
  const other = ok(await t.gql('{ me { id } }', {}, otherToken)).me.id as string;
  await probeUntilLive(sub, () => pokeTyping(conversationId, other), isTyping);
  return sub;
}

export const localId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];
