import 'reflect-metadata';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Client, Pool } from 'pg';
import { type App, createApp } from '../server/src/app';
import { loadConfig } from '../server/src/config';
import { PLANNER_OPTIONS } from '../server/src/db/data-source';
import { backfillTerms, benchDatabase, publishedListings, seed, seededAlready, seedMark } from './seed';
import { gql, loadGraphql, loadSql, type Measurement, round, type Statement, StatementCapture } from './measure';
import { PAGE, requestBodies, type Scenario, scenarios, schemaFeatures, type Taxonomy } from './scenarios';
import { cursorFormat, cursorParts, timestampKey } from '../server/src/db/cursors';
import { renderMarkdown, renderTable, type ScenarioResult, type Settings } from './report';

/**
 * The catalogue benchmark: a dedicated database (`techgigs_bench`) with a large seeded catalogue,
 * the whole app in this process, autocannon (in a worker thread) firing GraphQL requests at it,
 * and beside each scenario its bare-SQL limit: the very statements the app issued for that
 * request, replayed straight through `pg` at the same concurrency. Writes bench/results.json and
 * bench/RESULTS.md.
 *
 * Scenarios drawn at random (bench/scenarios.ts) send a different request every time: a pool of
 * distinct bodies per scenario, handed out by one counter to all connections.
 *
 *   npm run bench -- [--listings 200000] [--duration 8] [--connections 10] [--reseed] [--seed-only] [--backfill-terms]
 *                    [--only <name part>] [--no-bare-sql] [--drop]
 */

const { values: args } = parseArgs({
  options: {
    listings: { type: 'string', default: '200000' },
    duration: { type: 'string', default: '8' },
    connections: { type: 'string', default: '10' },
    reseed: { type: 'boolean', default: false },
    'seed-only': { type: 'boolean', default: false },
    /** Give the listings of a seed-version-2 database (no terms) the terms of a new seed, then mark it seeded at this version (no reseed). */
    'backfill-terms': { type: 'boolean', default: false },
    /** Only the scenario of this name, or else those whose name contains it (for a profile of one scenario). */
    only: { type: 'string' },
    /** Skip the bare-SQL replays (for a profile of the app alone). */
    'no-bare-sql': { type: 'boolean', default: false },
    /** Write bench/EXPLAIN.md: EXPLAIN (ANALYZE, BUFFERS) of each scenario's slowest captured request. */
    explain: { type: 'boolean', default: false },
    /** Drop the bench database at the end instead of keeping it for the next run. */
    drop: { type: 'boolean', default: false },
    /** Distinct request bodies per scenario drawn at random. */
    pool: { type: 'string', default: '20000' },
    /** Requests per scenario whose statements the bare-SQL replay cycles through. */
    samples: { type: 'string', default: '10' },
  },
});
const settings: Settings = {
  listings: Number(args.listings),
  durationSeconds: Number(args.duration),
  connections: Number(args.connections),
};

/** Bodies sent before measuring, so a scenario's first requests do not pay for cold caches. */
const WARM_UP_REQUESTS = 300;
/** Cursors for the deep page, each at a different depth. */
const DEEP_CURSORS = 2_000;

/** The catalogue's newest-first cursor: (published key, id), as the catalogue encodes it. */
const newestCursor = cursorFormat(cursorParts.timestamp, cursorParts.uuid);

function log(message: string): void {
  console.log(`[bench] ${message}`);
}

async function main(): Promise<void> {
  const serverUrl = new URL(loadConfig().databaseUrl ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const database = benchDatabase(settings.listings);
  const adminUrl = Object.assign(new URL(serverUrl), { pathname: '/postgres' }).toString();
  const benchUrl = Object.assign(new URL(serverUrl), { pathname: `/${database}` }).toString();
  const runStarted = performance.now();
  // Others using the machine skew every number: recorded so a reader can tell.
  const loadAtStart = os.loadavg().map((x) => round(x, 2)).join(' / ');

  // A bench database is ours alone: reused when it holds a complete seed of this size, else started over.
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  const postgresVersion = (await admin.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version;
  const { exists, seeded, mark } = await seededAlready(admin, database, settings.listings);
  // --backfill-terms upgrades a complete seed of version 2 (no terms) in place instead of seeding again.
  const backfill = args['backfill-terms'] && !seeded;
  if (backfill && mark !== seedMark(settings.listings, 2)) throw new Error(`--backfill-terms needs ${database} seeded at version 2 (it says: ${mark ?? 'no such database'})`);
  const reseed = !backfill && (args.reseed || !seeded);
  if (reseed) {
    if (exists) await admin.query(`DROP DATABASE "${database}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${database}"`);
  }

  const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: benchUrl, PORT: '0', LOG_LEVEL: 'error' });
  // Migrates the bench database, then serves the measured requests (no SQL logger: as in production).
  const app: App = await createApp(config);
  const capture = new StatementCapture();
  let captureApp: App | undefined;
  // The replay and the plans use the app's planner settings, so they run the plans the app runs.
  const pool = new Pool({ connectionString: benchUrl, max: settings.connections, options: PLANNER_OPTIONS, application_name: REPLAY_APPLICATION });

  try {
    const client = new Client({ connectionString: benchUrl, options: PLANNER_OPTIONS });
    await client.connect();
    let seedSeconds: number | null = null;
    if (reseed) {
      log(`seeding ${settings.listings.toLocaleString('en')} listings into ${database}…`);
      const seedStarted = performance.now();
      await seed(client, settings.listings, log);
      await admin.query(`COMMENT ON DATABASE "${database}" IS '${seedMark(settings.listings)}'`);
      seedSeconds = round((performance.now() - seedStarted) / 1000, 1);
      log(`seeded in ${seedSeconds} s`);
    } else if (backfill) {
      log(`giving the listings of ${database} terms…`);
      await backfillTerms(client, log);
      await admin.query(`COMMENT ON DATABASE "${database}" IS '${seedMark(settings.listings)}'`);
    } else {
      log(`reusing ${database}: ${(await publishedListings(client)).toLocaleString('en')} published listings`);
    }
    if (args['seed-only']) {
      await client.end();
      return;
    }
    const { rows: [dataset] } = await client.query<{ listings: number; technology_links: number; average_description_chars: number; distinct_descriptions: number }>(
      `SELECT (SELECT count(*) FROM listings WHERE status = 'PUBLISHED')::int AS listings,
              (SELECT count(*) FROM listing_technologies)::int AS technology_links,
              (SELECT avg(length(description))::int FROM listings) AS average_description_chars,
              (SELECT count(DISTINCT md5(description)) FROM listings)::int AS distinct_descriptions`,
    );

    // Cursors at depths drawn at random, through the catalogue index (the same key the catalogue pages by).
    const { rows: keys } = await client.query<{ published_key: string; id: string }>(
      `WITH bounds AS (SELECT min(published_at) AS lo, max(published_at) AS hi FROM listings WHERE status = 'PUBLISHED')
       SELECT k.published_key, k.id
         FROM bounds, generate_series(1, $1) g
         CROSS JOIN LATERAL (
           SELECT ${timestampKey('l.published_at')} AS published_key, l.id FROM listings l
            WHERE l.status = 'PUBLISHED' AND l.published_at <= bounds.lo + (bounds.hi - bounds.lo) * (abs(hashint4(g)) / 2147483648.0)
            ORDER BY l.published_at DESC, l.id DESC LIMIT 1) k`,
      [DEEP_CURSORS],
    );
    const deepCursors = keys.map((key) => newestCursor.encode([key.published_key, key.id]));

    const url = await app.listen(0);
    captureApp = await createApp(config, { sqlLogger: capture, migrate: false });
    const captureUrl = await captureApp.listen(0);
    // The taxonomy is read once per app and kept in memory: load it before capturing a request's statements.
    await gql(captureUrl, '{ technologies { id } }');

    const taxonomy = await gql<Taxonomy>(url, '{ technologies { id name } projectTypes { id } projectSuperTypes { id name } }');
    const features = await schemaFeatures((query) => gql(url, query));
    // A deep cursor is only useful if the catalogue reads it as its own: its page starts below the key.
    const probe: any = await gql(url, 'query($after: String) { listings(first: 1, after: $after) { edges { node { id } } } }', { after: deepCursors[0] });
    if (probe.listings.edges[0]?.node.id === undefined) throw new Error('the deep cursors are not read by the catalogue');

    const all = scenarios(taxonomy, features, deepCursors);
    // --only names one scenario exactly, or else every scenario whose name contains it.
    const exact = all.some((scenario) => scenario.name === args.only);
    const chosen = all.filter((scenario) => !args.only || (exact ? scenario.name === args.only : scenario.name.includes(args.only)));
    const poolDir = await mkdtemp(path.join(os.tmpdir(), 'techgigs-bench-'));
    const results: ScenarioResult[] = [];
    const explained: string[] = [];
    const planSummaries: string[] = [];
    try {
      for (const [index, scenario] of chosen.entries()) {
        if (scenario.skipped) {
          log(`${scenario.name}: skipped, ${scenario.skipped}`);
          results.push(skippedResult(scenario));
          continue;
        }
        const bodies = requestBodies(scenario, Number(args.pool) + WARM_UP_REQUESTS, 1000 + index);
        const warmUp = scenario.drawn ? bodies.slice(0, WARM_UP_REQUESTS) : bodies;
        const measured = scenario.drawn ? bodies.slice(WARM_UP_REQUESTS) : bodies;

        const check = await gqlBody(url, measured[0]);
        const edges = check.listings ? (check.listings.edges.length as number) : (check.searchSuggestions.length as number);

        // The statements of the first few measured requests, each through the capturing app (its own caches, cold).
        const samples = measured.slice(0, Math.max(1, Number(args.samples)));
        const sets: Statement[][] = [];
        const captureMs: number[] = [];
        if (!args['no-bare-sql'] || args.explain) {
          for (const body of samples) {
            const started = performance.now();
            capture.start();
            await gqlBody(captureUrl, body);
            sets.push(capture.stop());
            captureMs.push(performance.now() - started);
          }
        }
        if (args.explain) {
          // Every captured request's work as PostgreSQL did it, then the plans of the one that did the most.
          const work: PlanWork[] = [];
          for (const set of sets) work.push(await planWork(client, set));
          planSummaries.push(planSummary(scenario.name, work));
          const slowest = work.indexOf(work.reduce((a, b) => (b.executionMs > a.executionMs ? b : a)));
          explained.push(await explain(client, scenario.name, JSON.parse(samples[slowest]).variables, captureMs[slowest], sets[slowest]));
        }
        const statements = sets.length ? Math.max(...sets.map((set) => set.length)) : 0;

        log(`${scenario.name}: ${edges} results in the first, ${statements} statements; GraphQL…`);
        await loadGraphql(url, warmUp, path.join(poolDir, 'warm-up.json'), 1, settings.connections);
        const graphqlCpu = await cpuMeter(client, database, APP_APPLICATION);
        const graphql = await loadGraphql(url, measured, path.join(poolDir, 'measured.json'), settings.durationSeconds, settings.connections);
        const graphqlCpuMs = await graphqlCpu.perRequest(graphql.requests);
        let bareSql: Measurement | null = null;
        let bareSqlCpuMs: CpuPerRequest | null = null;
        if (sets.length && !args['no-bare-sql']) {
          log(`${scenario.name}: bare SQL…`);
          await loadSql(pool, sets, 1, settings.connections); // warm-up
          const bareSqlCpu = await cpuMeter(client, database, REPLAY_APPLICATION);
          bareSql = await loadSql(pool, sets, settings.durationSeconds, settings.connections);
          bareSqlCpuMs = await bareSqlCpu.perRequest(bareSql.requests);
        }
        results.push({
          name: scenario.name,
          description: scenario.description,
          note: scenario.note,
          drawn: scenario.drawn,
          distinctRequests: measured.length,
          repeatedRequests: scenario.drawn && graphql.requests > measured.length,
          example: JSON.parse(measured[0]).variables,
          targetP99Ms: scenario.targetP99Ms,
          edges,
          statements,
          bareSqlSamples: bareSql ? sets.length : 0,
          graphql,
          bareSql,
          shareOfBareSql: bareSql ? round(graphql.requestsPerSec / bareSql.requestsPerSec, 3) : null,
          cpuMsPerRequest: graphqlCpuMs && { graphql: graphqlCpuMs, bareSql: bareSqlCpuMs },
        });
        log(
          `${scenario.name}: GraphQL ${graphql.requestsPerSec} req/s (p50 ${graphql.p50Ms} ms, p99 ${graphql.p99Ms} ms${cpuText(graphqlCpuMs)})` +
            (bareSql ? `, bare SQL ${bareSql.requestsPerSec} req/s (p50 ${bareSql.p50Ms} ms, p99 ${bareSql.p99Ms} ms${cpuText(bareSqlCpuMs)})` : ''),
        );
      }
    } finally {
      await rm(poolDir, { recursive: true, force: true });
    }

    if (args.explain) {
      const header = `# Plans of the catalogue's statements\n\nWritten by \`npm run bench -- --listings ${settings.listings} --explain\` on ${new Date().toISOString()}: for each scenario, \`EXPLAIN (ANALYZE, BUFFERS)\` of every statement of each of its ${Number(args.samples)} captured requests (captured on a second app instance with cold caches), on ${database}, with the app's planner settings (\`${PLANNER_OPTIONS}\`); below the summary, the plans of the request whose statements took longest. The machine is shared: times are indicative, the plans and buffer counts are what matter.\n`;
      const summary = [
        '| Scenario | Requests | Statements | Execution ms, p50 / max (all statements of a request) | Shared buffers, p50 / max |',
        '|---|---:|---:|---:|---:|',
        ...planSummaries,
        '',
      ].join('\n');
      await writeFile(path.join(__dirname, 'EXPLAIN.md'), [header, summary, ...explained].join('\n'));
      log('wrote bench/EXPLAIN.md');
    }
    if (args.only || args['no-bare-sql']) {
      // A partial run (a profile, a quick look) prints its numbers and leaves the committed results alone.
      await client.end();
      console.log('\n' + renderTable(results));
      return;
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
    await loadSql(pool, [[offsetStatement]], 1, 1);
    const offset = await loadSql(pool, [[offsetStatement]], 4, 1);
    await loadSql(pool, [[keysetStatement]], 1, 1);
    const keyset = await loadSql(pool, [[keysetStatement]], 4, 1);

    const report = {
      generatedAt: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? 'unknown',
        memoryGiB: round(os.totalmem() / 2 ** 30, 1),
        node: process.version,
        postgres: postgresVersion,
        loadAverage: loadAtStart,
        loadAverageAtEnd: os.loadavg().map((x) => round(x, 2)).join(' / '),
      },
      settings: { ...settings, pageSize: PAGE, loadGenerator: 'autocannon 9, one worker thread, in the same process as the app' },
      dataset: { ...dataset, database, seededThisRun: seedSeconds !== null, seedSeconds },
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
    if (args.drop) {
      await admin.query(`DROP DATABASE "${database}" WITH (FORCE)`);
      log(`dropped ${database}`);
    }
    await admin.end();
  }
}

/** What PostgreSQL did for one captured request: execution time and shared buffers (hit or read) of its statements, summed. */
interface PlanWork {
  statements: number;
  executionMs: number;
  buffers: number;
}

async function planWork(client: Client, statements: Statement[]): Promise<PlanWork> {
  const work: PlanWork = { statements: statements.length, executionMs: 0, buffers: 0 };
  for (const statement of statements) {
    const { rows } = await client.query<{ 'QUERY PLAN': Array<{ 'Execution Time': number; Plan: Record<string, number> }> }>(
      `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${statement.query}`,
      statement.parameters,
    );
    const [{ 'Execution Time': executionMs, Plan: plan }] = rows[0]['QUERY PLAN'];
    work.executionMs += executionMs;
    work.buffers += (plan['Shared Hit Blocks'] ?? 0) + (plan['Shared Read Blocks'] ?? 0);
  }
  return work;
}

/** One row of EXPLAIN.md's summary: the spread of the captured requests' work. */
function planSummary(name: string, work: PlanWork[]): string {
  const middle = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const times = work.map((each) => each.executionMs);
  const buffers = work.map((each) => each.buffers);
  const statements = work.map((each) => each.statements);
  const span = Math.min(...statements) === Math.max(...statements) ? `${statements[0]}` : `${Math.min(...statements)}–${Math.max(...statements)}`;
  return `| ${name} | ${work.length} | ${span} | ${round(middle(times), 1)} / ${round(Math.max(...times), 1)} | ${middle(buffers).toLocaleString('en')} / ${Math.max(...buffers).toLocaleString('en')} |`;
}

/** `EXPLAIN (ANALYZE, BUFFERS)` of each statement of one captured request, as Markdown. */
async function explain(client: Client, name: string, variables: unknown, requestMs: number, statements: Statement[]): Promise<string> {
  const parts = [`## ${name}\n\nVariables \`${JSON.stringify(variables)}\`; the whole request took ${Math.round(requestMs)} ms on the capturing app.\n`];
  for (const statement of statements) {
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${statement.query}`, statement.parameters);
    const parameters = JSON.stringify(statement.parameters).slice(0, 300);
    parts.push(['```sql', statement.query.replace(/\s+/g, ' ').trim(), `-- parameters: ${parameters}`, '```', '```', ...rows.map((row) => row['QUERY PLAN']), '```', ''].join('\n'));
  }
  return parts.join('\n');
}

/**
 * CPU time per request, in milliseconds, on Linux (from /proc): the Node main thread's (the app
 * during GraphQL, the `pg` client during the replay; not autocannon's worker thread) and that of
 * the PostgreSQL backends that served the requests (the app's pool, or the replay's: not the job
 * queue's, which polls all along). Unlike throughput, it hardly depends on what else the shared
 * machine is running, so it tells whether a change made a request cheaper.
 */
interface CpuPerRequest {
  node: number;
  postgres: number;
}

const CLOCK_TICKS_PER_SECOND = 100;
/** The `application_name` of the app's pooled connections (server/src/db/data-source.ts) and of the replay's. */
const APP_APPLICATION = 'techgigs';
const REPLAY_APPLICATION = 'techgigs-bench-replay';

/** User + system CPU of a process or thread in clock ticks, from its /proc stat file; null when unreadable. */
async function cpuTicks(statFile: string): Promise<number | null> {
  try {
    const stat = await readFile(statFile, 'utf8');
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

/** Starts measuring CPU time (see CpuPerRequest); `perRequest` ends it, null where /proc is not there. */
async function cpuMeter(client: Client, database: string, application: string): Promise<{ perRequest: (requests: number) => Promise<CpuPerRequest | null> }> {
  const backends = async () => {
    const { rows } = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = $2', [database, application]);
    const ticks = new Map<number, number>();
    for (const { pid } of rows) {
      const value = await cpuTicks(`/proc/${pid}/stat`);
      if (value !== null) ticks.set(pid, value);
    }
    return ticks;
  };
  const mainThread = `/proc/${process.pid}/task/${process.pid}/stat`;
  const nodeBefore = await cpuTicks(mainThread);
  const postgresBefore = await backends();
  return {
    perRequest: async (requests) => {
      const nodeAfter = await cpuTicks(mainThread);
      if (nodeBefore === null || nodeAfter === null || requests === 0) return null;
      // A backend that connected during the measurement started from nothing.
      let postgres = 0;
      for (const [pid, ticks] of await backends()) postgres += ticks - (postgresBefore.get(pid) ?? 0);
      const perRequestMs = (ticks: number) => round((ticks * 1000) / CLOCK_TICKS_PER_SECOND / requests, 3);
      return { node: perRequestMs(nodeAfter - nodeBefore), postgres: perRequestMs(postgres) };
    },
  };
}

function cpuText(cpu: CpuPerRequest | null): string {
  return cpu ? `; CPU per request: Node ${cpu.node} ms, PostgreSQL ${cpu.postgres} ms` : '';
}

/** One GraphQL request from its JSON body. */
async function gqlBody(url: string, body: string): Promise<any> {
  const { query, variables } = JSON.parse(body) as { query: string; variables: Record<string, unknown> };
  return gql(url, query, variables);
}

function skippedResult(scenario: Scenario): ScenarioResult {
  return {
    name: scenario.name,
    description: scenario.description,
    note: scenario.note,
    drawn: scenario.drawn,
    distinctRequests: 0,
    repeatedRequests: false,
    example: null,
    targetP99Ms: scenario.targetP99Ms,
    skipped: scenario.skipped,
    edges: 0,
    statements: 0,
    bareSqlSamples: 0,
    graphql: null,
    bareSql: null,
    shareOfBareSql: null,
  };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
