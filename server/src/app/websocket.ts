import type http from 'node:http';
import { GraphQLError, specifiedRules, validate, type ExecutionResult, type GraphQLFormattedError, type GraphQLSchema, type ValidationRule } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { authenticate, createContext, InvalidTokenError, type Context } from '../graphql/context';
import type { AppDeps } from '../services';

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
}): GraphQLWebSocketServer {
  const { httpServer, deps, schema, formatError, validationRules } = options;
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql' });
  const maskResult = (result: ExecutionResult): ExecutionResult => {
    if (!result.errors) return result;
    return { ...result, errors: result.errors.map((error) => formatError(error.toJSON(), error) as GraphQLError) };
  };
  const cleanup = useServer<{ authorization?: string }, { context?: Context }>(
    {
      schema,
      validate: (s, document) => validate(s, document, [...specifiedRules, ...validationRules]),
      onConnect: async (ctx) => {
        const authorization = ctx.connectionParams?.authorization;
        try {
          const request = ctx.extra.request;
          ctx.extra.context = await createContext(deps, typeof authorization === 'string' ? authorization : null, {
            ip: request.socket.remoteAddress ?? null,
            userAgent: request.headers['user-agent'] ?? null,
          });
          return true;
        } catch (error) {
          if (error instanceof InvalidTokenError) return false; // graphql-ws closes with 4403 Forbidden
          throw error;
        }
      },
      // A session signed out or expired since connect ends the socket at its next operation, as a
      // bad token at connect does (over HTTP every request re-authenticates the same way).
      onSubscribe: async (ctx) => {
        if (!ctx.extra.context?.viewer) return;
        const authorization = ctx.connectionParams?.authorization;
        const viewer = await authenticate(deps, typeof authorization === 'string' ? authorization : null).catch((error: unknown) => {
          if (error instanceof InvalidTokenError) return null;
          throw error;
        });
        if (viewer) return;
        ctx.extra.socket.close(CloseCode.Forbidden, 'Forbidden');
        return [new GraphQLError('Invalid or expired session token', { extensions: { code: 'UNAUTHENTICATED' } })];
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
