import 'reflect-metadata';
import { createDataSource } from '../src/db/data-source';
import { databaseUrl, TEMPLATE_DATABASE, withAdminClient } from './databases';

/**
 * Migrates once into a template database; every Jest worker then clones it (`CREATE DATABASE …
 * TEMPLATE`), which takes milliseconds instead of a migration run per suite.
 */
export default async function globalSetup(): Promise<void> {
  await withAdminClient(async (client) => {
    const stale = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'techgigs_test_%'`,
    );
    for (const { datname } of stale.rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${TEMPLATE_DATABASE}"`);
  });
  const ds = createDataSource({ url: databaseUrl(TEMPLATE_DATABASE), poolSize: 1 });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await ds.destroy();
}
