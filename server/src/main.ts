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
  /** What has started so far, for `stop` to close (a signal may come at any point of the start). */
  const running: { app?: App; embedded?: EmbeddedPostgres } = {};

  let stopping = false;
  const stop = async (signal: string) => {
    // Stopping already. The handlers stay installed, so a second Ctrl-C does not kill the process
    // before the stores are closed (the stop has its own time limit).
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    setTimeout(() => {
      logger.error({ afterMs: STOP_TIMEOUT_MS }, 'stop timed out');
      process.exit(1);
    }, STOP_TIMEOUT_MS).unref();
    let code = 0;
    await running.app?.stop().catch((err) => {
      code = 1;
      logger.error({ err }, 'app stop failed');
    });
    await running.embedded?.stop().catch((err) => {
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
    running.embedded = await startEmbeddedPostgres(config.dataDir, logger);
    databaseUrl = running.embedded.url;
  }
  running.app = await createApp({ ...config, databaseUrl }, { logger });
  const port = Number(new URL(await running.app.listen(config.port)).port);
  logger.info(
    { pubsub: config.redisUrl ? 'redis' : 'in-process', payments: config.stripe.secretKey ? 'stripe' : 'test mode' },
    `TechGigs is up at ${config.publicUrl}`,
  );
  process.stderr.write(`${readyLine(config, port)}\n`);
}

/**
 * The one line for a person at the terminal, beside the JSON logs: on stderr, so stdout stays
 * JSON lines for whatever collects them. It names the address to open: PUBLIC_URL when it is set
 * (with the local port, as it may be a proxy's), else this machine's.
 */
function readyLine(config: { publicUrl: string; port: number }, port: number): string {
  const local = `http://localhost:${port}`;
  const publicUrlSet = config.publicUrl !== `http://localhost:${config.port}`;
  return publicUrlSet ? `TechGigs is ready on ${config.publicUrl} (this process listens on ${local})` : `TechGigs is ready on ${local}`;
}

main().catch((err) => {
  // eslint-disable-next-line no-console
  console.error(err);
  process.exit(1);
});
