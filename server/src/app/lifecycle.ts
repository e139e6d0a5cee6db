import type http from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { createDataSource } from '../db/data-source';
import type { Infrastructure } from '../infrastructure';
import type { MailDeps } from './services';

const MIGRATION_LOCK = 7_260_001;

/**
 * Runs pending migrations; several instances starting together take turns under an advisory lock.
 * Over a data source of its own without the app's statement limits: a migration may take long,
 * and so may waiting for another instance's.
 */
export async function migrate(url: string): Promise<void> {
  const ds = createDataSource({ url, poolSize: 2, bounded: false });
  await ds.initialize();
  const runner = ds.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await ds.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
    await ds.destroy();
  }
}

/**
 * The stop sequence. From its start every response says `Connection: close`: a keep-alive client
 * opens a new connection for its next request (refused, so it may retry elsewhere) instead of
 * sending it on a connection the drain is about to close under it. Apollo's drain plugins stop
 * accepting, let every in-flight request finish (committed and answered) and close every
 * WebSocket as "going away" (which closes the WebSocket server too); then the job queue stops
 * (running jobs finish); only then are the stores closed.
 */
export async function stopGracefully(
  httpServer: http.Server,
  apollo: Pick<ApolloServer, 'stop'>,
  { pubsub, ds, jobs, mailer }: Pick<Infrastructure, 'pubsub' | 'ds'> & MailDeps,
): Promise<void> {
  httpServer.prependListener('request', (_req, res) => res.setHeader('connection', 'close'));
  await apollo.stop();
  // Requests may queue jobs until they are answered; running jobs finish before the stores close.
  await jobs.stop();
  mailer.close();
  await pubsub.close();
  await ds.destroy();
}
