import 'reflect-metadata';
import { DataSource, type Logger as TypeOrmLogger } from 'typeorm';
import { entities } from './entities';
import { migrations } from './migrations';

/**
 * How long anything may wait on PostgreSQL, so that a database that is away or stuck makes a
 * request fail within a bound (SERVICE_UNAVAILABLE, see `unavailable.ts`) instead of hanging.
 */
export const DATABASE_BOUNDS = {
  /** Opening a connection, or waiting for a free one in the pool. */
  connectMs: 5_000,
  /** One statement, enforced by the server (it cancels the statement: SQLSTATE 57014). */
  statementMs: 15_000,
  /**
   * One statement, enforced by the client: the backstop when the server never answers at all
   * (a network partition), so it is longer than the server's own limit.
   */
  queryMs: 20_000,
  /** A transaction left open and idle (a bug, or a process frozen mid-transaction) gives up its locks. */
  idleInTransactionMs: 15_000,
  /** TCP keep-alive probes find a dead peer that closed nothing. */
  keepAliveDelayMs: 10_000,
} as const;

/**
 * Planner settings of every connection (libpq `options`, so they hold from the first statement on,
 * pooled or not). The catalogue's statements are bounded (a few thousand rows at most, see
 * catalog.service.ts), so:
 * - no JIT: PostgreSQL compiles a plan whose estimated cost passes `jit_above_cost`, and a bounded
 *   catalogue statement estimated high (a LIMIT the planner cannot see through) paid 35–40 ms of
 *   compiling for 5–45 ms of work (bench/EXPLAIN.md at a million listings);
 * - no parallel workers: with a pool of ten connections on a few cores, each request already has
 *   a core's worth of company; a Gather only waits for workers the machine schedules late (a
 *   150 ms join waited 860 ms under load). Requests run side by side instead;
 * - random pages cost about what sequential ones do (`random_page_cost` 1.1, the usual setting for
 *   SSDs and a database mostly in memory; PostgreSQL's 4 assumes spinning disks): with 4 the planner
 *   read all of a million listings sequentially to find 78,000 matching a common word, where the
 *   text index's bitmap reads only their pages (1,033,000 buffers and 1.4 s against 65,000 and
 *   0.36 s for a search with a technology filter, EXPLAIN ANALYZE at a million listings);
 * - 32 MB of `work_mem` per sort or bitmap: the catalogue ANDs the bitmaps of its text, technology
 *   and project type indexes, and with the default 4 MB a bitmap of a common technology (300,000
 *   listings) went lossy, so every listing of its pages was checked again (280,000 rows thrown away,
 *   2 s, against 77 ms). Ten connections, a few such nodes each: well within memory.
 */
export const PLANNER_OPTIONS = '-c jit=off -c max_parallel_workers_per_gather=0 -c random_page_cost=1.1 -c work_mem=32MB';

export interface DataSourceOptions {
  url: string;
  /** Sees every statement; the SQL-count tests and the slow-query log hang off it. */
  logger?: TypeOrmLogger;
  poolSize?: number;
  /**
   * An idle pooled connection failed (e.g. PostgreSQL restarted). The pool has already discarded
   * it and opens a new one on next use: this is for logging only, never fatal.
   */
  onPoolError?: (error: Error) => void;
  /**
   * Statement and idle-transaction limits (`DATABASE_BOUNDS`); off for migrations, which may take
   * long and may wait long for another instance's migrations (the advisory lock).
   */
  bounded?: boolean;
}

/** The one data source definition: the app, the migration CLI and the tests all build it here. */
export function createDataSource({ url, logger, poolSize = 10, onPoolError = () => undefined, bounded = true }: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+: no extension to install.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    logging: logger ? ['query', 'error'] : false,
    logger,
    // Without a listener, pg's Pool re-emits an idle connection's error as an uncaught 'error' event.
    poolErrorHandler: onPoolError,
    extra: {
      max: poolSize,
      application_name: 'techgigs',
      options: PLANNER_OPTIONS,
      connectionTimeoutMillis: DATABASE_BOUNDS.connectMs,
      ...(bounded
        ? {
            statement_timeout: DATABASE_BOUNDS.statementMs,
            query_timeout: DATABASE_BOUNDS.queryMs,
            idle_in_transaction_session_timeout: DATABASE_BOUNDS.idleInTransactionMs,
          }
        : {}),
      keepAlive: true,
      keepAliveInitialDelayMillis: DATABASE_BOUNDS.keepAliveDelayMs,
    },
  });
}
