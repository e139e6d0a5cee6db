import type http from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema, type ValidationRule } from 'graphql';
import type { Context } from '../graphql/context';
import { MAX_TOKENS } from '../graphql/limits';
import type { GraphQLWebSocketServer } from './websocket';

/** Apollo Server has no subscriptions over HTTP: say where they are instead of failing obscurely. */
const subscriptionsOverWebSocketOnly: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation }) {
        if (operation?.operation === 'subscription') {
          throw new GraphQLError('Subscriptions are served over WebSocket (graphql-ws) at /graphql', {
            extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
          });
        }
      },
    };
  },
};

/** GraphQL over HTTP; stopping it drains HTTP keep-alives and the WebSocket server. */
export async function createApollo(options: {
  schema: GraphQLSchema;
  httpServer: http.Server;
  websocket: GraphQLWebSocketServer;
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  validationRules: ValidationRule[];
  plugins: ApolloServerPlugin<Context>[];
}): Promise<ApolloServer<Context>> {
  const { schema, httpServer, websocket, formatError, validationRules, plugins } = options;
  const drainWebSocket: ApolloServerPlugin = {
    async serverWillStart() {
      return {
        async drainServer() {
          await websocket.dispose();
        },
      };
    },
  };
  const apollo = new ApolloServer<Context>({
    schema,
    introspection: true,
    formatError,
    includeStacktraceInErrorResponses: false,
    // main.ts owns the signals: Apollo's own handler would re-send SIGTERM after stopping, killing
    // the process before the pub/sub and the database are closed.
    stopOnTerminationSignals: false,
    allowBatchedHttpRequests: false,
    // No automatic persisted queries: the web app sends whole documents, and a request that names
    // one is answered PERSISTED_QUERY_NOT_SUPPORTED instead of reaching a cache nobody fills.
    persistedQueries: false,
    // A syntax error or too many tokens is GRAPHQL_PARSE_FAILED with HTTP 400 (GraphQL over HTTP).
    parseOptions: { maxTokens: MAX_TOKENS },
    validationRules,
    // No cache hints are used, and compact JSON: both cost CPU on every request of the catalogue.
    stringifyResult: (value) => JSON.stringify(value),
    plugins: [
      ...plugins,
      ApolloServerPluginCacheControlDisabled(),
      // No HTML at GET /graphql: Apollo's page loads its scripts from a CDN, which our CSP refuses.
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      drainWebSocket,
      subscriptionsOverWebSocketOnly,
    ],
  });
  await apollo.start();
  return apollo;
}
