import net from 'node:net';
import { redisUrl } from './databases';

/**
 * A TCP proxy between one app instance and Redis that holds back what a connection sends from its
 * first chunk naming `held` on (a SUBSCRIBE or PUBLISH of one topic), until `release()`: a message
 * that reaches Redis late, deterministically.
 */
export class HoldingProxy {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private held: string | null = null;
  private waiting: Array<() => void> = [];
  /** Whether a chunk naming what is held was caught. */
  caught = false;

  constructor(port = Number(new URL(redisUrl).port || 6379)) {
    this.server = net.createServer((client) => {
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

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
