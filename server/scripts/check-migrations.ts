import 'reflect-metadata';
import { Client } from 'pg';
import { loadConfig } from '../src/config';
import { createDataSource } from '../src/db/data-source';

const DEFAULT_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * The drift check: migrates a scratch database from nothing, then asks TypeORM what it would
 * change to match the entities (the same `createSchemaBuilder().log()` that `migration:generate
 * --check` runs). Any statement means the entities and the migrations disagree.
 */
async function main(): Promise<void> {
  const serverUrl = new URL(loadConfig().databaseUrl ?? DEFAULT_SERVER);
  const scratch = `techgigs_drift_${process.pid}_${Date.now()}`;
  const adminUrl = new URL(serverUrl);
  adminUrl.pathname = '/postgres';
  const scratchUrl = new URL(serverUrl);
  scratchUrl.pathname = `/${scratch}`;

  const admin = new Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${scratch}"`);
  let upQueries: string[];
  try {
    const ds = createDataSource({ url: scratchUrl.toString(), poolSize: 1, bounded: false });
    await ds.initialize();
    try {
      const applied = await ds.runMigrations({ transaction: 'each' });
      console.log(`Ran ${applied.length} migrations on ${scratch}.`);
      upQueries = (await ds.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query);
    } finally {
      await ds.destroy();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`);
    await admin.end();
  }

  if (upQueries.length > 0) {
    console.error('The entities and the migrations have drifted; TypeORM would run:\n');
    for (const query of upQueries) console.error(`  ${query};`);
    console.error('\nAdd a migration: npm run migration:generate -- server/src/db/migrations/<Name> (see README).');
    process.exit(1);
  }
  console.log('No drift: the migrations build exactly the schema the entities describe.');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
