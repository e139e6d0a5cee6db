import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * The zero-configuration default, as `npm start` runs it: the built server with no DATABASE_URL
 * and no REDIS_URL starts a PostgreSQL of its own under DATA_DIR, migrates and seeds it, and
 * keeps its data across a restart.
 */

const root = path.resolve(__dirname, '..');
const mainJs = path.join(root, 'dist', 'server', 'src', 'main.js');
const STARTUP_TIMEOUT = 150_000;

let dataDir: string;
let running: Server | undefined;

interface Server {
  child: ChildProcess;
  port: number;
  output: () => string;
}

/** Builds the server when dist/ is missing or older than any source file, so the test never runs stale code. */
function ensureBuilt(): void {
  const newestSource = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return Math.max(newest, newestSource(full));
      return entry.name.endsWith('.ts') ? Math.max(newest, statSync(full).mtimeMs) : newest;
    }, 0);
  if (existsSync(mainJs) && statSync(mainJs).mtimeMs >= newestSource(path.join(root, 'server', 'src'))) return;
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function start(): Promise<Server> {
  const port = await freePort();
  // Only what a shell gives a fresh user: no DATABASE_URL, no REDIS_URL, no NODE_ENV from Jest.
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? os.tmpdir(), PORT: String(port), DATA_DIR: dataDir };
  const child = spawn(process.execPath, [mainJs], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const server: Server = { child, port, output: () => output };
  running = server;

  const deadline = Date.now() + STARTUP_TIMEOUT;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before answering:\n${output}`);
    const healthy = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
    if (healthy) return server;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`server did not answer /healthz within ${STARTUP_TIMEOUT / 1000}s:\n${output}`);
}

async function stop(server: Server): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
  if (server.child.exitCode === null) server.child.kill('SIGTERM');
  const code = server.child.exitCode ?? (await exited);
  running = undefined;
  return code;
}

async function gql<T = any>(server: Server, query: string, variables?: Record<string, unknown>): Promise<T> {
  const response = await fetch(`http://127.0.0.1:${server.port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors?.length || !body.data) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data;
}

beforeAll(() => {
  ensureBuilt();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'techgigs-embedded-'));
  // mkdtemp makes it private; as root the embedded PostgreSQL runs as the postgres user, who must enter it.
  chmodSync(dataDir, 0o755);
}, 180_000);

afterAll(async () => {
  if (running) await stop(running);
  // If a server was killed mid-test its PostgreSQL outlives it; stop that one, then remove its data.
  const pidFile = path.join(dataDir, 'postgres', 'postmaster.pid');
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (pid > 0) {
      try {
        process.kill(pid, 'SIGINT');
      } catch {
        // already gone
      }
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

it(
  'starts from nothing with no configuration, serves the taxonomy and accounts, and keeps data across a restart',
  async () => {
    const first = await start();
    expect(existsSync(path.join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);

    const taxonomy = await gql(first, '{ projectSuperTypes { id } projectTypes { id } technologyClasses { id } technologies { id } }');
    expect([
      taxonomy.projectSuperTypes.length,
      taxonomy.projectTypes.length,
      taxonomy.technologyClasses.length,
      taxonomy.technologies.length,
    ]).toEqual([6, 19, 4, 50]);

    const email = `embedded.${Date.now()}@example.test`;
    const password = 'a long enough password';
    const signedUp = await gql(first, 'mutation ($input: SignUpInput!) { signUp(input: $input) { user { id } } }', {
      input: { email, password, displayName: 'Embedded Ada' },
    });
    expect(await stop(first)).toBe(0);

    const second = await start();
    const signedIn = await gql(second, 'mutation ($input: SignInInput!) { signIn(input: $input) { user { id profile { displayName } } } }', {
      input: { email, password },
    });
    expect(signedIn.signIn.user).toEqual({ id: signedUp.signUp.user.id, profile: { displayName: 'Embedded Ada' } });
    expect(await stop(second)).toBe(0);
  },
  STARTUP_TIMEOUT * 2 + 60_000,
);
