import { Client } from 'pg';
import { startTestApp, ok, testDatabaseUrl, type TestApp } from '../../test/harness';
import { buildUser } from '../../test/factories';
import { eventually } from '../../test/live';
import { TestSmtpServer } from '../../test/smtp';
import { createLogger } from '../logger';
import { JOB_WORKERS, JobQueue } from './queue';

const RESET_SUBJECT = 'Reset your TechGigs password';
const RESET_JOB = 'accounts.password-reset-mail';
const REQUEST_RESET = 'mutation ($email: String!) { requestPasswordReset(input: { email: $email }) }';

/** pg-boss's rows for these recipients' reset mails, by state. */
async function resetJobs(app: TestApp, emails: string[]): Promise<Array<{ id: string; state: string; retryCount: number; startAfter: Date }>> {
  return app.app.deps.ds.query(
    `SELECT id, state, retry_count AS "retryCount", start_after AS "startAfter" FROM pgboss.job WHERE name = $1 AND data->>'email' = ANY($2) ORDER BY created_on`,
    [RESET_JOB, emails],
  );
}

/** Resolves when every one of these jobs has completed (looked at as often as a worker polls). */
async function allCompleted(app: TestApp, emails: string[]): Promise<void> {
  await eventually(async () => {
    const jobs = await resetJobs(app, emails);
    return jobs.length === emails.length && jobs.every((job) => job.state === 'completed');
  }, 20_000, 'the jobs to complete');
}

describe('jobs across instances (pg-boss)', () => {
  const smtp = new TestSmtpServer();
  beforeAll(() => smtp.start());
  afterAll(() => smtp.stop());
  // Every test asks for resets from 127.0.0.1 into this suite's one database; the per-address limit on
  // account mail (AccountMailLimiter, tested in account-mail.test.ts) is not this suite's subject: each test counts afresh.
  beforeEach(async () => {
    const client = new Client({ connectionString: await testDatabaseUrl() });
    await client.connect();
    try {
      await client.query(`DELETE FROM sign_in_attempts WHERE key LIKE '%-mail-address:%'`);
    } finally {
      await client.end();
    }
  });

  it('two instances sharing one queue run each job once', async () => {
    const [a, b] = [await startTestApp({ env: { SMTP_URL: smtp.url } }), await startTestApp({ env: { SMTP_URL: smtp.url } })];
    try {
      const users = await Promise.all(Array.from({ length: 8 }, () => buildUser(a.app)));
      const emails = users.map(({ user }) => user.email);
      await Promise.all(emails.map((email, i) => (i % 2 === 0 ? a : b).gql(REQUEST_RESET, { email }).then(ok)));

      await allCompleted(a, emails);
      // Every job has completed, so a second run would already have delivered its mail.
      for (const email of emails) expect(smtp.mailsTo(email).filter((mail) => mail.subject === RESET_SUBJECT)).toHaveLength(1);
      const tokens = await a.app.deps.ds.query(`SELECT count(*)::int AS n FROM account_tokens WHERE user_id = ANY($1) AND purpose = 'RESET_PASSWORD'`, [users.map(({ user }) => user.id)]);
      expect(tokens[0].n).toBe(8);
    } finally {
      await a.stop();
      await b.stop();
    }
  });

  it('a job sent by an instance that does not run jobs waits in PostgreSQL and runs after a restart', async () => {
    const sender = await startTestApp({ env: { SMTP_URL: smtp.url, RUN_JOBS: 'false' } });
    const { user } = await buildUser(sender.app);
    ok(await sender.gql(REQUEST_RESET, { email: user.email }));
    expect((await resetJobs(sender, [user.email])).map((job) => job.state)).toEqual(['created']);
    await sender.stop();

    const worker = await startTestApp({ env: { SMTP_URL: smtp.url } });
    try {
      const mail = await smtp.mailTo(user.email, RESET_SUBJECT);
      expect(mail.links).toHaveLength(1);
      await allCompleted(worker, [user.email]);
    } finally {
      await worker.stop();
    }
  });

  it('a failed delivery is retried after a backoff and delivered once', async () => {
    const app = await startTestApp({ env: { SMTP_URL: smtp.url } });
    try {
      const { user } = await buildUser(app.app);
      smtp.refuseNext(user.email);
      ok(await app.gql(REQUEST_RESET, { email: user.email }));

      await eventually(async () => (await resetJobs(app, [user.email]))[0]?.state === 'retry', 20_000, 'the first try to fail');
      const [job] = await resetJobs(app, [user.email]);
      // The first retry waits about the policy's 30 s (backoff with jitter), not at once.
      const [{ now }] = await app.app.deps.ds.query('SELECT now() AS now');
      expect(job.startAfter.getTime() - new Date(now).getTime()).toBeGreaterThan(10_000);
      expect(smtp.mailsTo(user.email)).toHaveLength(0);
      // The token written with the failed try was rolled back with it.
      const tokens = await app.app.deps.ds.query(`SELECT count(*)::int AS n FROM account_tokens WHERE user_id = $1`, [user.id]);
      expect(tokens[0].n).toBe(0);

      // The backoff's end, brought forward rather than waited for.
      await app.app.deps.ds.query(`UPDATE pgboss.job SET start_after = now() WHERE id = $1`, [job.id]);
      await smtp.mailTo(user.email, RESET_SUBJECT);
      await allCompleted(app, [user.email]);
      expect(smtp.mailsTo(user.email)).toHaveLength(1);
      expect((await resetJobs(app, [user.email]))[0].retryCount).toBe(1);
    } finally {
      await app.stop();
    }
  });

  it('stopping the app stops its queue: no connection of the queue is left', async () => {
    const app = await startTestApp();
    const queueConnections = async (client: Client) =>
      (await client.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'techgigs-jobs'`)).rows[0].n as number;
    const client = new Client({ connectionString: await testDatabaseUrl() });
    await client.connect();
    try {
      expect(await queueConnections(client)).toBeGreaterThan(0);
      await app.stop();
      // A closed connection leaves pg_stat_activity when its backend has exited, a moment after.
      await eventually(async () => (await queueConnections(client)) === 0, 5_000, 'the queue connections to close');
    } finally {
      await client.end();
    }
  });

  it('a queue drains without a poll interval per job: 50 jobs all run while the interval is 10 minutes, and one failing job fails alone', async () => {
    const databaseUrl = await testDatabaseUrl();
    const name = `test.drain-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const retry = { retryLimit: 1, retryDelaySeconds: 600 };
    const ran: number[] = [];
    let running = 0;
    let mostAtOnce = 0;
    const handle = async ({ n }: { n: number }) => {
      running++;
      mostAtOnce = Math.max(mostAtOnce, running);
      await new Promise((resolve) => setImmediate(resolve));
      running--;
      if (n === 13) throw new Error('job 13 fails');
      ran.push(n);
    };
    // Queued before any worker starts: one job per poll would run one (or one per worker) and then wait 10 minutes.
    const sender = new JobQueue({ databaseUrl, logger: createLogger('silent') });
    sender.define({ name, retry, handle });
    await sender.start({ work: false });
    for (let n = 0; n < 50; n++) await sender.send({ name }, { n });
    await sender.stop();

    const worker = new JobQueue({ databaseUrl, logger: createLogger('silent'), pollingIntervalSeconds: 600 });
    worker.define({ name, retry, handle });
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    const states = async () =>
      Object.fromEntries((await client.query(`SELECT state, count(*)::int AS n FROM pgboss.job WHERE name = $1 GROUP BY state`, [name])).rows.map((row) => [row.state, row.n]));
    try {
      await worker.start({ work: true });
      await eventually(async () => (await states()).completed === 49, 30_000, 'the 49 good jobs to complete');
      expect([...ran].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, n) => n).filter((n) => n !== 13));
      expect(await states()).toEqual({ completed: 49, retry: 1 });
      expect(mostAtOnce).toBeGreaterThan(1);
    } finally {
      await worker.stop();
      await client.end();
    }
  });
});

describe('stopping the queue', () => {
  test('claims nothing once it stops, runs what it claimed, and answers every statement it began, even for workers still waiting for a connection', async () => {
    const databaseUrl = await testDatabaseUrl();
    const names = Array.from({ length: 4 }, (_, kind) => `jobs-test.stop-${kind}-${Date.now()}`);
    const ran: string[] = [];
    const queue = new JobQueue({ databaseUrl, logger: createLogger('silent'), pollingIntervalSeconds: 0.5 });
    for (const name of names) queue.define({ name, retry: { retryLimit: 0, retryDelaySeconds: 1 }, handle: async () => void ran.push(name) });
    const locker = new Client({ connectionString: databaseUrl });
    await locker.connect();
    try {
      await queue.start({ work: true });
      // Every fetch blocks on the lock: the queue's three connections are taken and the other
      // workers' fetches wait for one when `stop` begins. Were the pool ended then, pg-pool would
      // never answer those (a worker waiting forever, and pg-boss re-checking it every second).
      await locker.query('BEGIN');
      for (const name of names) await queue.send({ name }, {});
      await locker.query('LOCK TABLE pgboss.job IN ACCESS EXCLUSIVE MODE');
      // Every worker polls within its interval (0.5 s): each one's fetch then waits, most for a connection.
      await eventually(() => queue.statementsInFlight >= JOB_WORKERS * names.length, 10_000, "every worker's fetch to wait behind the lock");
      expect(queue.statementsInFlight).toBeGreaterThan(3);
      const stopped = queue.stop();
      await new Promise((resolve) => setTimeout(resolve, 300));
      await locker.query('COMMIT');
      await stopped;
      expect(queue.statementsInFlight).toBe(0);
      // A job a fetch claimed as the lock went runs and completes; the rest wait for the next
      // instance. None is failed or spends a try for the stop.
      const jobs = (await locker.query(`SELECT name, state, retry_count AS "retryCount" FROM pgboss.job WHERE name = ANY($1)`, [names])).rows;
      expect(jobs).toHaveLength(names.length);
      for (const job of jobs) {
        expect([job.name, job.retryCount]).toEqual([job.name, 0]);
        expect(job.state).toBe(ran.includes(job.name) ? 'completed' : 'created');
      }
    } finally {
      await queue.stop();
      await locker.end();
    }
  });
});
