import { createDataSource } from '../db/data-source';

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
