import type http from 'node:http';
import { specifiedRules, type GraphQLError, type ExecutionResult, type GraphQLFormattedError, type GraphQLSchema, type ValidationRule } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import WebSocket, { WebSocketServer } from 'ws';
import type { Logger } from '../logger';
import { createContext } from '../graphql/context';
import { MAX_BODY_BYTES, SocketsPerSession } from '../graphql/limits';
import type { AppDeps } from './services';
import { acceptSocket, prepareOperation, sessionEnded, tooManyOperations, validationFailed, type SocketParams, type SocketState } from './websocket-checks';

type FormatError = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

export interface GraphQLWebSocketServer {
  readonly wsServer: WebSocketServer;
  /** Closes every socket as "going away" and ends its subscriptions. */
  dispose(): Promise<void>;
}

/** graphql-ws on the HTTP server's `/graphql`: authenticates at connect, re-checks the session per operation. */
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
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: MAX_BODY_BYTES, WebSocket: socketLoggingTo(deps.logger) });
  const format = (error: GraphQLError) => formatError(error.toJSON(), error) as unknown as GraphQLError;
  const rules = [...specifiedRules, ...validationRules];
  const sockets = new SocketsPerSession();
  const cleanup = useServer<SocketParams, SocketState>(
    {
      schema,
      onConnect: (socket) => acceptSocket(socket, deps, sockets, trustProxy),
      onClose: (socket) => {
        if (socket.extra.countedSession) sockets.release(socket.extra.countedSession);
      },
      // Every operation is checked before graphql-ws runs it: the socket's count of running
      // operations, the session, then the document itself.
      onSubscribe: async (socket, _id, payload) => {
        const refused = tooManyOperations(socket) ?? (await sessionEnded(socket, deps));
        return refused ? [refused] : prepareOperation(schema, rules, payload);
      },
      // A fresh context per operation: the viewer from connect, new loaders every time.
      context: async (socket) => {
        const connected = socket.extra.context;
        if (!connected) throw new Error('socket context missing after connect');
        return { ...(await createContext(deps, null, connected.request)), viewer: connected.viewer };
      },
      onNext: (_socket, _id, _payload, _args, result) => {
        const { errors } = result as ExecutionResult;
        return errors ? { ...result, errors: errors.map(format) } : result;
      },
      // graphql-ws's own request errors (validation, no operation) carry no code: give them Apollo's, as over HTTP.
      onError: (_socket, _id, _payload, errors) => errors.map((error) => format(error.originalError || error.extensions?.code ? error : validationFailed(error))),
    },
    wsServer,
  );
  return { wsServer, dispose: async () => cleanup.dispose() };
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

