import 'reflect-metadata';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { Logger as TypeOrmLogger } from 'typeorm';
import type { Config } from '../config';
import { createDataSource } from '../db/data-source';
import { createErrorFormatter } from '../graphql/errors';
import { nodeLimitPlugin } from '../graphql/limits';
import { getSchema } from '../graphql/schema';
import { createLogger, type Logger } from '../logger';
import { InProcessPubSub } from '../pubsub/in-process.pubsub';
import type { PubSub } from '../pubsub/pubsub';
import { RedisPubSub } from '../pubsub/redis.pubsub';
import type { AppDeps } from '../services';
import { createApollo } from './apollo';
import { answerClientErrors, createExpress, mountRoutes } from './http';
import { migrate } from './lifecycle';
import { createServices } from './services';
import { createWebSocketServer } from './websocket';

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

/** Builds the whole app from a config: data source, pub/sub, GraphQL over HTTP and WebSocket. */
export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  if (!config.databaseUrl) throw new Error('createApp needs config.databaseUrl (main.ts starts the embedded PostgreSQL)');
  const logger = options.logger ?? createLogger(config.logLevel);

  const ds = createDataSource({
    url: config.databaseUrl,
    logger: options.sqlLogger,
    onPoolError: (err) => logger.warn({ err }, 'database connection lost'),
  });
  if (options.migrate ?? true) await migrate(config.databaseUrl);
  await ds.initialize();

  const pubsub: PubSub = config.redisUrl ? new RedisPubSub(config.redisUrl, logger) : new InProcessPubSub();
  if (pubsub instanceof RedisPubSub) await pubsub.ready();

  const infrastructure = { ds, config, pubsub, logger };
  const deps: AppDeps = { ...infrastructure, services: createServices(infrastructure) };
  const schema = await getSchema();
  const formatError = createErrorFormatter(logger);
  const armor = new ApolloArmor({
    maxDepth: { n: 12 },
    // Off: it counts literal page sizes but not variables. The node limit (graphql/limits.ts, HTTP
    // and WebSocket) counts the values a request runs with instead.
    costLimit: { enabled: false },
    maxAliases: { n: 30 },
    // Off here: its parser runs in a hook where a syntax error becomes a 500. Apollo's own parse
    // counts tokens instead (MAX_TOKENS in apollo.ts), so every syntax error is a 400 GRAPHQL_PARSE_FAILED.
    maxTokens: { enabled: false },
  }).protect();

  const expressApp = createExpress(deps);
  const httpServer = http.createServer(expressApp);
  answerClientErrors(httpServer);
  const websocket = createWebSocketServer({ httpServer, deps, schema, formatError, validationRules: armor.validationRules, trustProxy: expressApp.get('trust proxy fn') });
  const apollo = await createApollo({ schema, httpServer, websocket, formatError, validationRules: armor.validationRules, plugins: [...armor.plugins, nodeLimitPlugin(schema)] });
  mountRoutes(expressApp, deps, apollo);

  let stopping: Promise<void> | undefined;
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
    stop() {
      stopping ??= (async () => {
        // From now on every response says `Connection: close`: a keep-alive client opens a new
        // connection for its next request (refused, so it may retry elsewhere) instead of sending
        // it on a connection the drain is about to close under it.
        httpServer.prependListener('request', (_req, res) => res.setHeader('connection', 'close'));
        // Apollo's drain plugins stop accepting, let every in-flight request finish (committed and
        // answered) and close every WebSocket as "going away"; only then do we close the stores.
        await apollo.stop();
        if (!httpServer.listening) websocket.wsServer.close();
        await pubsub.close();
        await ds.destroy();
      })();
      return stopping;
    },
  };
  return app;
}
