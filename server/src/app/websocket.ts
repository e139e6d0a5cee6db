import type http from 'node:http';
import proxyaddr from 'proxy-addr';
import { specifiedRules, type ExecutionArgs, type GraphQLError, type ExecutionResult, type GraphQLFormattedError, type GraphQLSchema, type ValidationRule } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import WebSocket, { WebSocketServer } from 'ws';
import type { Logger } from '../logger';
import { contextOf } from '../graphql/context';
import { serializedResult, subscribeSharingExecutions } from '../graphql/shared-execution';
import { MAX_BODY_BYTES, MAX_UNREAD_BYTES_PER_SOCKET, SocketsPerSession, TOO_MANY_SOCKETS_CLOSE_CODE } from '../graphql/limits';
import type { AppDeps } from './services';
import { AnonymousSockets } from './websocket-limits';
import { acceptSocket, endingOnReturn, operationEnded, prepareOperation, PreparedDocuments, releaseSocket, sessionEnded, sharingQueryText, startOperation, validationFailed, type SocketParams, type SocketState } from './websocket-checks';

type FormatError = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

export interface GraphQLWebSocketServer {
  readonly wsServer: WebSocketServer;
  /** Closes every socket as "going away" and ends its subscriptions. */
  dispose(): Promise<void>;
}

/** graphql-ws on the HTTP server's `/graphql`: authenticates at connect, bounds sockets per session and anonymous sockets per address, re-checks the session per operation, closes a socket whose client is too slow to read. */
export function createWebSocketServer(options: {
  httpServer: http.Server;
  deps: AppDeps;
  schema: GraphQLSchema;
  formatError: FormatError;
  validationRules: ValidationRule[];
  /** Express's compiled `trust proxy` (`TRUST_PROXY`): the client address of an upgrade, as `req.ip` is over HTTP. */
  trustProxy: (address: string, hop: number) => boolean;
}): GraphQLWebSocketServer {
  const { httpServer, deps, schema, formatError, validationRules, trustProxy } = options;
  // A message is bounded as an HTTP body is (1 MiB): ws would otherwise take up to 100 MiB.
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: MAX_BODY_BYTES, WebSocket: closingWhenTooSlow(socketLoggingTo(deps.logger), deps.logger) });
  const format = (error: GraphQLError) => formatError(error.toJSON(), error) as unknown as GraphQLError;
  const documents = new PreparedDocuments(schema, [...specifiedRules, ...validationRules]);
  const limits = { sessions: new SocketsPerSession(), anonymous: new AnonymousSockets(deps) };
  // Counted from the upgrade until its connection_init is handled (or it closes): registered before
  // graphql-ws's own listener, so a socket refused here is closed before anything else runs.
  const waiting = new WeakMap<WebSocket, string>();
  const initDone = (ws: WebSocket) => {
    const bucket = waiting.get(ws);
    waiting.delete(ws);
    if (bucket) limits.anonymous.releaseWaiting(bucket);
  };
  wsServer.on('connection', (ws, request) => {
    const counted = limits.anonymous.acquireWaiting(request.socket.remoteAddress ? proxyaddr(request, trustProxy) : null);
    if ('refused' in counted) {
      ws.close(TOO_MANY_SOCKETS_CLOSE_CODE, counted.refused);
      return;
    }
    waiting.set(ws, counted.bucket);
    ws.once('close', () => initDone(ws));
  });
  const cleanup = useServer<SocketParams, SocketState>(
    {
      schema,
      subscribe: subscribeSharingExecutions,
      jsonMessageReplacer: replacingSharedPayloads,
      onConnect: (socket) => {
        initDone(socket.extra.socket);
        return acceptSocket(socket, deps, limits, trustProxy);
      },
      onClose: (socket) => releaseSocket(socket, limits),
      // Every operation is checked before graphql-ws runs it: the socket's count of operations
      // being set up or running, the session, then the document itself. It counts from here
      // until its subscription is stopped, onComplete or onError; a refusal or a failed set-up
      // gives it back at once (a refused operation the client has already completed reaches
      // neither hook).
      onSubscribe: async (socket, id, payload) => {
        const tooMany = startOperation(socket, id, payload);
        if (tooMany) return [tooMany];
        try {
          const refused = await sessionEnded(socket, deps);
          const prepared = refused ? [refused] : prepareOperation(schema, documents, payload);
          if (Array.isArray(prepared)) operationEnded(socket, id, payload);
          else sharingQueryText(documents, payload, prepared as ExecutionArgs);
          return prepared;
        } catch (error) {
          operationEnded(socket, id, payload);
          throw error;
        }
      },
      // A fresh context per operation: the viewer from connect, new loaders every time.
      context: async (socket, id, payload) => {
        try {
          const connected = socket.extra.context;
          if (!connected) throw new Error('socket context missing after connect');
          return contextOf(deps, connected.viewer, connected.request);
        } catch (error) {
          operationEnded(socket, id, payload);
          throw error;
        }
      },
      onOperation: async (socket, id, payload, _args, result) => endingOnReturn(socket, id, payload, await result),
      onComplete: (socket, id, payload) => operationEnded(socket, id, payload),
      onNext: (_socket, _id, _payload, _args, result) => {
        const { errors } = result as ExecutionResult;
        return errors ? { ...result, errors: errors.map(format) } : result;
      },
      // graphql-ws's own request errors (validation, no operation) carry no code: give them Apollo's, as over HTTP.
      onError: (socket, id, payload, errors) => {
        operationEnded(socket, id, payload);
        return errors.map((error) => format(error.originalError || error.extensions?.code ? error : validationFailed(error)));
      },
    },
    wsServer,
  );
  return { wsServer, dispose: async () => cleanup.dispose() };
}

/** What `replacingSharedPayloads` stands in for a shared payload (a NUL, which no client text holds), and how a message so marked ends. */
const PAYLOAD_MARKER = '\u0000shared payload';
const MARKED_END = `"payload":${JSON.stringify(PAYLOAD_MARKER)}}`;
/** The JSON the marker of the message just stringified stands for: graphql-ws stringifies a message and sends it in one synchronous step. */
let markedPayload: string | undefined;

/**
 * graphql-ws's `jsonMessageReplacer`: the payload of a `next` message that is a shared execution's
 * result (the same object for every socket of that execution) is stringified once, not once per
 * socket; a marker stands in for it, and the socket's `send` puts the JSON in its place.
 */
function replacingSharedPayloads(key: string, value: unknown): unknown {
  if (key !== 'payload') return value;
  const json = serializedResult(value);
  if (json === undefined) return value;
  markedPayload = json;
  return PAYLOAD_MARKER;
}

/** The message with its shared payload's JSON in place of the marker, if it has one. */
function withSharedPayload(data: unknown): unknown {
  if (markedPayload === undefined || typeof data !== 'string' || !data.endsWith(MARKED_END)) return data;
  const message = `${data.slice(0, -MARKED_END.length)}"payload":${markedPayload}}`;
  markedPayload = undefined;
  return message;
}

/**
 * Sockets whose errors go to our log as one JSON line. A client that sends a malformed frame (bad
 * opcode, invalid UTF-8, a length past 2^53) gets its close code from ws (1002, 1007, 1009) and
 * the socket closes; graphql-ws would otherwise print each such error's stack as plain text.
 */
function socketLoggingTo(logger: Logger): typeof WebSocket {
  return class extends WebSocket {
    override emit(event: string | symbol, ...args: unknown[]): boolean {
      if (event !== 'error') return super.emit(event, ...args);
      const error = args[0] as Error & { code?: string };
      logger.debug({ code: error?.code, message: error?.message }, 'WebSocket closed on a client error');
      return true;
    }
  };
}


/** WebSocket's own "policy violation", as for a session past its sockets. */
const TOO_SLOW_CLOSE_CODE = 1008;

/** How long a socket closed for a slow client may take to deliver its close frame (queued behind what is unread). */
const TOO_SLOW_CLOSE_GRACE_MS = 2_000;

/**
 * Sockets that never hold more than MAX_UNREAD_BYTES_PER_SOCKET their client has not read. A send
 * counts as done once queued: graphql-ws would otherwise wait for the client to take each result
 * before it takes the next event, and the events would pile up in the pub/sub instead, unbounded
 * (a write that fails closes the socket, which ends its subscriptions). Past the bound the socket
 * closes (1008, with the count in the reason); a client that has not read up to the close frame
 * within TOO_SLOW_CLOSE_GRACE_MS is cut off.
 */
function closingWhenTooSlow(Base: typeof WebSocket, logger: Logger): typeof WebSocket {
  type Data = Parameters<WebSocket['send']>[0];
  type SendOptions = Exclude<Parameters<WebSocket['send']>[1], undefined>;
  type Sent = (error?: Error) => void;
  return class extends Base {
    override send(data: Data, optionsOrSent?: SendOptions | Sent, sent?: Sent): void {
      const [options, done] = typeof optionsOrSent === 'function' ? [{}, optionsOrSent] : [optionsOrSent ?? {}, sent];
      super.send(withSharedPayload(data) as Data, options);
      done?.();
      if (this.readyState !== this.OPEN || this.bufferedAmount <= MAX_UNREAD_BYTES_PER_SOCKET) return;
      const unread = this.bufferedAmount;
      logger.info({ unread }, 'WebSocket closed: its client is too slow to read');
      this.close(TOO_SLOW_CLOSE_CODE, `Client too slow: ${unread} bytes unread`);
      setTimeout(() => this.terminate(), TOO_SLOW_CLOSE_GRACE_MS).unref();
    }
  };
}
