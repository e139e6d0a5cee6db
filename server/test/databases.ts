import { Client } from 'pg';

/** The server the tests run against: `DATABASE_URL`, or the local PostgreSQL of a developer machine. */
export const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const PREFIX = 'techgigs_test_';

/**
 * Databases are named per test run (the Jest parent's pid, handed to workers through the
 * environment), so runs side by side never touch each other's databases.
 */
export function runId(): string {
  const id = process.env.TECHGIGS_TEST_RUN;
  if (!id) throw new Error('TECHGIGS_TEST_RUN is unset: run the tests through Jest (its global setup sets it)');
  return id;
}

export const templateDatabase = (run = runId()) => `${PREFIX}${run}_template`;
export const workerDatabase = (worker: string, run = runId()) => `${PREFIX}${run}_w${worker}`;

/** The run id a test database belongs to, or null for other databases. */
export function runOf(database: string): string | null {
  const match = new RegExp(`^${PREFIX}(\\d+)_`).exec(database);
  return match ? match[1] : null;
}

export function databaseUrl(name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withAdminClient<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function dropRunDatabases(client: Client, keep: (run: string) => boolean): Promise<void> {
  const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE '${PREFIX}%'`);
  for (const { datname } of rows) {
    const run = runOf(datname);
    if (run === null || !keep(run)) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  }
}
