import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { startTestApp, type TestApp } from './harness';
import { closeRedisProbes, eventually, type LiveSocket } from './live';
import { freePort } from './ports';

/** A redis-server of the test's own on a free port, to kill and start again under a running app. */
export class RedisServer {
  private child: ChildProcess | undefined;

  private constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<RedisServer> {
    const server = new RedisServer(await freePort());
    await server.start();
    return server;
  }

  /** Starts it (again, on the same port) and waits until it answers PING. */
  async start(): Promise<void> {
    this.child = spawn('/usr/bin/redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await eventually(() => answersPing(this.port), 10_000, `redis-server on port ${this.port}`);
  }

  /** SIGKILL: gone at once, as in a crash. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setTimeout(500);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

export interface OwnRedisSuite {
  readonly redis: RedisServer;
  readonly t: TestApp;
  /** Live sockets of the suite, closed before the app stops. */
  readonly sockets: LiveSocket[];
}

/**
 * A suite's app over a redis-server of its own: the server starts first and is killed last, after
 * the sockets, the app and the Redis probes have closed. Read the fields inside tests.
 */
export function useAppOverOwnRedis(): OwnRedisSuite {
  const suite: { redis?: RedisServer; t?: TestApp; sockets: LiveSocket[] } = { sockets: [] };
  beforeAll(async () => {
    suite.redis = await RedisServer.start();
    suite.t = await startTestApp({ redis: suite.redis.url });
  });
  afterAll(async () => {
    await Promise.all(suite.sockets.map((socket) => socket.dispose()));
    await suite.t?.stop();
    await closeRedisProbes();
    await suite.redis?.kill();
  });
  return suite as OwnRedisSuite;
}
