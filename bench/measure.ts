import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import type { Pool } from 'pg';
import type { Logger as TypeOrmLogger } from 'typeorm';

/* How the benchmark measures: GraphQL requests under autocannon, and the same statements replayed bare through `pg`. */

export interface Statement {
  query: string;
  parameters: unknown[];
}

export interface Measurement {
  requests: number;
  requestsPerSec: number;
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

/** Records the statements of one request, when asked to. */
export class StatementCapture implements TypeOrmLogger {
  private capturing: Statement[] | null = null;
  start(): void {
    this.capturing = [];
  }
  stop(): Statement[] {
    const statements = this.capturing ?? [];
    this.capturing = null;
    return statements;
  }
  logQuery(query: string, parameters?: unknown[]): void {
    if (/^(START TRANSACTION|BEGIN|COMMIT|ROLLBACK)/i.test(query.trim())) return;
    this.capturing?.push({ query, parameters: parameters ?? [] });
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

export async function gql<T = any>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (!response.ok || body.errors?.length || !body.data) {
    throw new Error(`GraphQL request failed (${response.status}): ${JSON.stringify(body.errors ?? body)}`);
  }
  return body.data;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const round = (value: number, digits = 2) => Number(value.toFixed(digits));

/** The autocannon worker's setupRequest: each request takes the next body of a pool file (see request-pool.cjs). */
const POOL_REQUEST = path.join(__dirname, 'request-pool.cjs');

/**
 * Fires GraphQL requests for `seconds` on `connections` connections, each request the next of
 * `bodies` (JSON request bodies, written to `poolFile` for autocannon's worker thread), so a
 * scenario drawn at random sends a different request every time.
 */
export async function loadGraphql(url: string, bodies: string[], poolFile: string, seconds: number, connections: number): Promise<Measurement> {
  await writeFile(poolFile, JSON.stringify(bodies));
  // The worker thread reads its environment when it starts, below.
  process.env.BENCH_REQUEST_POOL = poolFile;
  const result = await autocannon({
    url: `${url}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: POOL_REQUEST }],
    connections,
    duration: seconds,
    // A slow request is measured, not dropped: at a million listings an uncached count takes seconds.
    timeout: 120,
    // The load generator gets a thread of its own; the app keeps the main one.
    workers: 1,
  });
  return {
    requests: result.requests.total,
    requestsPerSec: round(result.requests.average, 1),
    meanMs: round(result.latency.average),
    p50Ms: round(result.latency.p50),
    p99Ms: round(result.latency.p99),
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

/**
 * Replays statement sets (each the statements of one captured request) back to back on
 * `connections` pooled connections for `seconds`, each run taking the next set; latency per run.
 */
export async function loadSql(pool: Pool, sets: Statement[][], seconds: number, connections: number): Promise<Measurement> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  const end = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      const client = await pool.connect();
      try {
        while (performance.now() < end) {
          const statements = sets[next % sets.length];
          next += 1;
          const start = performance.now();
          try {
            for (const statement of statements) await client.query(statement.query, statement.parameters);
            latencies.push(performance.now() - start);
          } catch {
            errors += 1;
          }
        }
      } finally {
        client.release();
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    requestsPerSec: round(latencies.length / elapsed, 1),
    meanMs: round(latencies.reduce((sum, value) => sum + value, 0) / Math.max(1, latencies.length)),
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    errors,
  };
}
