import type http from 'node:http';
import proxyaddr from 'proxy-addr';
import { GraphQLError, parse, specifiedRules, validate, type DocumentNode, type ExecutionResult, type GraphQLFormattedError, type GraphQLSchema, type ValidationRule } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import WebSocket, { WebSocketServer } from 'ws';
import type { Logger } from '../logger';
import { authenticate, createContext, type Context } from '../graphql/context';
import { requestError } from '../graphql/errors';
import {
  MAX_OPERATIONS_PER_SOCKET,
  MAX_SOCKETS_PER_SESSION,
  nodeLimitError,
  SocketsPerSession,
  TOO_MANY_SOCKETS_CLOSE_CODE,
} from '../graphql/limits';
import type { AppDeps } from '../services';
import { MAX_TOKENS } from './apollo';
import { MAX_BODY_BYTES } from './http';

/** WebSocket's own "Try Again Later" (RFC 6455 registry): the database is away for a moment. */
const TRY_AGAIN_LATER_CLOSE_CODE = 1013;

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
  const maskResult = (result: ExecutionResult): ExecutionResult => {
    if (!result.errors) return result;
    return { ...result, errors: result.errors.map((error) => formatError(error.toJSON(), error) as GraphQLError) };
  };
  const rules = [...specifiedRules, ...validationRules];
  const sockets = new SocketsPerSession();
  const cleanup = useServer<{ authorization?: string }, { context?: Context; countedSession?: string }>(
    {
      schema,
      onConnect: async (ctx) => {
        const authorization = ctx.connectionParams?.authorization;
        try {
          const request = ctx.extra.request;
          ctx.extra.context = await createContext(deps, typeof authorization === 'string' ? authorization : null, {
            ip: request.socket.remoteAddress ? proxyaddr(request, trustProxy) : null,
            userAgent: request.headers['user-agent'] ?? null,
          });
          const sessionId = ctx.extra.context.viewer?.sessionId;
          if (sessionId) {
            if (!sockets.acquire(sessionId)) {
              ctx.extra.socket.close(TOO_MANY_SOCKETS_CLOSE_CODE, `Too many sockets for this session: at most ${MAX_SOCKETS_PER_SESSION} per server`);
              return false;
            }
            ctx.extra.countedSession = sessionId;
          }
          return true;
        } catch (error) {
          const refused = requestError(error);
          if (!refused) throw error;
          // A bad token: graphql-ws closes with 4403 Forbidden. The database away: "try again later".
          if (refused.extensions.code === 'SERVICE_UNAVAILABLE') ctx.extra.socket.close(TRY_AGAIN_LATER_CLOSE_CODE, refused.message);
          return false;
        }
      },
      onClose: (ctx) => {
        if (ctx.extra.countedSession) sockets.release(ctx.extra.countedSession);
      },
      // Every operation is checked here, before graphql-ws runs it: the socket's count of running
      // operations, the session, then parse, validation and the node limit with the variables it
      // will run with (as Apollo's plugin does over HTTP).
      onSubscribe: async (ctx, _id, payload) => {
        // graphql-ws registers the operation before this hook: the count includes it.
        if (Object.keys(ctx.subscriptions).length > MAX_OPERATIONS_PER_SOCKET) {
          return [
            new GraphQLError(`Too many operations on this socket: at most ${MAX_OPERATIONS_PER_SOCKET} at once; complete one first`, {
              extensions: { code: 'RATE_LIMITED' },
            }),
          ];
        }
        // A session signed out or expired since connect ends the socket at its next operation, as a
        // bad token at connect does (over HTTP every request re-authenticates the same way).
        if (ctx.extra.context?.viewer) {
          const authorization = ctx.connectionParams?.authorization;
          try {
            await authenticate(deps, typeof authorization === 'string' ? authorization : null);
          } catch (error) {
            const refused = requestError(error);
            if (!refused) throw error;
            // The database away refuses this operation only; the socket and its other subscriptions stay.
            if (refused.extensions.code === 'UNAUTHENTICATED') ctx.extra.socket.close(CloseCode.Forbidden, 'Forbidden');
            return [refused];
          }
        }
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens: MAX_TOKENS });
        } catch (error) {
          if (!(error instanceof GraphQLError)) throw error;
          return [new GraphQLError(error.message, { source: error.source, positions: error.positions, extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
        }
        // Apollo's code for every validation error, graphql-armor's (BAD_USER_INPUT) included, as over HTTP.
        const invalid = validate(schema, document, rules);
        if (invalid.length > 0) {
          return invalid.map(
            (error) => new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }),
          );
        }
        const tooComplex = nodeLimitError(schema, document, payload.variables, payload.operationName);
        if (tooComplex) return [tooComplex];
        return { schema, document, variableValues: payload.variables, operationName: payload.operationName };
      },
      // A fresh context per operation: the viewer from connect, new loaders every time.
      context: async (ctx) => {
        const connected = ctx.extra.context;
        if (!connected) throw new Error('socket context missing after connect');
        return { ...(await createContext(deps, null, connected.request)), viewer: connected.viewer };
      },
      onNext: (_ctx, _id, _payload, _args, result) => maskResult(result as ExecutionResult),
      onError: (_ctx, _id, _payload, errors) =>
        errors.map((error) => {
          // graphql-ws's own request errors (validation, no operation) carry no code: give them Apollo's, as over HTTP.
          const coded =
            error.originalError || error.extensions?.code
              ? error
              : new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
          return formatError(coded.toJSON(), coded) as unknown as GraphQLError;
        }),
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

