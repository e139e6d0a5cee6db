import 'reflect-metadata';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import type { Logger as TypeOrmLogger } from 'typeorm';
import { createApp, type App } from '../src/app';
import type { Clock } from '../src/clock';
import { loadConfig, type Config } from '../src/config';
import { databaseUrl, redisUrl, runId, templateDatabase, withAdminClient, workerDatabase as workerDatabaseName } from './databases';

let workerDatabase: Promise<string> | undefined;

/**
 * This Jest worker's database, cloned from the migrated template on first use. Each suite (this
 * module is loaded once per test file) starts with no rate-limit counts: every suite's requests
 * come from 127.0.0.1 into this one database, so the counts of the suites before it would
 * otherwise spend its allowance (the suspect when a forgot-password page once did not answer in CI).
 */
export function testDatabaseUrl(): Promise<string> {
  workerDatabase ??= (async () => {
    const name = workerDatabaseName(process.env.JEST_WORKER_ID ?? '1');
    await withAdminClient(async (client) => {
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${name}" TEMPLATE "${templateDatabase()}"`);
    });
    const url = databaseUrl(name);
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('DELETE FROM sign_in_attempts');
    } finally {
      await client.end();
    }
    return url;
  })();
  return workerDatabase;
}

/** Counts SQL statements, e.g. per GraphQL request (transaction control excluded). */
export class StatementCounter implements TypeOrmLogger {
  statements: string[] = [];
  get count(): number {
    return this.statements.length;
  }
  reset(): void {
    this.statements = [];
  }
  logQuery(query: string): void {
    if (/^(START TRANSACTION|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE SAVEPOINT)/i.test(query.trim())) return;
    this.statements.push(query);
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

export interface GraphQLResponse<T = any> {
  data?: T;
  errors?: Array<{ message: string; path?: string[]; extensions?: { code?: string; fields?: Record<string, string> } & Record<string, unknown> }>;
}

export interface TestApp {
  app: App;
  url: string;
  config: Config;
  sql: StatementCounter;
  /** POSTs one GraphQL operation; `token` signs in as that user. */
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  /** Use Redis pub/sub (`REDIS_URL`, default the local one) instead of the in-process one. */
  redis?: boolean | string;
  /** The time the domain rules read, for tests that move it (`MovableClock`). */
  clock?: Clock;
}

/** A whole app on a free port over this worker's real database. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const url = await testDatabaseUrl();
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATABASE_URL: url,
    // Mail without SMTP_URL is written under DATA_DIR: the tests' own directory, never the project's .data.
    DATA_DIR: path.join(os.tmpdir(), `techgigs-test-${runId()}`),
    ...(options.redis ? { REDIS_URL: typeof options.redis === 'string' ? options.redis : redisUrl } : {}),
    ...options.env,
  });
  const sql = new StatementCounter();
  const app = await createApp(config, { sqlLogger: sql, migrate: false, clock: options.clock, jobPollingIntervalSeconds: 0.5 });
  const baseUrl = await app.listen(0);
  return {
    app,
    url: baseUrl,
    config,
    sql,
    async gql(query, variables, token, headers) {
      const response = await fetch(`${baseUrl}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLResponse;
    },
    stop: () => app.stop(),
  };
}

/**
 * The test app of a suite (or of the `describe` it is called in): started before its tests, stopped
 * after them. Hooks declared before this call run before the start and before the stop.
 */
export function useTestApp(options: TestAppOptions = {}): TestApp {
  let started: TestApp | undefined;
  beforeAll(async () => {
    started = await startTestApp(options);
  });
  afterAll(() => started?.stop());
  const current = (): TestApp => {
    if (!started) throw new Error('the test app starts in beforeAll: use it in a test or a later hook');
    return started;
  };
  return {
    get app() {
      return current().app;
    },
    get url() {
      return current().url;
    },
    get config() {
      return current().config;
    },
    get sql() {
      return current().sql;
    },
    gql: <T = any>(...args: Parameters<TestApp['gql']>) => current().gql<T>(...args),
    stop: () => current().stop(),
  };
}

/** The data of a response that must have succeeded; fails the test with the errors otherwise. */
export function ok<T>(response: GraphQLResponse<T>): T {
  if (response.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(response.errors, null, 2)}`);
  if (!response.data) throw new Error('GraphQL response without data');
  return response.data;
}

/** The single error of a response that must have failed. */
export function errorOf(response: GraphQLResponse): NonNullable<GraphQLResponse['errors']>[number] {
  if (!response.errors?.length) throw new Error(`expected an error, got ${JSON.stringify(response.data)}`);
  return response.errors[0];
}
