import { dropRunDatabases, withAdminClient } from './databases';

export default async function globalTeardown(): Promise<void> {
  const own = process.env.TECHGIGS_TEST_RUN;
  await withAdminClient((client) => dropRunDatabases(client, (run) => run !== own));
}
