import 'reflect-metadata';
import { createDataSource } from '../src/db/data-source';
import { databaseUrl, dropRunDatabases, templateDatabase, withAdminClient } from './databases';

function alive(pid: string): boolean {
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Migrates once into a template database; every Jest worker then clones it (`CREATE DATABASE …
 * TEMPLATE`), which takes milliseconds instead of a migration run per suite. Databases left by
 * runs that no longer exist are dropped; those of runs still going are left alone.
 */
export default async function globalSetup(): Promise<void> {
  process.env.TECHGIGS_TEST_RUN = String(process.pid);
  await withAdminClient(async (client) => {
    await dropRunDatabases(client, (run) => run !== String(process.pid) && alive(run));
    await client.query(`CREATE DATABASE "${templateDatabase()}"`);
  });
  const ds = createDataSource({ url: databaseUrl(templateDatabase()), poolSize: 1, bounded: false });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await ds.destroy();
}
