import 'reflect-metadata';
import { createServices } from './app/services';
import { loadConfig } from './config';
import { createDataSource } from './db/data-source';
import { JobQueue } from './jobs/queue';
import { createLogger } from './logger';
import { createMailer } from './mail/mailer';
import { InProcessPubSub } from './pubsub/in-process.pubsub';
import { RedisPubSub } from './pubsub/redis.pubsub';

/**
 * `npm run worker`: runs queued jobs (mail, listing expiry) and nothing else, for those who scale workers apart
 * from the web servers (start those with `RUN_JOBS=false`). Any number may run: each job runs
 * once. Needs the `DATABASE_URL` the servers use; SIGINT or SIGTERM lets running jobs finish.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  if (!config.databaseUrl) throw new Error('npm run worker needs DATABASE_URL: the embedded PostgreSQL belongs to one server process');

  const ds = createDataSource({ url: config.databaseUrl, onPoolError: (err) => logger.warn({ err }, 'database connection lost') });
  await ds.initialize();
  const pubsub = config.redisUrl ? new RedisPubSub(config.redisUrl, logger) : new InProcessPubSub();
  if (pubsub instanceof RedisPubSub) await pubsub.ready();
  const mail = { jobs: new JobQueue({ databaseUrl: config.databaseUrl, logger }), mailer: createMailer(config) };
  createServices({ ds, config, pubsub, logger }, mail);
  await mail.jobs.start({ work: true });
  logger.info({ mail: config.mail.smtpUrl ? 'smtp' : 'files' }, 'worker running jobs');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'worker stopping');
    await mail.jobs.stop();
    mail.mailer.close();
    await pubsub.close();
    await ds.destroy();
    logger.info('worker stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err) => {
  // eslint-disable-next-line no-console
  console.error(err);
  process.exit(1);
});
