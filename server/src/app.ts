import 'reflect-metadata';
import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import express from 'express';
import { GraphQLError, specifiedRules, validate, type ExecutionResult } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { DataSource, Logger as TypeOrmLogger } from 'typeorm';
import { WebSocketServer } from 'ws';
import type { Config } from './config';
import { createDataSource } from './db/data-source';
import { authenticate, createContext, InvalidTokenError, type Context } from './graphql/context';
import { createErrorFormatter } from './graphql/errors';
import { getSchema } from './graphql/schema';
import { httpRoutes } from './http-routes';
import { createLogger, type Logger } from './logger';
import { InProcessPubSub } from './pubsub/in-process.pubsub';
import type { PubSub } from './pubsub/pubsub';
import { RedisPubSub } from './pubsub/redis.pubsub';
import { Services, type AppDeps } from './services';

export interface AppOptions {
  /** Sees every SQL statement (the statement-count tests use it). */
  sqlLogger?: TypeOrmLogger;
  logger?: Logger;
  /** Run pending migrations at start; several instances starting together take turns. */
  migrate?: boolean;
}

export interface App {
  readonly deps: AppDeps;
  readonly httpServer: http.Server;
  /** `http://127.0.0.1:PORT` once listening. */
  url: string;
  listen(port?: number): Promise<string>;
  stop(): Promise<void>;
}

const MIGRATION_LOCK = 7_260_001;

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

/** Builds the whole app from a config: data source, pub/sub, GraphQL over HTTP and WebSocket. */
export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  if (!config.databaseUrl) throw new Error('createApp needs config.databaseUrl (main.ts starts the embedded PostgreSQL)');
  const logger = options.logger ?? createLogger(config.logLevel);

  const ds = createDataSource({ url: config.databaseUrl, logger: options.sqlLogger });
  await ds.initialize();
  if (options.migrate ?? true) await migrate(ds);

  const pubsub: PubSub = config.redisUrl ? new RedisPubSub(config.redisUrl, logger) : new InProcessPubSub();
  if (pubsub instanceof RedisPubSub) await pubsub.ready();

  const deps = new Services().bind({ ds, config, pubsub, logger });
  const schema = await getSchema();
  const formatError = createErrorFormatter(logger);
  const armor = new ApolloArmor({
    maxDepth: { n: 12 },
    // graphql-armor's cost grows with depth, not list size: the web app's deepest page scores ~30,000.
    costLimit: { maxCost: 100_000 },
    maxAliases: { n: 30 },
    maxTokens: { n: 5_000 },
  }).protect();

  const expressApp = express();
  expressApp.set('trust proxy', config.trustProxy);
  expressApp.disable('x-powered-by');
  const httpServer = http.createServer(expressApp);

  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql' });
  const maskResult = (result: ExecutionResult): ExecutionResult => {
    if (!result.errors) return result;
    return { ...result, errors: result.errors.map((error) => formatError(error.toJSON(), error) as GraphQLError) };
  };
  const wsCleanup = useServer<{ authorization?: string }, { context?: Context }>(
    {
      schema,
      validate: (s, document) => validate(s, document, [...specifiedRules, ...armor.validationRules]),
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

  const wsDrain: ApolloServerPlugin = {
    async serverWillStart() {
      return {
        async drainServer() {
          await wsCleanup.dispose();
        },
      };
    },
  };

  const apollo = new ApolloServer<Context>({
    schema,
    introspection: true,
    formatError,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    validationRules: armor.validationRules,
    // No cache hints are used, and compact JSON: both cost CPU on every request of the catalogue.
    stringifyResult: (value) => JSON.stringify(value),
    plugins: [
      ...armor.plugins,
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      wsDrain,
      subscriptionsOverWebSocketOnly,
    ],
  });
  await apollo.start();

  expressApp.get('/healthz', async (_req, res) => {
    try {
      await ds.query('SELECT 1');
      res.json({ status: 'ok' });
    } catch {
      res.status(503).json({ status: 'unavailable' });
    }
  });

  for (const mount of httpRoutes) mount(expressApp, deps);

  expressApp.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        try {
          return await createContext(deps, req.headers.authorization, {
            ip: req.ip ?? null,
            userAgent: req.headers['user-agent'] ?? null,
          });
        } catch (error) {
          if (error instanceof InvalidTokenError) {
            throw new GraphQLError(error.message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
          }
          throw error;
        }
      },
    }),
  );

  if (existsSync(config.clientDist)) {
    expressApp.use(express.static(config.clientDist, { index: false, maxAge: '1h' }));
    // The web app routes on the client: every other GET is its shell.
    expressApp.get(/^\/(?!graphql|webhooks|healthz).*/, (_req, res) => {
      res.sendFile(path.join(config.clientDist, 'index.html'));
    });
  }

  let stopped = false;
  const app: App = {
    deps,
    httpServer,
    url: '',
    async listen(port = config.port) {
      await new Promise<void>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, () => resolve());
      });
      const address = httpServer.address() as AddressInfo;
      app.url = `http://127.0.0.1:${address.port}`;
      logger.info({ url: app.url }, 'listening');
      return app.url;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      // Apollo's drain plugins close HTTP keep-alives and every WebSocket before we close the stores.
      await apollo.stop();
      if (!httpServer.listening) wsServer.close();
      await pubsub.close();
      await ds.destroy();
    },
  };
  return app;
}

async function migrate(ds: DataSource): Promise<void> {
  const runner = ds.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await ds.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}
