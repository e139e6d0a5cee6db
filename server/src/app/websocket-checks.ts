import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';
import { GraphQLError, getOperationAST, parse, validate, type DocumentNode, type ExecutionArgs, type ExecutionResult, type GraphQLSchema, type ValidationRule } from 'graphql';
import { CloseCode, type Context as SocketContext, type SubscribePayload } from 'graphql-ws';
import type { Extra } from 'graphql-ws/use/ws';
import { authenticate, createContext, type Context } from '../graphql/context';
import { requestError } from '../graphql/errors';
import { LiveSubscription } from '../graphql/subscriptions';
import { MAX_OPERATIONS_PER_SOCKET, MAX_SOCKETS_PER_SESSION, MAX_TOKENS, nodeLimitError, type SocketsPerSession, TOO_MANY_SOCKETS_CLOSE_CODE } from '../graphql/limits';
import type { AppDeps } from './services';
import type { AnonymousSockets } from './websocket-limits';

/** WebSocket's own "Try Again Later" (RFC 6455 registry): the database is away for a moment. */
const TRY_AGAIN_LATER_CLOSE_CODE = 1013;

export type SocketParams = {
  authorization?: string;
};

/**
 * What we keep on a socket: the viewer's context from connect, the session it counts against, and
 * its operations being set up or running, by id (each with its subscribe message's payload, one
 * object per message, which graphql-ws hands to every hook of that operation).
 */
export type SocketState = {
  context?: Context;
  countedSession?: string;
  /** The address bucket an anonymous socket counts against (`AnonymousSockets`). */
  countedAddress?: string;
  operations?: Map<string, SubscribePayload>;
  /** Its live subscriptions: every one is returned when the socket closes (`releaseSocket`). An array: a socket has a few (at most MAX_OPERATIONS_PER_SOCKET), and a Set costs 150 bytes even with one. */
  live?: Array<LiveSubscription<unknown>>;
  /** Set once the socket has closed: a subscription whose set-up ends after that is returned at once. */
  closed?: boolean;
};

/** A socket as graphql-ws hands it to our hooks. */
export type Socket = SocketContext<SocketParams, Extra & SocketState>;

function authorizationOf(socket: Socket): string | null {
  const authorization = socket.connectionParams?.authorization;
  return typeof authorization === 'string' ? authorization : null;
}

/** What graphql-armor's blockFieldSuggestions puts for graphql-js's "Did you mean …?" over HTTP (its plugin runs inside Apollo only). */
const SUGGESTION_MASK = '[Suggestion hidden]';

/**
 * Apollo's code for every request that does not validate (graphql-armor's BAD_USER_INPUT
 * included), and the schema's names graphql-js suggests hidden, both as over HTTP.
 */
export function validationFailed(error: GraphQLError): GraphQLError {
  // The pattern graphql-armor's Apollo protection uses, so both transports answer the same text.
  const message = error.message.replace(/Did you mean ".+"/g, SUGGESTION_MASK);
  return new GraphQLError(message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
}

/**
 * At connect: the viewer from the token (a bad one closes with 4403 Forbidden, the database away
 * with "try again later"), and the socket counted against its session's limit, or, without a
 * token, against its client address's (`AnonymousSockets`); past a limit it closes with 1008.
 */
export async function acceptSocket(
  socket: Socket,
  deps: AppDeps,
  limits: { sessions: SocketsPerSession; anonymous: AnonymousSockets },
  trustProxy: (address: string, hop: number) => boolean,
): Promise<boolean> {
  const { request } = socket.extra;
  const ip = request.socket.remoteAddress ? proxyaddr(request, trustProxy) : null;
  const userAgent = request.headers['user-agent'] ?? null;
  // graphql-ws keeps the upgrade request for the socket's whole life; only its address and user
  // agent are ever needed, so it is let go here (its headers and streams are ~1 KiB a socket:
  // bench/LIVE.md, idle sockets).
  (socket.extra as { request: IncomingMessage | undefined }).request = undefined;
  try {
    socket.extra.context = await createContext(deps, authorizationOf(socket), { ip, userAgent });
  } catch (error) {
    const refused = requestError(error);
    if (!refused) throw error;
    if (refused.extensions.code === 'SERVICE_UNAVAILABLE') socket.extra.socket.close(TRY_AGAIN_LATER_CLOSE_CODE, refused.message);
    if (refused.extensions.code === 'UNAUTHENTICATED') {
      // A refused token counts as an anonymous connect of the address: past the rate, 1008 rather than 4403.
      const limited = await limits.anonymous.refusedToken(ip);
      if (limited) socket.extra.socket.close(TOO_MANY_SOCKETS_CLOSE_CODE, limited);
    }
    return false;
  }
  const sessionId = socket.extra.context.viewer?.sessionId;
  if (!sessionId) return acceptAnonymous(socket, limits.anonymous);
  // Closed while its session was looked up: graphql-ws has already run onClose (nothing to
  // release then), so a socket counted now would never be released.
  if (socket.extra.socket.readyState !== socket.extra.socket.OPEN) return false;
  if (!limits.sessions.acquire(sessionId)) {
    socket.extra.socket.close(TOO_MANY_SOCKETS_CLOSE_CODE, `Too many sockets for this session: at most ${MAX_SOCKETS_PER_SESSION} per server`);
    return false;
  }
  socket.extra.countedSession = sessionId;
  return true;
}

/** An anonymous socket counted against its address, or closed with 1008 past a limit (counted only while still open after the count). */
async function acceptAnonymous(socket: Socket, anonymous: AnonymousSockets): Promise<boolean> {
  const counted = await anonymous.acquire(socket.extra.context?.request.ip ?? null);
  if ('refused' in counted) {
    socket.extra.socket.close(TOO_MANY_SOCKETS_CLOSE_CODE, counted.refused);
    return false;
  }
  // Closed while the connect was counted: onClose has run already and would never release it.
  if (socket.extra.socket.readyState !== socket.extra.socket.OPEN) {
    anonymous.release(counted.bucket);
    return false;
  }
  socket.extra.countedAddress = counted.bucket;
  return true;
}

/**
 * At close: the socket no longer counts against its session or address (once, however often this
 * runs), and every live subscription it still has is returned (graphql-ws returns those in its
 * registry; this also covers any it no longer holds).
 */
export function releaseSocket(socket: Socket, limits: { sessions: SocketsPerSession; anonymous: AnonymousSockets }): void {
  socket.extra.closed = true;
  const live = socket.extra.live;
  delete socket.extra.live;
  for (const subscription of live ?? []) void subscription.return();
  const { countedSession, countedAddress } = socket.extra;
  delete socket.extra.countedSession;
  delete socket.extra.countedAddress;
  if (countedSession) limits.sessions.release(countedSession);
  if (countedAddress) limits.anonymous.release(countedAddress);
}

/**
 * Counts the operation of this subscribe message against the socket by its id, or refuses it:
 * RATE_LIMITED when MAX_OPERATIONS_PER_SOCKET are being set up or running, and an id still counted
 * closes the socket with 4409 "Subscriber for <id> already exists", as the graphql-transport-ws
 * protocol says. Our own count, not graphql-ws's registry: a client's `complete` removes an
 * operation from the registry at once, while the server may still be setting it up (its database
 * work included), and graphql-ws would let the id be subscribed again and keep only the second
 * operation's iterator (the first one's never returned); here the id counts until
 * `operationEnded`, which for one being set up is only once its set-up is over. Synchronous, so
 * messages that arrive together are counted in order.
 */
export function startOperation(socket: Socket, id: string, payload: SubscribePayload): GraphQLError | undefined {
  const operations = (socket.extra.operations ??= new Map());
  if (operations.has(id)) {
    const reason = `Subscriber for ${id} already exists`;
    socket.extra.socket.close(CloseCode.SubscriberAlreadyExists, reason);
    return new GraphQLError(reason, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  if (operations.size >= MAX_OPERATIONS_PER_SOCKET) {
    return new GraphQLError(`Too many operations on this socket: at most ${MAX_OPERATIONS_PER_SOCKET} at once; complete one first`, {
      extensions: { code: 'RATE_LIMITED' },
    });
  }
  operations.set(id, payload);
  return undefined;
}

/**
 * A subscription's results, ending the operation's count the moment graphql-ws stops it (the
 * client's `complete`, the socket closing, or a `complete` that came during its set-up, seen once
 * the set-up is over): from then it only unsubscribes, with no work left to queue.
 * A query's result passes unchanged (it ends at onComplete).
 */
export function endingOnReturn(socket: Socket, id: string, payload: SubscribePayload, result: ExecutionResult | AsyncIterable<ExecutionResult>): AsyncIterableIterator<ExecutionResult> | undefined {
  if (!(Symbol.asyncIterator in result)) return undefined;
  // A live subscription is told directly, rather than wrapped in one more iterator per subscription.
  if (result instanceof LiveSubscription) {
    const live = result as LiveSubscription<unknown>;
    // However it ends: graphql-ws calls no return() on one that ended with an error, and the socket would keep it.
    live.onEnded = () => {
      const index = socket.extra.live?.indexOf(live) ?? -1;
      if (index !== -1) socket.extra.live = socket.extra.live!.toSpliced(index, 1);
      operationEnded(socket, id, payload);
    };
    // Set up after its socket closed: nobody would return it. One that ended during its set-up is not kept.
    if (socket.extra.closed) void live.return();
    else if (live.ended) operationEnded(socket, id, payload);
    else socket.extra.live = (socket.extra.live ?? []).concat(live);
    return result as LiveSubscription<ExecutionResult>;
  }
  const results = result[Symbol.asyncIterator]();
  const ending: AsyncIterableIterator<ExecutionResult> = {
    next: () => results.next(),
    return: async (value?: unknown) => {
      operationEnded(socket, id, payload);
      return (await results.return?.(value)) ?? { value: undefined, done: true };
    },
    [Symbol.asyncIterator]: () => ending,
  };
  return ending;
}

/**
 * The operation of this subscribe message has ended (graphql-ws's onComplete or onError, its
 * subscription stopped, or its set-up refused or failed): it no longer counts. Idempotent, as
 * several of these may come for one operation (a failed stream gets onError, then onComplete).
 */
export function operationEnded(socket: Socket, id: string, payload: SubscribePayload): void {
  const operations = socket.extra.operations;
  // Only its own entry: a later subscribe with the same id was refused, and its hooks end here too.
  if (operations?.get(id) === payload) operations.delete(id);
}

/**
 * A session signed out or expired since connect ends the socket at its next operation, as a bad
 * token at connect does (over HTTP every request re-authenticates the same way). The database
 * away refuses this operation only; the socket and its other subscriptions stay.
 */
export async function sessionEnded(socket: Socket, deps: AppDeps): Promise<GraphQLError | undefined> {
  if (!socket.extra.context?.viewer) return undefined;
  try {
    await authenticate(deps, authorizationOf(socket));
    return undefined;
  } catch (error) {
    const refused = requestError(error);
    if (!refused) throw error;
    if (refused.extensions.code === 'UNAUTHENTICATED') socket.extra.socket.close(CloseCode.Forbidden, 'Forbidden');
    return refused;
  }
}

/** Documents at most this long are kept by `PreparedDocuments` (the web app's longest subscription is a few hundred characters). */
const MAX_KEPT_DOCUMENT_CHARS = 4096;
/** How many documents `PreparedDocuments` keeps, least recently used first out: far more than the web app's operations. */
const MAX_KEPT_DOCUMENTS = 200;

/**
 * Parsed and validated documents by their text, as Apollo's document store does over HTTP: every
 * socket of the web app sends the same few subscriptions, so each text is parsed and validated
 * once and its subscriptions share one syntax tree (which their shared executions are keyed by),
 * instead of a tree per subscription. Only valid short documents are kept, at most
 * MAX_KEPT_DOCUMENTS, so a client sending many texts costs nothing that lasts.
 */
export class PreparedDocuments {
  private readonly kept = new Map<string, DocumentNode>();
  /** Each kept document's text, the one string its subscriptions hold (`sharedText`). */
  private readonly texts = new WeakMap<DocumentNode, string>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly rules: readonly ValidationRule[],
  ) {}

  /** The text `document` was kept for, when it is a kept one. */
  sharedText(document: DocumentNode): string | undefined {
    return this.texts.get(document);
  }

  /** The parsed, valid document of `text`, or its parse or validation errors (coded as over HTTP). */
  prepare(text: string): DocumentNode | readonly GraphQLError[] {
    const found = this.kept.get(text);
    if (found) {
      // Most recently used last: the first key is the one to drop.
      this.kept.delete(text);
      this.kept.set(text, found);
      return found;
    }
    let document: DocumentNode;
    try {
      document = parse(text, { maxTokens: MAX_TOKENS });
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      return [new GraphQLError(error.message, { source: error.source, positions: error.positions, extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
    }
    const invalid = validate(this.schema, document, this.rules);
    if (invalid.length > 0) return invalid.map(validationFailed);
    if (text.length <= MAX_KEPT_DOCUMENT_CHARS) {
      this.kept.set(text, document);
      this.texts.set(document, text);
      if (this.kept.size > MAX_KEPT_DOCUMENTS) this.kept.delete(this.kept.keys().next().value as string);
    }
    return document;
  }
}

/**
 * The subscribe message's query replaced by the one string of its kept document's text, which
 * equals it: graphql-ws holds each operation's message for as long as it runs, so an idle
 * subscription then holds no text of its own (memory per idle subscribed socket).
 */
export function sharingQueryText(documents: PreparedDocuments, payload: SubscribePayload, prepared: ExecutionArgs): void {
  const shared = documents.sharedText(prepared.document);
  if (shared !== undefined && shared === payload.query) (payload as { query: string }).query = shared;
}

/** Parse and validation (once per text, `PreparedDocuments`), then the node limit with the variables the operation will run with (as Apollo's plugin does over HTTP). */
export function prepareOperation(schema: GraphQLSchema, documents: PreparedDocuments, payload: SubscribePayload): ExecutionArgs | readonly GraphQLError[] {
  const document = documents.prepare(payload.query);
  if (!('kind' in document)) return document;
  // graphql-ws would refuse it too, but without telling onError or onComplete once the client has
  // completed it: refused here, the operation's count is given back with the refusal.
  if (!getOperationAST(document, payload.operationName)) return [new GraphQLError('Unable to identify operation', { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })];
  const tooComplex = nodeLimitError(schema, document, payload.variables, payload.operationName);
  if (tooComplex) return [tooComplex];
  return { schema, document, variableValues: payload.variables, operationName: payload.operationName };
}
