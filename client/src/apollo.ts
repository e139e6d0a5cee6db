import { ApolloClient, ApolloLink, CombinedGraphQLErrors, HttpLink, InMemoryCache, ServerError } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { ErrorLink } from '@apollo/client/link/error';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { OperationTypeNode } from 'graphql';
import { createClient } from 'graphql-ws';
import { settle } from './lib/settle';

const TOKEN_KEY = 'techgigs.token';
/** Set (for this tab) when the server ended the session: the sign-in page says so. */
const ENDED_KEY = 'techgigs.sessionEnded';
const listeners = new Set<() => void>();

/** The session token of the signed-in user, kept across reloads; components subscribe to changes. */
export const session = {
  token: (): string | null => localStorage.getItem(TOKEN_KEY),
  /** Whether the last session ended on the server's word (signed out elsewhere, password reset, expired), not by signing out here. */
  endedElsewhere: (): boolean => sessionStorage.getItem(ENDED_KEY) === '1',
  /** Forgets a token the server no longer accepts, remembering why for the sign-in page. */
  ended(): void {
    sessionStorage.setItem(ENDED_KEY, '1');
    session.set(null);
  },
  set(token: string | null): void {
    if (token) sessionStorage.removeItem(ENDED_KEY);
    if (token === session.token()) return;
    if (token) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
    // The socket authenticates once, at connect: start a new one under the new identity.
    wsClient.terminate();
    for (const listener of listeners) listener();
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

const authorization = () => {
  const token = session.token();
  return token ? `Bearer ${token}` : undefined;
};

const wsUrl = () => {
  const url = new URL('/graphql', window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
};

/**
 * Whether live updates flow: `live` once the socket is connected, `reconnecting` after it was lost
 * (a server restart, a network drop) until it is back, `idle` before the first connection and
 * while no subscription needs one. Components subscribe to changes (the chat's "Reconnecting…").
 */
export type LiveState = 'idle' | 'live' | 'reconnecting';
let liveState: LiveState = 'idle';
const liveListeners = new Set<() => void>();
function setLiveState(next: LiveState): void {
  if (next === liveState) return;
  liveState = next;
  for (const listener of liveListeners) listener();
}
export const liveConnection = {
  state: (): LiveState => liveState,
  subscribe(listener: () => void): () => void {
    liveListeners.add(listener);
    return () => liveListeners.delete(listener);
  },
};

const wsClient = createClient({
  url: wsUrl,
  connectionParams: () => {
    const value = authorization();
    return value ? { authorization: value } : {};
  },
  // Keep trying for as long as the page is open: a server restart or a flaky network must heal.
  retryAttempts: Number.MAX_SAFE_INTEGER,
  shouldRetry: () => true,
  retryWait: async (retries) => {
    const delay = Math.min(1000 * 2 ** retries, 15_000) * (0.5 + Math.random() / 2);
    await new Promise((resolve) => setTimeout(resolve, delay));
  },
  on: {
    // Events published while the socket was down are gone: read the current state of what is on screen.
    connected: (_socket, _payload, wasRetry) => {
      setLiveState('live');
      if (wasRetry) settle(client.refetchQueries({ include: 'active' }));
    },
    // A socket that closes while live is retried (shouldRetry); a normal close (1000) is the lazy
    // one when no subscription needs it any more.
    closed: (event) => {
      const code = (event as { code?: number } | undefined)?.code;
      // 4403: the server refused the token (signed out elsewhere, password reset, expired), at
      // connect or at an operation. As over HTTP, the session has ended: retrying would be refused
      // forever (and a send waiting on the socket with it); this starts a socket without it.
      if (code === 4403 && session.token()) return session.ended();
      if (code === 1000) setLiveState('idle');
      else if (liveState === 'live') setLiveState('reconnecting');
    },
  },
});

const auth = new SetContextLink((prevContext) => {
  const value = authorization();
  return value ? { headers: { ...prevContext.headers, authorization: value } } : {};
});

/**
 * A token the server no longer knows (signed out elsewhere, password reset, expired): forget it and
 * go on anonymously. Only this signs out: any other failure (a server error, 429, no network)
 * keeps the token, and the page says what went wrong with a "Try again".
 */
const expiredSession = new ErrorLink(({ error }) => {
  const rejected =
    (ServerError.is(error) && error.statusCode === 401) ||
    (CombinedGraphQLErrors.is(error) && error.errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED' && !e.path));
  if (rejected && session.token()) session.ended();
});

/**
 * What goes over the socket: subscriptions, and operations whose context asks for it with
 * `{ overSocket: true }` (no HTTP request each, on the socket the page already has open). Only
 * operations safe to repeat may ask: graphql-ws sends an operation still unanswered again after a
 * reconnect. `sendMessage` with its `clientMessageId` is (a repeat answers with the first message);
 * `setTyping` is. Everything else goes over HTTP.
 */
const transport = ApolloLink.split(
  (operation) => operation.operationType === OperationTypeNode.SUBSCRIPTION || operation.getContext().overSocket === true,
  new GraphQLWsLink(wsClient),
  ApolloLink.from([auth, new HttpLink({ uri: '/graphql' })]),
);

export const client = new ApolloClient({
  link: ApolloLink.from([expiredSession, transport]),
  cache: new InMemoryCache({
    // The union the app spreads fragments on; the cache cannot tell its members apart otherwise.
    possibleTypes: { ConversationEvent: ['MessageAddedEvent', 'MessagesReadEvent', 'TypingEvent'] },
    // Normalized on the global ids. The type name stays in the key: CheckoutSession carries the id of
    // the Payment it pays for, and must not overwrite that Payment in the cache.
    dataIdFromObject: (object) => (typeof object.id === 'string' ? `${object.__typename}:${object.id}` : undefined),
    typePolicies: {
      Query: {
        fields: {
          listings: { keyArgs: ['filter'], merge: mergeConnection },
          // The bell asks for one notification, the page for a page: keep them apart.
          notifications: { keyArgs: ['first'], merge: mergeConnection },
          conversations: { keyArgs: ['first'], merge: mergeConnection },
        },
      },
      // A live event replaces the one before it: nothing of the old one is worth merging.
      Subscription: {
        fields: {
          conversationEvents: { merge: false },
          contractUpdated: { merge: false },
        },
      },
      // Objects without an id belong to their parent: a fresh copy merges into the cached one.
      Profile: { merge: true },
      Rating: { merge: true },
      HourlyRate: { merge: true },
      CreditLedger: { merge: true },
      CreditPricing: { merge: true },
      ListingFacets: { merge: true },
      SavedSearchFilter: { merge: true },
      Conversation: {
        fields: {
          messages: { keyArgs: false, merge: mergeMessages },
        },
      },
      // Published reviews, a page at a time ("More reviews").
      User: { fields: { reviews: { keyArgs: false, merge: mergeConnection } } },
      Employer: { fields: { reviews: { keyArgs: false, merge: mergeConnection } } },
    },
  }),
});

interface ConnectionLike {
  edges: ReadonlyArray<{ cursor: string }>;
  [field: string]: unknown;
}

/** "Load more": a page fetched with `after` appends to the one before; a fresh first page replaces it. */
function mergeConnection(existing: ConnectionLike | undefined, incoming: ConnectionLike, { args }: { args: Record<string, unknown> | null }) {
  if (!existing || !args?.after) return incoming;
  const seen = new Set(existing.edges.map((edge) => edge.cursor));
  return { ...incoming, edges: [...existing.edges, ...incoming.edges.filter((edge) => !seen.has(edge.cursor))] };
}

interface MessagePageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

interface MessagesConnection extends ConnectionLike {
  pageInfo: MessagePageInfo;
}

/**
 * One list of a conversation's messages, oldest first, fed from both ends:
 * - `before` (load earlier): the page goes in front; the list now starts where that page starts.
 * - `after` (catch up forward): the page goes at the end; the list now ends where that page ends.
 * - neither (the newest page on open or on a refetch after a reconnect, or a whole list written back
 *   by `cache.updateQuery`): it replaces the part of the list it overlaps, keeping earlier pages the
 *   user loaded; when it does not overlap, the messages in between are unknown, so it replaces all.
 */
function mergeMessages(existing: MessagesConnection | undefined, incoming: MessagesConnection, { args }: { args: Record<string, unknown> | null }) {
  if (!existing) return incoming;
  const seen = (edges: ReadonlyArray<{ cursor: string }>) => new Set(edges.map((edge) => edge.cursor));
  if (args?.before) {
    const known = seen(existing.edges);
    const edges = [...incoming.edges.filter((edge) => !known.has(edge.cursor)), ...existing.edges];
    return {
      ...existing,
      edges,
      pageInfo: { ...existing.pageInfo, hasPreviousPage: incoming.pageInfo.hasPreviousPage, startCursor: edges[0]?.cursor ?? null },
    };
  }
  if (args?.after) {
    const known = seen(existing.edges);
    const edges = [...existing.edges, ...incoming.edges.filter((edge) => !known.has(edge.cursor))];
    return { ...incoming, edges, pageInfo: { ...existing.pageInfo, hasNextPage: incoming.pageInfo.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
  }
  const first = incoming.edges[0];
  const start = first ? existing.edges.findIndex((edge) => edge.cursor === first.cursor) : -1;
  if (start < 0) return incoming;
  // Messages that arrived live after the fetched page was read stay at the end.
  const end = existing.edges.findIndex((edge) => edge.cursor === incoming.edges.at(-1)?.cursor);
  const edges = [...existing.edges.slice(0, start), ...incoming.edges, ...(end >= 0 ? existing.edges.slice(end + 1) : [])];
  return {
    ...incoming,
    edges,
    pageInfo: {
      ...incoming.pageInfo,
      hasPreviousPage: start > 0 ? existing.pageInfo.hasPreviousPage : incoming.pageInfo.hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
