import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { databaseUrl, templateDatabase, withAdminClient } from '../test/databases';
import { ensureBuilt, startBuiltServer } from '../../e2e/built-server';
import { DEMO_ACCOUNTS, DEMO_EMPLOYERS, DEMO_PASSWORD } from './seed-demo';

/**
 * `npm run seed:demo` (issue 13, item 7), run as a newcomer runs it: the script itself, on a
 * fresh database of its own (migrated, nothing else in it), twice.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const database = templateDatabase().replace(/_template$/, '_seed_demo');
const url = databaseUrl(database);

function runSeed(env: Record<string, string> = { DATABASE_URL: url }): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [require.resolve('ts-node/dist/bin.js'), '--transpile-only', 'server/scripts/seed-demo.ts'], {
      cwd: ROOT,
      // Only what a shell gives a fresh user, and the database.
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? os.tmpdir(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

async function query<T extends object>(sql: string, parameters: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, parameters)).rows;
  } finally {
    await client.end();
  }
}

/** How many rows each table the demo writes to holds. */
async function counts(): Promise<Record<string, number>> {
  const tables = ['users', 'sessions', 'employers', 'employer_members', 'payments', 'credits', 'listings', 'listing_technologies', 'conversations', 'messages', 'contracts', 'contract_details', 'contract_events', 'notifications'];
  const entries = await Promise.all(tables.map(async (table) => [table, Number((await query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0].n)] as const));
  return Object.fromEntries(entries);
}

beforeAll(async () => {
  await withAdminClient(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${database}" TEMPLATE "${templateDatabase()}"`);
  });
});
afterAll(() => withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)));

test('fills a fresh install with employers, gigs, a conversation and a signed contract; a second run changes nothing', async () => {
  expect((await counts()).users).toBe(0);

  const first = await runSeed();
  expect([first.code, first.stderr]).toEqual([0, '']);
  expect(first.stdout).toContain('Verified the email of 4 people.');
  expect(first.stdout).toContain('Seeded DATABASE_URL: 3 employers, 9 published gigs, a conversation and a signed contract.');
  expect(first.stdout).toContain(`with the password "${DEMO_PASSWORD}"`);

  // The people, each a real account that can sign in (a password hash, not the password).
  const users = await query<{ email: string; display_name: string; password_hash: string }>('SELECT u.email, p.display_name, u.password_hash FROM users u JOIN profiles p ON p.user_id = u.id ORDER BY u.email');
  expect(users.map((user) => [user.email, user.display_name])).toEqual(
    Object.values(DEMO_ACCOUNTS)
      .map((account) => [account.email, account.displayName])
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  for (const user of users) expect(user.password_hash).toMatch(/^\$argon2/);
  // Each verified its email through its own link (a used VERIFY_EMAIL token each): no banner, and publishing was allowed.
  const verified = await query<{ email: string; verified: boolean; used: number }>(
    `SELECT u.email, u.email_verified_at IS NOT NULL AS verified,
            (SELECT count(*)::int FROM account_tokens t WHERE t.user_id = u.id AND t.purpose = 'VERIFY_EMAIL' AND t.used_at IS NOT NULL) AS used
       FROM users u ORDER BY u.email`,
  );
  expect(verified).toEqual(users.map((user) => ({ email: user.email, verified: true, used: 1 })));

  // Employers with their gigs, all published (each spent a credit bought in test mode).
  const listings = await query<{ employer: string; title: string; status: string; technologies: number }>(
    `SELECT e.name AS employer, l.title, l.status, (SELECT count(*)::int FROM listing_technologies t WHERE t.listing_id = l.id) AS technologies
       FROM listings l JOIN employers e ON e.id = l.employer_id ORDER BY l.title`,
  );
  const expected = DEMO_EMPLOYERS.flatMap((employer) => employer.gigs.map((gig) => ({ employer: employer.name, title: gig.title, status: 'PUBLISHED', technologies: gig.technologies.length }))).sort((a, b) => a.title.localeCompare(b.title));
  expect(listings).toEqual(expected);
  const credits = await query<{ unspent: number; spent: number }>('SELECT count(*) FILTER (WHERE spent_at IS NULL)::int AS unspent, count(*) FILTER (WHERE spent_at IS NOT NULL)::int AS spent FROM credits');
  expect(credits).toEqual([{ unspent: 0, spent: 9 }]);
  const payments = await query<{ status: string }>('SELECT status FROM payments');
  expect(payments.map((payment) => payment.status)).toEqual(['PAID', 'PAID', 'PAID']);

  // The conversation between the freelancer and the poster, in order.
  const messages = await query<{ sender: string; body: string }>('SELECT u.email AS sender, m.body FROM messages m JOIN users u ON u.id = m.from_id ORDER BY m.created_at, m.seq');
  expect(messages.map((message) => message.sender)).toEqual([DEMO_ACCOUNTS.tomas, DEMO_ACCOUNTS.maya, DEMO_ACCOUNTS.tomas, DEMO_ACCOUNTS.maya, DEMO_ACCOUNTS.tomas].map((account) => account.email));

  // The contract: signed by both on its one version, locked and active, every step in its audit trail.
  const contracts = await query<{ status: string; employer_signed_at: Date | null; worker_signed_at: Date | null; worker: string }>(
    'SELECT c.status, c.employer_signed_at, c.worker_signed_at, u.email AS worker FROM contracts c JOIN users u ON u.id = c.worker_user_id',
  );
  expect(contracts).toHaveLength(1);
  expect(contracts[0]).toMatchObject({ status: 'ACTIVE', worker: DEMO_ACCOUNTS.tomas.email });
  expect(contracts[0].employer_signed_at).toBeInstanceOf(Date);
  expect(contracts[0].worker_signed_at).toBeInstanceOf(Date);
  const details = await query<{ version: number; locked: boolean; content_hash: string }>('SELECT version, locked, content_hash FROM contract_details');
  expect(details).toEqual([{ version: 1, locked: true, content_hash: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
  const events = await query<{ kind: string }>('SELECT kind FROM contract_events ORDER BY seq');
  expect(events.map((event) => event.kind)).toEqual(expect.arrayContaining(['CREATED', 'DETAILS_SAVED', 'SIGNED']));

  // A second run finds the demo and changes nothing (it signs in to look at the contract, and out at once).
  const liveSessions = async () => Number((await query<{ n: string }>('SELECT count(*) AS n FROM sessions WHERE revoked_at IS NULL'))[0].n);
  const { sessions: sessionsBefore, ...before } = await counts();
  const liveBefore = await liveSessions();
  const second = await runSeed();
  expect([second.code, second.stderr]).toEqual([0, '']);
  expect(second.stdout).toContain(`The demo is already in DATABASE_URL (${DEMO_ACCOUNTS.maya.email} exists): nothing was changed.`);
  const { sessions: sessionsAfter, ...after } = await counts();
  expect(after).toEqual(before);
  expect([sessionsAfter - sessionsBefore, await liveSessions()]).toEqual([1, liveBefore]);
}, 240_000);

test('a run that stopped half-way is never reported as seeded: the next run says the database holds part of the demo', async () => {
  const partial = `${database}_partial`;
  const partialUrl = databaseUrl(partial);
  await withAdminClient(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${partial}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${partial}" TEMPLATE "${templateDatabase()}"`);
  });
  try {
    // A taxonomy without the technology of the last gig: the run stops after publishing most gigs.
    const client = new Client({ connectionString: partialUrl });
    await client.connect();
    try {
      await client.query(`DELETE FROM technologies WHERE name = 'Elasticsearch'`);
    } finally {
      await client.end();
    }
    const first = await runSeed({ DATABASE_URL: partialUrl });
    expect(first.code).toBe(1);
    expect(first.stderr).toContain('the taxonomy has no "Elasticsearch"');

    const second = await runSeed({ DATABASE_URL: partialUrl });
    expect(second.code).toBe(1);
    expect(second.stdout).not.toContain('already');
    expect(second.stderr).toContain(`seed:demo stopped: The database holds part of the demo (${DEMO_ACCOUNTS.maya.email} exists, but not the contract a complete run ends with)`);
    expect(second.stderr).toContain('To seed, start from an empty database');
  } finally {
    await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${partial}" WITH (FORCE)`));
  }
}, 240_000);

test('seeds the embedded PostgreSQL of a running `npm start` through it, and the running server shows the demo at once', async () => {
  ensureBuilt();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'techgigs-seed-running-'));
  // As root the embedded PostgreSQL runs as the postgres user, who must enter it.
  chmodSync(dataDir, 0o755);
  const server = await startBuiltServer({ DATA_DIR: dataDir }, 150_000);
  try {
    const seeded = await runSeed({ DATA_DIR: dataDir });
    expect([seeded.code, seeded.stderr]).toEqual([0, '']);
    expect(seeded.stdout).toContain(`Using the embedded PostgreSQL of the running server (${path.join(dataDir, 'postgres')}).`);
    expect(seeded.stdout).toContain(`Seeded the embedded PostgreSQL in ${dataDir}: 3 employers, 9 published gigs`);
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ listings(first: 20) { totalCount } }' }),
    });
    expect(((await response.json()) as { data: { listings: { totalCount: number } } }).data.listings.totalCount).toBe(9);
    // The server still serves (its PostgreSQL was shared, not taken over or stopped).
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 240_000);
