import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { type App, createApp } from '../server/src/app';
import { loadConfig } from '../server/src/config';
import { round } from './measure';
import { closePools, compileInstance, Instance } from './live-clients';
import { checkTargets, LIVE_DATABASE, type LiveReport, renderLive } from './live-report';
import { chatAtScale, fanOut, idle } from './live-scenarios';

/**
 * The live benchmark: two app instances forked as child processes on one database of their own
 * (`techgigs_live_bench`, created afresh at every run) and the local Redis, driven by real graphql-ws clients in this process.
 * Measures fan-out to many sockets of one conversation, many conversations at a steady message
 * rate, and the memory of idle signed-in sockets against a bare `ws` server. Writes
 * bench/live-results.json and bench/LIVE.md (a run smaller than the full sizes writes them to a
 * new directory under the system's temporary directory instead, and says where).
 *
 *   npm run bench:live -- [--subscribers 500] [--conversations 1000] [--rate 200] [--duration 30] [--idle 5000]
 *
 * With LIVE_BENCH_CPU_PROF=<directory>, each forked process also writes a V8 CPU profile there
 * (`A.cpuprofile`, `B.cpuprofile`, `bare.cpuprofile`; open them in Chrome's DevTools).
 */

const FULL = { subscribers: 500, conversations: 1000, rate: 200, duration: 30, idle: 5000 };

const { values: args } = parseArgs({
  options: Object.fromEntries(Object.entries(FULL).map(([name, value]) => [name, { type: 'string' as const, default: String(value) }])),
});
const settings = {
  subscribers: Number(args.subscribers),
  conversations: Number(args.conversations),
  rate: Number(args.rate),
  durationSeconds: Number(args.duration),
  idle: Number(args.idle),
};

function log(message: string): void {
  console.log(`[bench:live] ${message}`);
}

/**
 * The benchmark's own database, dropped and created afresh (the setup app migrates it): every run
 * starts from the same empty tables, so runs do not slow down as earlier runs' rows pile up.
 * Returns its URL and the server's version.
 */
async function prepareDatabase(serverUrl: URL): Promise<{ url: string; postgres: string }> {
  const admin = new Client({ connectionString: Object.assign(new URL(serverUrl), { pathname: '/postgres' }).toString() });
  await admin.connect();
  try {
    const postgres = (await admin.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version;
    await admin.query(`DROP DATABASE IF EXISTS "${LIVE_DATABASE}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${LIVE_DATABASE}"`);
    return { url: Object.assign(new URL(serverUrl), { pathname: `/${LIVE_DATABASE}` }).toString(), postgres };
  } finally {
    await admin.end();
  }
}

function currentCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  const runStarted = performance.now();
  const loadAverage = () => os.loadavg().map((x) => round(x, 2)).join(' / ');
  const loadAtStart = loadAverage();
  const config = loadConfig();
  const database = await prepareDatabase(new URL(config.databaseUrl ?? 'postgres://postgres@127.0.0.1:5432/postgres'));
  const env = {
    NODE_ENV: 'production',
    DATABASE_URL: database.url,
    REDIS_URL: config.redisUrl ?? 'redis://127.0.0.1:6379',
    PORT: '0',
    LOG_LEVEL: 'error',
    // The load generator gives each socket an address of its own (live-clients.ts).
    TRUST_PROXY: 'loopback',
  };

  // Migrates the database and builds the data; serves no traffic (no Redis: it publishes nothing anyone hears).
  const setup: App = await createApp(loadConfig({ ...env, REDIS_URL: undefined }));
  await setup.listen(0);
  const running: Instance[] = [];
  try {
    log('compiling the instance…');
    compileInstance();
    log('starting instances A and B…');
    const [a, b] = await Promise.all([Instance.start('A', 'app', env), Instance.start('B', 'app', env)]);
    running.push(a, b);
    const instances = { a, b, setup };

    // Idle first, on instances that have served nothing yet: their heaps have not grown for other work.
    const idleResult = await idle(instances, settings.idle, () => Instance.start('bare', 'bare', {}), env.REDIS_URL);
    log(`idle: ${JSON.stringify(idleResult)}`);
    const fanOutResult = await fanOut(instances, settings.subscribers);
    log(`fan-out: ${JSON.stringify(fanOutResult)}`);
    const chatResult = await chatAtScale(instances, settings.conversations, settings.rate, settings.durationSeconds);
    log(`chat: ${JSON.stringify(chatResult)}`);

    const measured = { fanOut: fanOutResult, chat: chatResult, idle: idleResult };
    const report: LiveReport = {
      generatedAt: new Date().toISOString(),
      commit: currentCommit(),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? 'unknown',
        memoryGiB: round(os.totalmem() / 2 ** 30, 1),
        node: process.version,
        postgres: database.postgres,
        loadAverage: loadAtStart,
        loadAverageAtEnd: loadAverage(),
      },
      settings: { ...settings, fullSize: settings.subscribers >= FULL.subscribers && settings.conversations >= FULL.conversations && settings.rate >= FULL.rate && settings.durationSeconds >= FULL.duration && settings.idle >= FULL.idle },
      ...measured,
      targets: checkTargets(measured),
      runSeconds: round((performance.now() - runStarted) / 1000, 1),
    };
    // Only a run at the full sizes replaces the committed results; a smaller one is written beside the system's temporary files.
    const out = report.settings.fullSize ? __dirname : await mkdtemp(path.join(os.tmpdir(), 'techgigs-live-bench-'));
    await writeFile(path.join(out, 'live-results.json'), JSON.stringify(report, null, 2) + '\n');
    await writeFile(path.join(out, 'LIVE.md'), renderLive(report));
    log(`wrote ${path.join(out, 'live-results.json')} and ${path.join(out, 'LIVE.md')} in ${report.runSeconds} s`);
    for (const target of report.targets) log(`${target.met ? 'met    ' : 'NOT MET'} ${target.target}: ${target.measured}`);
  } finally {
    await closePools();
    await Promise.all(running.map((instance) => instance.stop()));
    await setup.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
