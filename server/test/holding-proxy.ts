import net from 'node:net';
import { redisUrl } from './databases';

/**
 * A TCP proxy between one app instance and Redis that holds back what a connection sends from its
 * first chunk naming `held` on (a SUBSCRIBE or PUBLISH of one topic), until `release()`: a message
 * that reaches Redis late, deterministically. `partition()` drops every connection and refuses new
 * ones until `heal()`: an outage.
 */
export class HoldingProxy {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private held: string | null = null;
  private waiting: Array<() => void> = [];
  private cut = false;
  /** Whether a chunk naming what is held was caught. */
  caught = false;

  constructor(port = Number(new URL(redisUrl).port || 6379)) {
    this.server = net.createServer((client) => {
      if (this.cut) return client.destroy();
      const upstream = net.connect(port, '127.0.0.1');
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('error', () => undefined);
        socket.on('close', () => this.sockets.delete(socket));
      }
      upstream.pipe(client);
      let holding = false;
      client.on('data', (chunk: Buffer) => {
        if (!holding && this.held !== null && chunk.includes(this.held)) {
          holding = true;
          this.caught = true;
        }
        if (holding && this.held !== null) this.waiting.push(() => upstream.write(chunk));
        else upstream.write(chunk);
      });
    });
  }

  /** The Redis URL an instance reaches Redis through. */
  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `redis://127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
  }

  hold(text: string): void {
    this.held = text;
    this.caught = false;
  }

  release(): void {
    this.held = null;
    for (const send of this.waiting.splice(0)) send();
  }

  partition(): void {
    this.cut = true;
    for (const socket of this.sockets) socket.destroy();
  }

  heal(): void {
    this.cut = false;
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** What one `ResponseHoldingProxy.hold` caught: the connection whose answers are held, until `release()`. */
export interface HeldResponse {
  caught: boolean;
  release(): void;
}

/**
 * A TCP proxy between one app instance and PostgreSQL: `hold(text)` holds back the answers on the
 * next connection that sends a statement containing `text`, from then until `release()`. The
 * statement runs at once (its snapshot is taken then); the app reads its result only when released.
 * `drop(text)` instead cuts the next connection that sends such a statement before it is sent
 * (the app sees PostgreSQL go away under that statement); `partition()` cuts them all until `heal()`.
 */
export class PostgresProxy {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private armed: { text: string; held: HeldResponse & { onRelease: Array<() => void> } } | null = null;
  private dropping: { text: string; dropped: { caught: boolean } } | null = null;
  private cut = false;

  constructor(host: string, port: number) {
    this.server = net.createServer((client) => {
      if (this.cut) return client.destroy();
      const upstream = net.connect(port, host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('error', () => undefined);
        socket.on('close', () => this.sockets.delete(socket));
      }
      let held: (HeldResponse & { onRelease: Array<() => void> }) | null = null;
      const queued: Buffer[] = [];
      client.on('data', (chunk: Buffer) => {
        const dropping = this.dropping;
        if (dropping && chunk.includes(dropping.text)) {
          this.dropping = null;
          dropping.dropped.caught = true;
          client.destroy();
          upstream.destroy();
          return;
        }
        const armed = this.armed;
        if (!held && armed && chunk.includes(armed.text)) {
          this.armed = null;
          held = armed.held;
          held.caught = true;
          held.onRelease.push(() => {
            held = null;
            for (const each of queued.splice(0)) client.write(each);
          });
        }
        upstream.write(chunk);
      });
      upstream.on('data', (chunk: Buffer) => {
        if (held) queued.push(chunk);
        else client.write(chunk);
      });
      upstream.on('end', () => client.end());
      client.on('end', () => upstream.end());
    });
  }

  /** The database URL `url` reached through this proxy. */
  async listen(url: string): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const proxied = new URL(url);
    proxied.hostname = '127.0.0.1';
    proxied.port = String((this.server.address() as net.AddressInfo).port);
    return proxied.toString();
  }

  hold(text: string): HeldResponse {
    const held = {
      caught: false,
      onRelease: [] as Array<() => void>,
      release() {
        for (const release of held.onRelease.splice(0)) release();
      },
    };
    this.armed = { text, held };
    return held;
  }

  /** Drops every connection and refuses new ones until `heal()`: PostgreSQL away for this instance. */
  partition(): void {
    this.cut = true;
    for (const socket of this.sockets) socket.destroy();
  }

  heal(): void {
    this.cut = false;
  }

  drop(text: string): { caught: boolean } {
    const dropped = { caught: false };
    this.dropping = { text, dropped };
    return dropped;
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
