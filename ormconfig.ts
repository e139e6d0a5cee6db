import { loadConfig } from './server/src/config';
import { createDataSource } from './server/src/db/data-source';

// The migration CLI's data source; `DATABASE_URL` names the database to generate against.
const config = loadConfig();
if (!config.databaseUrl) {
  throw new Error('Set DATABASE_URL to run the migration CLI (e.g. postgres://postgres@127.0.0.1:5432/techgigs_dev)');
}
export default createDataSource({ url: config.databaseUrl, bounded: false });
