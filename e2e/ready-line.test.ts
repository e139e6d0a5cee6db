import { spawn, execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { testDatabaseUrl } from '../server/test/harness';
import { freePort } from '../server/test/ports';
import { type BuiltServer, ensureBuilt, root, startBuiltServer } from './built-server';

/**
 * What a newcomer sees when the server is ready (issue 13, item 7): one plain line with the
 * address, on stderr, while stdout stays JSON lines for whatever collects the logs. The built
 * server, as `npm start` runs it.
 */

const servers: BuiltServer[] = [];

/** Resolves once the server has written a line matching `pattern` to stderr (or fails when it exits first). */
function lineOnStderr(server: BuiltServer, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const line = server.stderr().split('\n').find((candidate) => pattern.test(candidate));
      if (line === undefined) return false;
      server.child.stderr?.off('data', check);
      resolve(line);
      return true;
    };
    if (check()) return;
    server.child.stderr?.on('data', check);
    void server.exited.then(() => reject(new Error(`the server exited without the line:\n${server.output()}`)));
  });
}

async function stop(server: BuiltServer): Promise<void> {
  server.child.kill('SIGTERM');
  await server.exited;
}

beforeAll(() => ensureBuilt());
afterAll(async () => {
  for (const server of servers) if (server.child.exitCode === null) await stop(server);
});

test('says once, in plain words on stderr, where the app is; stdout stays JSON lines', async () => {
  const server = await startBuiltServer({ DATABASE_URL: await testDatabaseUrl(), LOG_LEVEL: 'info' });
  servers.push(server);
  const line = await lineOnStderr(server, /TechGigs is ready/);
  expect(line).toBe(`TechGigs is ready on http://localhost:${server.port}`);
  await stop(server);
  const lines = server.stdout().split('\n').filter(Boolean);
  expect(lines.length).toBeGreaterThan(0);
  for (const logLine of lines) expect(() => JSON.parse(logLine)).not.toThrow();
  expect(lines.some((logLine) => JSON.parse(logLine).msg === `TechGigs is up at http://localhost:${server.port}`)).toBe(true);
  expect(server.stderr().match(/TechGigs is ready/g)).toHaveLength(1);
});

test('names PUBLIC_URL when it is set, with the port this process listens on', async () => {
  const server = await startBuiltServer({ DATABASE_URL: await testDatabaseUrl(), LOG_LEVEL: 'warn', PUBLIC_URL: 'https://gigs.example.com' });
  servers.push(server);
  const line = await lineOnStderr(server, /TechGigs is ready/);
  expect(line).toBe(`TechGigs is ready on https://gigs.example.com (this process listens on http://localhost:${server.port})`);
  await stop(server);
});

/**
 * Ctrl-C in a terminal: SIGINT to the whole foreground process group at once (the server and any
 * process it started, the embedded PostgreSQL among them). The server stops in order and quietly:
 * nothing logged above info, "stopping" then "stopped", exit code 0, and its PostgreSQL gone.
 */
test('Ctrl-C (SIGINT to the process group) stops the server and its embedded PostgreSQL quietly and in order', async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'techgigs-ctrl-c-'));
  // As root the embedded PostgreSQL runs as the postgres user, who must enter it.
  chmodSync(dataDir, 0o755);
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(root, 'dist', 'server', 'src', 'main.js')], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? os.tmpdir(), PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // A process group of its own, as a shell gives a command run in a terminal.
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const postgresOf = () => execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).split('\n').filter((args) => args.includes(dataDir) && /postgres/.test(args));
  try {
    await new Promise<void>((resolve, reject) => {
      const check = () => stderr.includes('TechGigs is ready') && resolve();
      child.stderr.on('data', check);
      void exited.then(() => reject(new Error(`the server exited before it was ready:\n${stdout}${stderr}`)));
    });
    expect(postgresOf().length).toBeGreaterThan(0);
    process.kill(-child.pid!, 'SIGINT');
    expect(await exited).toBe(0);
    const logs = stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { level: number; msg: string });
    const loud = logs.filter((log) => log.level > 30);
    expect(loud).toEqual([]);
    const messages = logs.map((log) => log.msg);
    expect(messages.indexOf('stopping')).toBeGreaterThan(-1);
    expect(messages.indexOf('stopped')).toBeGreaterThan(messages.indexOf('stopping'));
    expect(stdout).not.toMatch(/connection lost|terminating connection/i);
    expect(stderr.trim()).toBe(`TechGigs is ready on http://localhost:${port}`);
    expect(postgresOf()).toEqual([]);
  } finally {
    if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
    // Its PostgreSQL has a process group of its own: a failed stop must not leave it running.
    const pidFile = path.join(dataDir, 'postgres', 'postmaster.pid');
    if (existsSync(pidFile)) {
      try {
        process.kill(Number(readFileSync(pidFile, 'utf8').split('\n')[0]), 'SIGQUIT');
      } catch {
        // Gone already.
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 180_000);
