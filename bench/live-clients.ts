import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { type Client, createClient } from 'graphql-ws';
import { Pool } from 'undici';
import WebSocket from 'ws';
import type { ProcessReply, ProcessRequest, ProcessStats } from './live-process';
import { percentile, round } from './measure';

/* The live benchmark's moving parts: the instances it forks, its graphql-ws clients, and its clock of deliveries. */

/** Where bench/live-instance.ts, bench/live-bare.ts and the server they import are compiled to (inside the repo: `node_modules` resolves as for dist/). */
const COMPILED = path.join(__dirname, '..', 'dist', 'live-bench');

/**
 * Compiles the forked processes' entries and what they import to plain JavaScript, without type checks
 * (tsc checks them in CI). Instances run without ts-node: its compiler would otherwise sit in each
 * instance's memory and leave it in steps, drowning the memory the idle sockets take.
 */
export function compileInstance(): void {
  execFileSync(process.execPath, [
    require.resolve('typescript/bin/tsc'),
    ...['--noCheck', '--outDir', COMPILED, '--rootDir', path.join(__dirname, '..'), '--target', 'ES2022', '--module', 'node16', '--moduleResolution', 'node16'],
    ...['--experimentalDecorators', '--emitDecoratorMetadata', '--esModuleInterop', '--skipLibCheck', '--resolveJsonModule', '--types', 'node'],
    path.join(__dirname, 'live-instance.ts'),
    path.join(__dirname, 'live-bare.ts'),
  ]);
}

/** An app instance (bench/live-instance.ts) or a bare `ws` server (bench/live-bare.ts), forked compiled. */
export class Instance {
  private nextId = 0;
  private readonly pending = new Map<number, (stats: ProcessStats) => void>();

  private constructor(
    readonly name: string,
    readonly url: string,
    private readonly child: ChildProcess,
  ) {
    child.on('message', (message: ProcessReply) => {
      if (message.type !== 'stats') return;
      this.pending.get(message.id)?.(message.stats);
      this.pending.delete(message.id);
    });
  }

  static async start(name: string, mode: 'app' | 'bare', env: Record<string, string>): Promise<Instance> {
    const child = fork(path.join(COMPILED, 'bench', mode === 'app' ? 'live-instance.js' : 'live-bare.js'), [], {
      // Memory is read after a full collection, so garbage does not count as sockets.
      execArgv: ['--expose-gc', ...(process.env.LIVE_BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.LIVE_BENCH_CPU_PROF}`, `--cpu-prof-name=${name}.cpuprofile`] : [])],
      env: { ...process.env, ...env },
    });
    const ready = new Promise<string>((resolve, reject) => {
      child.on('message', (message: ProcessReply) => message.type === 'ready' && resolve(message.url));
      child.once('exit', (code) => reject(new Error(`instance ${name} exited with code ${code} before it was ready`)));
    });
    return new Instance(name, await ready, child);
  }

  stats(): Promise<ProcessStats> {
    const id = (this.nextId += 1);
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.send({ type: 'stats', id });
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = once(this.child, 'exit');
    this.send({ type: 'stop' });
    await exited;
  }

  private send(request: ProcessRequest): void {
    this.child.send(request);
  }
}

/** What an instance did between two readings. */
export function usageBetween(before: ProcessStats, after: ProcessStats, seconds: number) {
  return {
    /** Share of one core, in percent. */
    cpuPercent: round(((after.cpuMicros - before.cpuMicros) / 1e6 / seconds) * 100, 1),
    statements: after.statements - before.statements,
  };
}

/** A signed-in graphql-ws client, connected and acknowledged. */
let socketsOpened = 0;

/**
 * A WebSocket from an address of its own (`X-Forwarded-For`, read because the instances run with
 * TRUST_PROXY=loopback), as sockets of real clients are: the per-address limits (sockets waiting
 * for connection_init, anonymous sockets) then bound each simulated client, not the load generator.
 */
class FromOwnAddress extends WebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    const n = socketsOpened++;
    super(url, protocols, { headers: { 'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` } });
  }
}

export function connectSocket(httpUrl: string, token: string): Promise<Client> {
  return new Promise((resolve, reject) => {
    const client: Client = createClient({
      url: `${httpUrl.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: FromOwnAddress,
      connectionParams: { authorization: `Bearer ${token}` },
      lazy: false,
      retryAttempts: 0,
      onNonLazyError: (error) => reject(error),
      on: { connected: () => resolve(client) },
    });
  });
}

/** A plain WebSocket, open. */
export async function connectBare(httpUrl: string): Promise<WebSocket> {
  const socket = new WebSocket(httpUrl.replace(/^http/, 'ws'));
  await once(socket, 'open');
  return socket;
}

/** Runs `work` for 0…count-1, at most `concurrency` at a time; results in order. */
export async function inBatches<T>(count: number, concurrency: number, work: (index: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const index = next++;
        results[index] = await work(index);
      }
    }),
  );
  return results;
}

export const MESSAGE_ADDED = `subscription ($conversationId: ID!) { messageAdded(conversationId: $conversationId) { id body } }`;
const SEND = `mutation ($id: ID!, $body: String!) { sendMessage(conversationId: $id, body: $body) { id } }`;

/**
 * One keep-alive connection pool per instance. undici's `request` rather than `fetch`: the same
 * HTTP/1.1 client without the WHATWG Request/Response objects and streams, a few times cheaper per
 * request, so the load generator (which shares the cores with what it measures) takes less of them.
 */
const pools = new Map<string, Pool>();
function poolOf(httpUrl: string): Pool {
  let pool = pools.get(httpUrl);
  if (!pool) pools.set(httpUrl, (pool = new Pool(httpUrl)));
  return pool;
}

/** Closes the pools of `request`'s instances (their keep-alive sockets would hold the process open). */
export async function closePools(): Promise<void> {
  await Promise.all([...pools.values()].map((pool) => pool.close()));
  pools.clear();
}

/** POSTs a GraphQL operation with `token`; its `data`, or throws with the status and errors. */
async function request<T>(httpUrl: string, token: string, body: object, what: string): Promise<T> {
  const response = await poolOf(httpUrl).request({
    path: '/graphql',
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const result = (await response.body.json()) as { errors?: unknown[]; data?: T };
  if (response.statusCode !== 200 || result.errors || !result.data) throw new Error(`${what} failed (${response.statusCode}): ${JSON.stringify(result.errors)}`);
  return result.data;
}

/** `sendMessage` over HTTP (set-up and warm-up sends, where no socket of the sender is open). */
export async function sendMessage(httpUrl: string, token: string, conversationId: string, body: string): Promise<void> {
  await request(httpUrl, token, { query: SEND, variables: { id: conversationId, body } }, 'sendMessage');
}

const SEND_KEYED = `mutation ($id: ID!, $body: String!, $key: String) { sendMessage(conversationId: $id, body: $body, clientMessageId: $key) { id } }`;

/**
 * `sendMessage` over the sender's own open graphql-ws socket, with a `clientMessageId` of its own,
 * as the web app sends a chat message; resolves once the server has answered with the stored message.
 */
export function sendOverSocket(client: Client, conversationId: string, body: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let failed: Error | undefined;
    client.subscribe(
      { query: SEND_KEYED, variables: { id: conversationId, body, key: randomUUID() } },
      {
        next: (result) => {
          if (result.errors || !result.data) failed = new Error(`sendMessage over the socket failed: ${JSON.stringify(result.errors)}`);
        },
        error: (error) => reject(error instanceof Error ? error : new Error(`sendMessage over the socket failed: ${JSON.stringify(error)}`)),
        complete: () => (failed ? reject(failed) : resolve()),
      },
    );
  });
}

/** `{ me { id } }` with `token` (a signed-in request that changes nothing). */
export async function whoAmI(httpUrl: string, token: string): Promise<void> {
  const data = await request<{ me: { id: string } | null }>(httpUrl, token, { query: '{ me { id } }' }, 'me');
  if (!data.me) throw new Error('me failed: no viewer');
}

/**
 * Send→receipt times. Each message's body is its tag; every subscriber that should see it
 * reports its arrival, and what never arrives is lost.
 */
export class Deliveries {
  private readonly sentAt = new Map<string, number>();
  private readonly latencies: number[] = [];
  private expected = 0;
  private waiter?: () => void;

  /** Marks `tag` sent now, to arrive at `receivers` sockets. */
  sent(tag: string, receivers: number): void {
    this.sentAt.set(tag, performance.now());
    this.expected += receivers;
  }

  /** One socket received the message with this body; bodies not sent through here are ignored. */
  received(tag: string): void {
    const sentAt = this.sentAt.get(tag);
    if (sentAt === undefined) return;
    this.latencies.push(performance.now() - sentAt);
    if (this.latencies.length >= this.expected) this.waiter?.();
  }

  /** Resolves once everything sent has arrived everywhere, or `graceMs` after the call. */
  settle(graceMs: number): Promise<void> {
    if (this.latencies.length >= this.expected) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, graceMs);
      this.waiter = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  summary() {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    return {
      expected: this.expected,
      received: sorted.length,
      lost: this.expected - sorted.length,
      p50Ms: round(percentile(sorted, 50), 1),
      p99Ms: round(percentile(sorted, 99), 1),
      maxMs: round(sorted[sorted.length - 1] ?? NaN, 1),
    };
  }
}

/** Calls `fire(k)` for k = 0…count-1 at `perSecond`, on schedule whether or not earlier calls have finished; times each call. */
export async function atRate(count: number, perSecond: number, fire: (index: number) => Promise<void>) {
  const started = performance.now();
  const inFlight: Array<Promise<void>> = [];
  const durations: number[] = [];
  let failures = 0;
  for (let index = 0; index < count; index += 1) {
    const due = started + (index * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const callStarted = performance.now();
    inFlight.push(
      fire(index).then(
        () => void durations.push(performance.now() - callStarted),
        (error) => {
          failures += 1;
          if (failures <= 3) console.error(`[bench:live] send failed: ${(error as Error).message}`);
        },
      ),
    );
  }
  await Promise.all(inFlight);
  durations.sort((a, b) => a - b);
  return {
    seconds: (performance.now() - started) / 1000,
    failures,
    /** How long the `sendMessage` request took, answer included (part of send→receipt). */
    sendP50Ms: round(percentile(durations, 50), 1),
    sendP99Ms: round(percentile(durations, 99), 1),
  };
}

/** This process's share of one core since `since` (a `process.cpuUsage()` reading), over `seconds`. */
export function ownCpuPercent(since: NodeJS.CpuUsage, seconds: number): number {
  const used = process.cpuUsage(since);
  return round(((used.user + used.system) / 1e6 / seconds) * 100, 1);
}
