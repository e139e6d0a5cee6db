import { createClient, type Client, type ExecutionResult } from 'graphql-ws';
import { Redis } from 'ioredis';
import WebSocket from 'ws';
import { redisUrl as defaultRedisUrl } from './databases';

/**
 * Real graphql-ws clients for subscription tests, and ways to wait for a subscription to be live
 * without fixed sleeps.
 */
export interface LiveSocket {
  client: Client;
  /** Resolves with the close code once the socket closes (e.g. 4403 for a bad token). */
  closed: Promise<number>;
  dispose(): Promise<void>;
}

/** A graphql-ws client on the app's `/graphql`; `token` goes in `connectionParams.authorization`. */
export function connectLive(httpUrl: string, token?: string | null, options: { lazy?: boolean; headers?: Record<string, string> } = {}): LiveSocket {
  let resolveClosed!: (code: number) => void;
  const closed = new Promise<number>((resolve) => (resolveClosed = resolve));
  const client = createClient({
    url: `${httpUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: options.headers ? withHeaders(options.headers) : WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    lazy: options.lazy ?? true,
    retryAttempts: 0,
    onNonLazyError: () => undefined,
    on: { closed: (event) => resolveClosed((event as { code: number }).code) },
  });
  return {
    client,
    closed,
    async dispose() {
      await client.dispose();
    },
  };
}

/** A WebSocket class whose upgrade request carries `headers` (e.g. X-Forwarded-For). */
function withHeaders(headers: Record<string, string>): unknown {
  return class extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { headers });
    }
  };
}

type Result<T> = ExecutionResult<T, unknown>;

/** One subscription's results as they arrive, with waits that poll nothing and time out loudly. */
export class LiveSubscription<T = any> {
  readonly results: Array<Result<T>> = [];
  /** Errors the server sent as an `error` message, or a failed socket. */
  readonly errors: unknown[] = [];
  completed = false;
  private readonly waiters = new Set<() => void>();
  private readonly unsubscribe: () => void;

  constructor(socket: LiveSocket, query: string, variables: Record<string, unknown> = {}) {
    this.unsubscribe = socket.client.subscribe<T>(
      { query, variables },
      {
        next: (result) => this.push(() => this.results.push(result as Result<T>)),
        error: (error) => this.push(() => this.errors.push(error)),
        complete: () => this.push(() => (this.completed = true)),
      },
    );
  }

  /** The `data` of every result without errors. */
  get data(): T[] {
    return this.results.filter((result) => !result.errors && result.data).map((result) => result.data as T);
  }

  /** Resolves once `condition` holds (checked on every arrival); rejects after `timeoutMs`. */
  async until(condition: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
    if (await this.within(condition, timeoutMs)) return;
    throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; got ${JSON.stringify({ results: this.results, errors: this.errors })}`);
  }

  /** Whether `condition` holds within `timeoutMs`. */
  within(condition: () => boolean, timeoutMs: number): Promise<boolean> {
    if (condition()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const check = () => {
        if (!condition()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        resolve(false);
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  /** The first error of the subscription, whether sent as a result with errors or as an `error` message. */
  async firstError(timeoutMs = 5000): Promise<{ message: string; extensions?: Record<string, unknown> }> {
    await this.until(() => this.errors.length > 0 || this.results.some((result) => result.errors?.length), timeoutMs, 'an error');
    const fromResult = this.results.find((result) => result.errors?.length)?.errors?.[0];
    return (fromResult ?? (this.errors[0] as unknown[])[0] ?? this.errors[0]) as { message: string; extensions?: Record<string, unknown> };
  }

  stop(): void {
    this.unsubscribe();
  }

  private push(record: () => void): void {
    record();
    for (const waiter of [...this.waiters]) waiter();
  }
}

/**
 * Calls `poke` (something that makes the server publish a harmless event, e.g. `setTyping`)
 * until `sub` has seen an event `isProbe` accepts: the subscription is then certainly live on the
 * server. Needed when another subscriber already holds the Redis channel, so `PUBSUB NUMSUB`
 * cannot tell.
 */
export async function probeUntilLive<T>(sub: LiveSubscription<T>, poke: () => Promise<unknown>, isProbe: (data: T) => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    await poke();
    if (await sub.within(() => sub.data.some(isProbe), 200)) return;
  }
  throw new Error(`subscription never went live within ${timeoutMs} ms: ${JSON.stringify({ results: sub.results, errors: sub.errors })}`);
}

/** Redis connections for asserting on channels; close with `closeRedisProbes()`. */
const probes = new Map<string, Redis>();

function probe(url: string): Redis {
  let redis = probes.get(url);
  if (!redis) {
    redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: null, retryStrategy: () => 50 });
    redis.on('error', () => undefined);
    // A probe never keeps the process alive (one a suite uses after its last afterAll would).
    redis.on('connect', function (this: Redis) {
      this.stream.unref();
    });
    probes.set(url, redis);
  }
  return redis;
}

export async function subscriberCount(channel: string, url = defaultRedisUrl): Promise<number> {
  const reply = (await probe(url).call('PUBSUB', 'NUMSUB', channel)) as [string, number];
  return Number(reply[1]);
}

/** Waits until at least `count` connections subscribe to `channel` (the server side is live). */
export async function waitForSubscribers(channel: string, count = 1, url = defaultRedisUrl, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = await subscriberCount(channel, url).catch(() => -1);
    if (current >= count) return;
    if (Date.now() > deadline) throw new Error(`channel ${channel} has ${current} subscribers, wanted ${count}, after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Polls `check` until it returns true or the deadline passes. */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export async function closeRedisProbes(): Promise<void> {
  await Promise.all([...probes.values()].map((redis) => redis.quit().catch(() => redis.disconnect())));
  probes.clear();
}
