import net from 'node:net';

/**
 * A TCP proxy to a local service (PostgreSQL, Redis) that a test can cut: `partition` drops every
 * connection through it and refuses new ones until `heal`, as a network partition would.
 */
export class TcpProxy {
  private readonly open = new Set<net.Socket>();
  private cut = false;
  private readonly server: net.Server;

  constructor(private readonly port: number) {
    this.server = net.createServer((client) => {
      if (this.cut) return client.destroy();
      const upstream = net.connect(this.port, '127.0.0.1');
      for (const socket of [client, upstream]) {
        this.open.add(socket);
        socket.on('error', () => undefined);
        socket.on('close', () => this.open.delete(socket));
      }
      client.pipe(upstream).pipe(client);
    });
  }

  /** Listens on a free port; `url` with its host and port replaced by the proxy's. */
  async listen(url: string): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const proxied = new URL(url);
    proxied.hostname = '127.0.0.1';
    proxied.port = String((this.server.address() as net.AddressInfo).port);
    return proxied.toString();
  }

  partition(): void {
    this.cut = true;
    for (const socket of this.open) socket.destroy();
  }

  heal(): void {
    this.cut = false;
  }

  close(): Promise<void> {
    this.partition();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
