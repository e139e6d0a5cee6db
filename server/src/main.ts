import 'reflect-metadata';
import { createApp, type App } from './app';
import { loadConfig } from './config';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './db/embedded';
import { createLogger } from './logger';

/** Process entry: config → database → app (pub/sub, HTTP + WS) → listen; stops gracefully. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  let embedded: EmbeddedPostgres | undefined;
  let app: App | undefined;

  const stop = async (signal: string) => {
    logger.info({ signal }, 'stopping');
    await app?.stop().catch((err) => logger.error({ err }, 'app stop failed'));
    await embedded?.stop().catch((err) => logger.error({ err }, 'embedded PostgreSQL stop failed'));
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));

  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres(config.dataDir, logger);
    databaseUrl = embedded.url;
  }
  app = await createApp({ ...config, databaseUrl }, { logger });
  await app.listen(config.port);
  logger.info(
    { pubsub: config.redisUrl ? 'redis' : 'in-process', payments: config.stripe.secretKey ? 'stripe' : 'test mode' },
    `TechGigs is up at ${config.publicUrl}`,
  );
}

main().catch((err) => {
  // eslint-disable-next-line no-console
  console.error(err);
  process.exit(1);
});
