import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Client, Pool } from 'pg';
import { type App, createApp } from '../server/src/app';
import { loadConfig } from '../server/src/config';
import { BENCH_DATABASE, COMMON_WORD, publishedListings, RARE_WORD, seed } from './seed';
import { gql, loadGraphql, loadSql, round, type Statement, StatementCapture } from './measure';
import { renderMarkdown, renderTable, type ScenarioResult, type Settings } from './report';

/**
 * The catalogue benchmark: a dedicated database (`techgigs_bench`) with a large seeded catalogue,
 * the whole app in this process, autocannon (in a worker thread) firing GraphQL requests at it,
 * and beside each scenario its bare-SQL limit: the very statements the app issued for that
 * request, replayed straight through `pg` at the same concurrency. Writes bench/results.json and
 * bench/RESULTS.md.
 *
 *   npm run bench -- [--listings 200000] [--duration 8] [--connections 10] [--reseed]
 */

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
const settings: Settings = {
  listings: Number(args.listings),
  durationSeconds: Number(args.duration),
  connections: Number(args.connections),
};

interface Scenario {
  name: string;
  description: string;
  query: string;
  variables: Record<string, unknown>;
  /** What to keep in mind when comparing this one with its bare-SQL row. */
  note?: string;
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

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
