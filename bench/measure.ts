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

/** One GraphQL request to repeat under load. */
export interface GraphqlRequest {
  query: string;
  variables: Record<string, unknown>;
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

export async function loadGraphql(url: string, scenario: GraphqlRequest, seconds: number, connections: number): Promise<Measurement> {
  const result = await autocannon({
    url: `${url}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: scenario.query, variables: scenario.variables }),
    connections,
    duration: seconds,
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

/** Runs `work` back to back on `connections` pooled connections for `seconds`; latency per run. */
export async function loadSql(pool: Pool, statements: Statement[], seconds: number, connections: number): Promise<Measurement> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const end = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      const client = await pool.connect();
      try {
        while (performance.now() < end) {
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
