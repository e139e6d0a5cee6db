import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BuiltServer, ensureBuilt, startBuiltServer } from './built-server';

/**
 * The zero-configuration default, as `npm start` runs it: the built server with no DATABASE_URL
 * and no REDIS_URL starts a PostgreSQL of its own under DATA_DIR, migrates and seeds it, and
 * keeps its data across a restart.
 */

const STARTUP_TIMEOUT = 150_000;

let dataDir: string;
let running: BuiltServer | undefined;

async function start(): Promise<BuiltServer> {
  // No DATABASE_URL, no REDIS_URL, no NODE_ENV from Jest: only where to keep the data.
  running = await startBuiltServer({ DATA_DIR: dataDir }, STARTUP_TIMEOUT);
  return running;
}

async function stop(server: BuiltServer): Promise<number | null> {
  if (server.child.exitCode === null) server.child.kill('SIGTERM');
  const { code } = await server.exited;
  running = undefined;
  return code;
}

async function gql<T = any>(server: BuiltServer, query: string, variables?: Record<string, unknown>): Promise<T> {
  const response = await fetch(`${server.url}/graphql`, {
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
