import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'pg';
import PgBoss from 'pg-boss';
import type { EntityManager } from 'typeorm';
import type { Logger } from '../logger';

/** Longer than pg-boss's one-second re-check of stopping workers (manager.js offWork). */
const OFF_WORK_SETTLE_MS = 1_100;
/** How long `stop` waits for running jobs and the queue's last statements before giving them up. */
const DRAIN_TIMEOUT_MS = 15_000;
/** A statement waiting this long for a connection is answered with an error (pg-pool), even while the pool ends. */
const CONNECTION_TIMEOUT_MS = 10_000;
/** A statement of the queue's taking longer is given up (pg's client-side timeout), so `stop` can always end the pool. */
const QUERY_TIMEOUT_MS = 60_000;
/** pg-boss's fetch of jobs (plans.js `fetchNextJob`): the only statement that claims jobs. */
const CLAIMS_JOBS = /FOR UPDATE SKIP LOCKED/;

/** pg-boss's schema, installed by the migration `JobQueue` and kept up to date by pg-boss itself. */
export const JOB_SCHEMA = 'pgboss';

/**
 * How a kind of job is retried: `retryLimit` more tries after the first, the n-th waiting
 * `retryDelaySeconds × 2^n` (pg-boss's exponential backoff, with jitter).
 */
export interface RetryPolicy {
  retryLimit: number;
  retryDelaySeconds: number;
}

export interface JobDefinition<T extends object> {
  readonly name: string;
  readonly retry: RetryPolicy;
  /**
   * pg-boss's queue policy (default `standard`). `stately`: per `singletonKey`, at most one job
   * waiting (created), one waiting for a retry and one running; a send beyond that enqueues nothing.
   */
  readonly policy?: 'standard' | 'stately';
  /** Runs once per job across every instance; throwing fails this try (retried by the policy). */
  readonly handle: (data: T) => Promise<void>;
}

export interface JobQueueOptions {
  databaseUrl: string;
  logger: Logger;
  /** How often an idle worker asks for jobs (pg-boss's minimum is 0.5 s); a busy one asks again at once. */
  pollingIntervalSeconds?: number;
}

/** Jobs a worker takes in one fetch and runs together. */
export const JOB_BATCH_SIZE = 5;
/** Workers per kind of job in each instance that runs jobs: up to `JOB_WORKERS × JOB_BATCH_SIZE` at once. */
export const JOB_WORKERS = 2;

/**
 * A queue of jobs in PostgreSQL (pg-boss): a job is a row claimed with `FOR UPDATE SKIP LOCKED`,
 * so with any number of instances each job runs once; it outlives the process that sent it; a
 * failed try is retried with exponential backoff. Every instance can send; those started with
 * `work: true` also run the jobs.
 */
export class JobQueue {
  private readonly boss: PgBoss;
  /**
   * The queue's own connections, lent to pg-boss as its `db`. pg-boss closing a pool of its own
   * at stop strands a worker's fetch still waiting for a connection (pg-pool never answers what
   * waits when it ends): that worker never ends, and pg-boss re-checks it every second forever.
   * Owning the pool, `stop` closes it only once every statement begun on it has been answered.
   */
  private readonly pool: Pool;
  private readonly definitions = new Map<string, JobDefinition<object>>();
  private readonly schedules = new Map<string, string>();
  private started = false;
  private starting: Promise<void> | undefined;
  private stopped: Promise<void> | undefined;
  /** Rejects once `stop` has waited its time for running jobs: what still runs then is given up. */
  private readonly abandoned: Promise<never>;
  private abandon: (reason: Error) => void = () => undefined;
  private working = false;
  private stopping = false;
  /**
   * Whether a pg-boss worker may still have been waiting for a fetch or running jobs when `stop`
   * began (see `stopOnce`): only then does pg-boss's offWork loop re-check it a second later.
   */
  private workerBusyAtStop = false;
  private inFlight = 0;
  /** Batches of jobs whose handlers are running. */
  private running = 0;

  constructor(private readonly options: JobQueueOptions) {
    this.abandoned = new Promise<never>((_, reject) => {
      this.abandon = reject;
    });
    this.abandoned.catch(() => undefined);
    this.pool = new Pool({
      connectionString: options.databaseUrl,
      max: 3,
      application_name: 'techgigs-jobs',
      connectionTimeoutMillis: CONNECTION_TIMEOUT_MS,
      query_timeout: QUERY_TIMEOUT_MS,
    });
    this.pool.on('error', (err) => options.logger.warn({ err }, 'job queue connection lost'));
    this.boss = new PgBoss({
      db: {
        executeSql: async (text, values) => {
          // Once `stop` began nothing more is claimed: a fetch finds no jobs (pg-boss's worker then ends).
          if (this.stopping && CLAIMS_JOBS.test(text)) return { rows: [] };
          if (this.stopping) this.workerBusyAtStop = true;
          this.inFlight++;
          try {
            return await this.pool.query(text, values);
          } finally {
            this.inFlight--;
          }
        },
      },
      schema: JOB_SCHEMA,
    });
    this.boss.on('error', (err) => options.logger.error({ err }, 'job queue error'));
  }

  /** Declares a kind of job; every definition must be made before `start`. */
  define<T extends object>(definition: JobDefinition<T>): void {
    if (this.starting) throw new Error(`job ${definition.name} defined after the queue started`);
    this.definitions.set(definition.name, definition as unknown as JobDefinition<object>);
  }

  /**
   * Runs a defined job (with `{}` as its data) on a cron schedule, e.g. `* * * * *` every minute
   * (UTC). pg-boss keeps the schedule in the database and sends each due job once whatever the
   * number of instances; it then runs like any other job of its kind. Call before `start`.
   */
  schedule(definition: Pick<JobDefinition<object>, 'name'>, cron: string): void {
    if (this.starting) throw new Error(`job ${definition.name} scheduled after the queue started`);
    this.schedules.set(definition.name, cron);
  }

  /**
   * Connects, creates each job's queue when missing, and (with `work`) starts running jobs. A
   * start that fails stops what it had started before it rejects.
   */
  async start({ work }: { work: boolean }): Promise<void> {
    if (this.starting || this.stopped) throw new Error('a job queue starts once, before it stops');
    this.starting = this.startOnce(work);
    try {
      await this.starting;
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  private async startOnce(work: boolean): Promise<void> {
    await this.boss.start();
    this.started = true;
    for (const definition of this.definitions.values()) {
      await this.boss.createQueue(definition.name, {
        name: definition.name,
        ...(definition.policy ? { policy: definition.policy } : {}),
        retryLimit: definition.retry.retryLimit,
        retryDelay: definition.retry.retryDelaySeconds,
        retryBackoff: true,
      });
    }
    for (const [name, cron] of this.schedules) await this.boss.schedule(name, cron, {}, { tz: 'UTC' });
    if (!work) return;
    this.working = true;
    for (const definition of this.definitions.values()) {
      for (let worker = 0; worker < JOB_WORKERS; worker++) await this.startWorker(definition);
    }
  }

  /**
   * One pg-boss worker of a kind: takes up to `JOB_BATCH_SIZE` jobs, runs them concurrently, fails
   * only the ones that threw (pg-boss then completes the rest) and, having found work, asks again
   * at once instead of waiting out the polling interval (pg-boss 10 waits after every fetch), so a
   * queue drains as fast as its jobs run.
   */
  private async startWorker(definition: JobDefinition<object>): Promise<void> {
    const workerId: string = await this.boss.work<object>(
      definition.name,
      { pollingIntervalSeconds: this.options.pollingIntervalSeconds ?? 2, batchSize: JOB_BATCH_SIZE },
      async (jobs) => {
        // A job still running when `stop` has waited long enough fails this try (retried), so pg-boss's worker ends.
        if (this.stopping) this.workerBusyAtStop = true;
        this.running++;
        const outcomes = await Promise.race([Promise.allSettled(jobs.map((job) => definition.handle(job.data))), this.abandoned]).finally(() => this.running--);
        const failures = jobs.flatMap((job, i) => {
          const outcome = outcomes[i];
          return outcome.status === 'rejected' ? [{ job, err: outcome.reason as unknown }] : [];
        });
        for (const { job, err } of failures) {
          this.options.logger.warn({ err, job: definition.name, id: job.id }, 'job failed; it will be retried if tries remain');
          await this.boss.fail(definition.name, job.id, { message: err instanceof Error ? err.message : String(err) });
        }
        if (jobs.length > 0) this.boss.notifyWorker(workerId);
      },
    );
  }

  /**
   * Enqueues a job. With `manager` the job is written in that transaction: it exists exactly when
   * the change that asked for it commits. `singletonKey` with `singletonSeconds` keeps at most one
   * job per key in each slot of that many seconds (a second send in the slot enqueues nothing).
   */
  async send<T extends object>(
    definition: Pick<JobDefinition<T>, 'name'>,
    data: T,
    options: { manager?: EntityManager; startAfter?: Date; singletonKey?: string; singletonSeconds?: number } = {},
  ): Promise<string | null> {
    return this.boss.send(definition.name, data, {
      ...(options.startAfter ? { startAfter: options.startAfter } : {}),
      ...(options.singletonKey ? { singletonKey: options.singletonKey, singletonSeconds: options.singletonSeconds } : {}),
      ...(options.manager ? { db: inTransaction(options.manager) } : {}),
    });
  }

  /** Statements pg-boss has begun on the queue's connections and not yet seen answered (0 once `stop` resolved). */
  get statementsInFlight(): number {
    return this.inFlight;
  }

  /** Whether this instance runs jobs (`RUN_JOBS`), as opposed to only sending them. */
  get isWorking(): boolean {
    return this.working;
  }

  /**
   * Stops claiming jobs, lets the running ones finish (those still running after DRAIN_TIMEOUT_MS
   * fail this try and are retried), waits until every statement the queue began is answered and
   * pg-boss's workers have ended, then closes the queue's connections. Resolves once nothing of
   * the queue runs any more; calls after the first share its promise.
   */
  stop(): Promise<void> {
    this.stopped ??= this.stopOnce();
    return this.stopped;
  }

  private async stopOnce(): Promise<void> {
    this.stopping = true;
    // A start under way finishes first: pg-boss cannot be stopped half-started.
    await this.starting?.catch(() => undefined);
    const bossStarted = this.started;
    // Taken in the same turn as pg-boss's stop tells each worker to stop: a worker then idle (waiting
    // out its polling interval) ends at once, before offWork's first check. Only one waiting for a
    // statement or running jobs is re-checked a second later; anything begun from here on counts too.
    if (this.inFlight > 0 || this.running > 0) this.workerBusyAtStop = true;
    try {
      if (bossStarted) await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    } finally {
      this.started = false;
      const deadline = Date.now() + DRAIN_TIMEOUT_MS;
      while ((this.inFlight > 0 || this.running > 0) && Date.now() < deadline) await sleep(20);
      if (this.running > 0) {
        this.options.logger.warn({ batches: this.running }, 'job queue stopped with jobs still running: they fail this try and will be retried');
        this.abandon(new Error('the job queue stopped before this job finished; it will be retried'));
        while (this.inFlight > 0 && Date.now() < deadline + CONNECTION_TIMEOUT_MS) await sleep(20);
      }
      // pg-boss's offWork checks its stopping workers once right away, then every second until all
      // have ended. When one was busy at stop, let that re-check run, so nothing of the queue runs
      // after the pool is closed (under Jest such a timer required modules after its suite ended
      // and failed the next one). Workers all idle at stop had ended by the first check: no timer.
      if (bossStarted && this.workerBusyAtStop) await sleep(OFF_WORK_SETTLE_MS);
      await this.pool.end();
    }
  }
}

/** pg-boss's database interface over a TypeORM transaction, so a job commits with the change. */
function inTransaction(manager: EntityManager): PgBoss.Db {
  return {
    async executeSql(text, values) {
      const result: unknown = await manager.query(text, values);
      // TypeORM answers [rows, rowCount] for UPDATE and DELETE, the rows otherwise.
      const rows = Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number' ? result[0] : result;
      return { rows: rows as unknown[] };
    },
  };
}
