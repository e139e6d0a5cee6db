import 'reflect-metadata';
import { createApp, type App } from './app';
import { loadConfig } from './config';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './db/embedded';
import { createLogger } from './logger';

/**
 * The most a stop may take: in-flight requests get Apollo's 10 s drain, then the stores close.
 * Past it the process exits 1 rather than hang (an orchestrator would SIGKILL it anyway).
 */
const STOP_TIMEOUT_MS = 20_000;

/** Process entry: config → database → app (pub/sub, HTTP + WS) → listen; stops gracefully. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  let embedded: EmbeddedPostgres | undefined;
  let app: App | undefined;

  let stopping = false;
  const stop = async (signal: string) => {
    // Stopping already. The handlers stay installed: Apollo Server raises the signal again once it
    // has drained, and with no handler left that would kill the process before the stores close.
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    setTimeout(() => {
      logger.error({ afterMs: STOP_TIMEOUT_MS }, 'stop timed out');
      process.exit(1);
    }, STOP_TIMEOUT_MS).unref();
    let code = 0;
    await app?.stop().catch((err) => {
      code = 1;
      logger.error({ err }, 'app stop failed');
    });
    await embedded?.stop().catch((err) => {
      code = 1;
      logger.error({ err }, 'embedded PostgreSQL stop failed');
    });
    logger.info({ code }, 'stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

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
