import 'reflect-metadata';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { Logger as TypeOrmLogger } from 'typeorm';
import type { Clock } from '../clock';
import type { Config } from '../config';
import { createDataSource } from '../db/data-source';
import { JobQueue } from '../jobs/queue';
import { createMailer } from '../mail/mailer';
import { createErrorFormatter } from '../graphql/errors';
import { ARMOR_LIMITS, nodeLimitPlugin } from '../graphql/limits';
import { getSchema } from '../graphql/schema';
import { createLogger, type Logger } from '../logger';
import { InProcessPubSub } from '../pubsub/in-process.pubsub';
import type { PubSub } from '../pubsub/pubsub';
import { RedisPubSub } from '../pubsub/redis.pubsub';
import { createApollo } from './apollo';
import { answerClientErrors, createExpress, keepConnectionsAlive, mountRoutes } from './http';
import { migrate, stopGracefully } from './lifecycle';
import { createServices, type AppDeps } from './services';
import { createWebSocketServer } from './websocket';

export interface AppOptions {
  /** Sees every SQL statement (the statement-count tests use it). */
  sqlLogger?: TypeOrmLogger;
  logger?: Logger;
  /** Run pending migrations at start; several instances starting together take turns. */
  migrate?: boolean;
  /** The time the domain rules read (tests move it); the system clock by default. */
  clock?: Clock;
  /** How often an idle job worker looks for work (tests shorten it); 2 s by default. */
  jobPollingIntervalSeconds?: number;
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

  const infrastructure = { ds, config, pubsub, logger, clock: options.clock };
  const mail = { jobs: new JobQueue({ databaseUrl: config.databaseUrl, logger, pollingIntervalSeconds: options.jobPollingIntervalSeconds }), mailer: createMailer(config) };
  const deps: AppDeps = { ...infrastructure, ...mail, services: createServices(infrastructure, mail, options.clock) };
  await mail.jobs.start({ work: config.runJobs });
  const schema = await getSchema();
  const formatError = createErrorFormatter(logger);
  const armor = new ApolloArmor(ARMOR_LIMITS).protect();

  const expressApp = createExpress(deps);
  const httpServer = http.createServer(expressApp);
  keepConnectionsAlive(httpServer);
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
      stopping ??= stopGracefully(httpServer, apollo, deps);
      return stopping;
    },
  };
  return app;
}
