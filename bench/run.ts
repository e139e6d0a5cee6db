import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { Client, Pool } from 'pg';
import type { Logger as TypeOrmLogger } from 'typeorm';
import { createApp, type App } from '../server/src/app';
import { loadConfig } from '../server/src/config';
import { COMMON_WORD, publishedListings, RARE_WORD, seed } from './seed';

/**
 * The catalogue benchmark: a dedicated database (`techgigs_bench`) with a large seeded catalogue,
 * the whole app in this process, autocannon (in a worker thread) firing GraphQL requests at it,
 * and beside each scenario its bare-SQL limit: the very statements the app issued for that
 * request, replayed straight through `pg` at the same concurrency. Writes bench/results.json and
 * bench/RESULTS.md.
 *
 *   npm run bench -- [--listings 200000] [--duration 8] [--connections 10] [--reseed]
 */

const BENCH_DATABASE = 'techgigs_bench';
const DEEP_PAGES = 50;
const PAGE = 20;

const { values: args } = parseArgs({
  options: {
    listings: { type: 'string', default: '200000' },
    duration: { type: 'string', default: '8' },
    connections: { type: 'string', default: '10' },
    reseed: { type: 'boolean', default: false },
  },
});
const settings = {
  listings: Number(args.listings),
  durationSeconds: Number(args.duration),
  connections: Number(args.connections),
};

interface Statement {
  query: string;
  parameters: unknown[];
}

interface Measurement {
  requests: number;
  requestsPerSec: number;
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

interface Scenario {
  name: string;
  description: string;
  query: string;
  variables: Record<string, unknown>;
  /** What to keep in mind when comparing this one with its bare-SQL row. */
  note?: string;
}

interface ScenarioResult {
  name: string;
  description: string;
  note?: string;
  variables: Record<string, unknown>;
  edges: number;
  statements: number;
  graphql: Measurement;
  bareSql: Measurement;
  /** GraphQL throughput as a share of the bare-SQL limit. */
  shareOfBareSql: number;
}

/** Records the statements of one request, when asked to. */
class StatementCapture implements TypeOrmLogger {
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

const LISTING_FIELDS = `
  edges {
    cursor
    node {
      id title publishedAt
      projectType { id name }
      technologies { id name }
      employer { id name }
    }
  }
  pageInfo { hasNextPage endCursor }`;

const PAGE_QUERY = `query Page($filter: ListingFilter, $first: Int, $after: String) {
  listings(filter: $filter, first: $first, after: $after) { ${LISTING_FIELDS} }
}`;

const PAGE_WITH_COUNTS_QUERY = `query PageWithCounts($filter: ListingFilter, $first: Int) {
  listings(filter: $filter, first: $first) {
    ${LISTING_FIELDS}
    totalCount
    facets { technologies { technology { id } count } projectTypes { projectType { id } count } }
  }
}`;

async function gql<T = any>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
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

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const round = (value: number, digits = 2) => Number(value.toFixed(digits));

async function loadGraphql(url: string, scenario: Scenario, seconds: number, connections: number): Promise<Measurement> {
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
async function loadSql(pool: Pool, statements: Statement[], seconds: number, connections: number): Promise<Measurement> {
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

function log(message: string): void {
  console.log(`[bench] ${message}`);
}

async function main(): Promise<void> {
  const serverUrl = new URL(loadConfig().databaseUrl ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const adminUrl = Object.assign(new URL(serverUrl), { pathname: '/postgres' }).toString();
  const benchUrl = Object.assign(new URL(serverUrl), { pathname: `/${BENCH_DATABASE}` }).toString();
  const runStarted = performance.now();
  // Others using the machine skew every number: recorded so a reader can tell.
  const loadAtStart = os.loadavg().map((x) => round(x, 2)).join(' / ');

  // The bench database is ours alone: when it does not hold the catalogue asked for, start it over.
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  const postgresVersion = (await admin.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version;
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [BENCH_DATABASE])).rowCount === 1;
  let present = 0;
  if (exists) {
    const probe = new Client({ connectionString: benchUrl });
    await probe.connect();
    present = await publishedListings(probe);
    await probe.end();
  }
  const reseed = args.reseed || present !== settings.listings;
  if (reseed) {
    if (exists) await admin.query(`DROP DATABASE "${BENCH_DATABASE}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${BENCH_DATABASE}"`);
  }
  await admin.end();

  const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: benchUrl, PORT: '0', LOG_LEVEL: 'error' });
  // Migrates the bench database, then serves the measured requests (no SQL logger: as in production).
  const app: App = await createApp(config);
  const capture = new StatementCapture();
  let captureApp: App | undefined;
  const pool = new Pool({ connectionString: benchUrl, max: settings.connections });

  try {
    const client = new Client({ connectionString: benchUrl });
    await client.connect();
    let seedSeconds: number | null = null;
    if (reseed) {
      log(`seeding ${settings.listings.toLocaleString('en')} listings (found ${present.toLocaleString('en')})…`);
      const seedStarted = performance.now();
      await seed(client, settings.listings);
      seedSeconds = round((performance.now() - seedStarted) / 1000, 1);
      log(`seeded in ${seedSeconds} s`);
    } else {
      log(`reusing the ${present.toLocaleString('en')} seeded listings`);
    }
    const { rows: [dataset] } = await client.query<{ listings: number; technology_links: number; rare: number; common: number }>(
      `SELECT (SELECT count(*) FROM listings WHERE status = 'PUBLISHED')::int AS listings,
              (SELECT count(*) FROM listing_technologies)::int AS technology_links,
              (SELECT count(*) FROM listings WHERE search @@ websearch_to_tsquery('english', $1))::int AS rare,
              (SELECT count(*) FROM listings WHERE search @@ websearch_to_tsquery('english', $2))::int AS common`,
      [RARE_WORD, COMMON_WORD],
    );

    const url = await app.listen(0);
    captureApp = await createApp(config, { sqlLogger: capture, migrate: false });
    const captureUrl = await captureApp.listen(0);
    // The taxonomy is read once per app and kept in memory: load it before capturing a request's statements.
    await gql(captureUrl, '{ technologies { id } }');

    const taxonomy = await gql<{ technologies: Array<{ id: string; name: string }>; projectSuperTypes: Array<{ id: string; name: string }> }>(
      url,
      '{ technologies { id name } projectSuperTypes { id name } }',
    );
    const typescript = taxonomy.technologies.find((t) => t.name === 'TypeScript') ?? taxonomy.technologies[0];
    const software = taxonomy.projectSuperTypes.find((t) => t.name === 'Software') ?? taxonomy.projectSuperTypes[0];

    let after: string | null = null;
    for (let page = 0; page < DEEP_PAGES; page += 1) {
      const data: any = await gql(url, PAGE_QUERY, { first: PAGE, after });
      after = data.listings.pageInfo.endCursor;
    }

    const scenarios: Scenario[] = [
      { name: 'first page', description: `listings(first: ${PAGE}) with project type, technologies, employer`, query: PAGE_QUERY, variables: { first: PAGE } },
      {
        name: 'deep keyset page',
        description: `page ${DEEP_PAGES + 1}: after following endCursor ${DEEP_PAGES} times`,
        query: PAGE_QUERY,
        variables: { first: PAGE, after },
      },
      {
        name: 'filtered page',
        description: `technology ${typescript.name} and super type ${software.name}`,
        query: PAGE_QUERY,
        variables: { first: PAGE, filter: { technologyIds: [typescript.id], projectSuperTypeIds: [software.id] } },
      },
      {
        name: 'search, rare word',
        description: `"${RARE_WORD}" (${dataset.rare.toLocaleString('en')} matches)`,
        query: PAGE_QUERY,
        variables: { first: PAGE, filter: { search: RARE_WORD } },
      },
      {
        name: 'search, common word',
        description: `"${COMMON_WORD}" (${dataset.common.toLocaleString('en')} matches)`,
        query: PAGE_QUERY,
        variables: { first: PAGE, filter: { search: COMMON_WORD } },
      },
      {
        name: 'first page + totalCount + facets',
        description: 'what the catalogue page of the web app asks for on arrival',
        query: PAGE_WITH_COUNTS_QUERY,
        variables: { first: PAGE },
        note:
          'The app keeps a large count (totalCount, facet counts) for a short while and shares it between requests; ' +
          'the bare-SQL replay computes every count every time, so here the app can beat its "limit".',
      },
    ];

    const results: ScenarioResult[] = [];
    for (const scenario of scenarios) {
      const check: any = await gql(url, scenario.query, scenario.variables);
      const edges = check.listings.edges.length as number;
      if (edges === 0) throw new Error(`scenario "${scenario.name}" returned no listings`);

      capture.start();
      await gql(captureUrl, scenario.query, scenario.variables);
      const statements = capture.stop();

      log(`${scenario.name}: ${edges} edges, ${statements.length} statements; GraphQL…`);
      await loadGraphql(url, scenario, 1, settings.connections); // warm-up
      const graphql = await loadGraphql(url, scenario, settings.durationSeconds, settings.connections);
      log(`${scenario.name}: bare SQL…`);
      await loadSql(pool, statements, 1, settings.connections); // warm-up
      const bareSql = await loadSql(pool, statements, settings.durationSeconds, settings.connections);
      results.push({
        name: scenario.name,
        description: scenario.description,
        note: scenario.note,
        variables: scenario.variables,
        edges,
        statements: statements.length,
        graphql,
        bareSql,
        shareOfBareSql: round(graphql.requestsPerSec / bareSql.requestsPerSec, 3),
      });
      log(`${scenario.name}: GraphQL ${graphql.requestsPerSec} req/s (p50 ${graphql.p50Ms} ms), bare SQL ${bareSql.requestsPerSec} req/s (p50 ${bareSql.p50Ms} ms)`);
    }

    const depth = Math.min(100_000, Math.floor(dataset.listings / 2));
    log(`OFFSET ${depth.toLocaleString('en')} vs keyset at the same depth…`);
    const { rows: [key] } = await client.query<{ published_at: Date; id: string }>(
      `SELECT published_at, id FROM listings WHERE status = 'PUBLISHED' ORDER BY published_at DESC, id DESC OFFSET $1 LIMIT 1`,
      [depth - 1],
    );
    await client.end();
    const columns = 'l.id, l.employer_id, l.title, l.description, l.project_type_id, l.published_at';
    const offsetStatement: Statement = {
      query: `SELECT ${columns} FROM listings l WHERE l.status = 'PUBLISHED' ORDER BY l.published_at DESC, l.id DESC OFFSET $1 LIMIT $2`,
      parameters: [depth, PAGE + 1],
    };
    const keysetStatement: Statement = {
      query: `SELECT ${columns} FROM listings l WHERE l.status = 'PUBLISHED' AND (l.published_at, l.id) < ($1, $2)
               ORDER BY l.published_at DESC, l.id DESC LIMIT $3`,
      parameters: [key.published_at, key.id, PAGE + 1],
    };
    await loadSql(pool, [offsetStatement], 1, 1);
    const offset = await loadSql(pool, [offsetStatement], 4, 1);
    await loadSql(pool, [keysetStatement], 1, 1);
    const keyset = await loadSql(pool, [keysetStatement], 4, 1);

    const report = {
      generatedAt: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? 'unknown',
        memoryGiB: round(os.totalmem() / 2 ** 30, 1),
        node: process.version,
        postgres: postgresVersion,
        loadAverage: loadAtStart,
      },
      settings: { ...settings, pageSize: PAGE, loadGenerator: 'autocannon 9, one worker thread, in the same process as the app' },
      dataset: { ...dataset, seededThisRun: seedSeconds !== null, seedSeconds },
      scenarios: results,
      offsetVsKeyset: {
        depth,
        description: `bare SQL, one connection: the page ${depth.toLocaleString('en')} listings deep by OFFSET and by keyset`,
        offset,
        keyset,
        offsetSlowerBy: round(offset.p50Ms / keyset.p50Ms, 1),
      },
      runSeconds: round((performance.now() - runStarted) / 1000, 1),
    };
    const dir = __dirname;
    await writeFile(path.join(dir, 'results.json'), JSON.stringify(report, null, 2) + '\n');
    await writeFile(path.join(dir, 'RESULTS.md'), renderMarkdown(report));
    log(`wrote bench/results.json and bench/RESULTS.md in ${report.runSeconds} s`);
    console.log('\n' + renderTable(report.scenarios));
  } finally {
    await pool.end();
    await captureApp?.stop();
    await app.stop();
  }
}

type Report = {
  generatedAt: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; postgres: string; loadAverage: string };
  settings: typeof settings & { pageSize: number; loadGenerator: string };
  dataset: { listings: number; technology_links: number; rare: number; common: number; seededThisRun: boolean; seedSeconds: number | null };
  scenarios: ScenarioResult[];
  offsetVsKeyset: { depth: number; description: string; offset: Measurement; keyset: Measurement; offsetSlowerBy: number };
  runSeconds: number;
};

function renderTable(scenarios: ScenarioResult[]): string {
  const lines = [
    '| Scenario | Statements | GraphQL req/s | GraphQL p50 / p99 (ms) | Bare SQL req/s | Bare SQL p50 / p99 (ms) | GraphQL / bare SQL |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const s of scenarios) {
    lines.push(
      `| ${s.name}<br><sub>${s.description}</sub> | ${s.statements} | ${s.graphql.requestsPerSec} | ${s.graphql.p50Ms} / ${s.graphql.p99Ms} | ` +
        `${s.bareSql.requestsPerSec} | ${s.bareSql.p50Ms} / ${s.bareSql.p99Ms} | ${Math.round(s.shareOfBareSql * 100)}% |`,
    );
  }
  return lines.join('\n');
}

function renderMarkdown(report: Report): string {
  const { machine, settings: s, dataset, offsetVsKeyset: ok } = report;
  const errors = report.scenarios.reduce((sum, x) => sum + x.graphql.errors + x.bareSql.errors, 0);
  return `# Catalogue benchmark

Generated by \`npm run bench\` (bench/run.ts) on ${report.generatedAt}; raw numbers in \`results.json\`.

**Machine:** ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}, PostgreSQL ${machine.postgres}
(the app, the load generator and PostgreSQL share these cores).
**Data:** ${dataset.listings.toLocaleString('en')} published listings with ${dataset.technology_links.toLocaleString('en')} technology links
in the dedicated database \`${BENCH_DATABASE}\`${dataset.seededThisRun ? ` (seeded this run in ${dataset.seedSeconds} s)` : ' (seeded by an earlier run)'}.
**Load:** ${s.connections} concurrent connections, ${s.durationSeconds} s per measurement after a 1 s warm-up; pages of ${s.pageSize};
\`NODE_ENV=production\` (graphql-js skips its development-time checks). Machine load average when the run started: ${machine.loadAverage}.
Errors (non-2xx, timeouts, failed statements): ${errors}.

## GraphQL against its bare-SQL limit

Each GraphQL row is autocannon POSTing the query to the app over HTTP. Its bare-SQL row replays
the exact statements the app issued for that one request (captured from TypeORM's logger),
back to back on one pooled \`pg\` connection per concurrent client, with nothing else: no HTTP,
no GraphQL parsing, validation or serialization, no DataLoader batching. That is the most this
machine's PostgreSQL can serve for the page; the last column is how much of it the app delivers.
The app, PostgreSQL and the load generator share the same cores, so a GraphQL row also pays for
the CPU the Node process spends per request (HTTP, GraphQL parsing and validation, resolvers,
JSON), which on a bare-SQL row is left to PostgreSQL.

${renderTable(report.scenarios)}
${report.scenarios
  .filter((x) => x.note)
  .map((x) => `\n*${x.name}:* ${x.note}\n`)
  .join('')}
## OFFSET against keyset, deep in the catalogue

${ok.description}; sequential, 4 s each.

| Query | Runs | p50 (ms) | p99 (ms) | mean (ms) |
|---|---:|---:|---:|---:|
| \`OFFSET ${ok.depth} LIMIT ${s.pageSize + 1}\` | ${ok.offset.requests} | ${ok.offset.p50Ms} | ${ok.offset.p99Ms} | ${ok.offset.meanMs} |
| keyset \`(published_at, id) < (…)\` \`LIMIT ${s.pageSize + 1}\` | ${ok.keyset.requests} | ${ok.keyset.p50Ms} | ${ok.keyset.p99Ms} | ${ok.keyset.meanMs} |

OFFSET is **${ok.offsetSlowerBy}×** slower at the median: it reads and throws away every row
before the page, while keyset pagination seeks straight to it through \`IDX_listings_catalog\`.
The catalogue only pages by keyset.

## Reproduce

\`\`\`
npm run bench                                  # 200,000 listings, 8 s per measurement
npm run bench -- --listings 1000000 --duration 15 --connections 20 --reseed
\`\`\`

It needs the PostgreSQL of \`DATABASE_URL\` (default postgres://postgres@127.0.0.1:5432); it creates,
migrates and seeds \`${BENCH_DATABASE}\` there (only when the listing count differs) and touches
nothing else. Whole run: ${report.runSeconds} s.
`;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
