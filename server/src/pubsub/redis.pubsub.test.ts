import net from 'node:net';
import { redisUrl } from '../../test/databases';
import { createLogger } from '../logger';
import { defineTopic } from './pubsub';
import { RedisPubSub } from './redis.pubsub';

/**
 * A TCP proxy to Redis whose replies to the client are held until released, reply by reply: what
 * the client sent is answered exactly when the test says.
 */
class HoldingProxy {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private held: Buffer = Buffer.alloc(0);
  private client: net.Socket | null = null;
  holding = false;

  constructor(private readonly port: number) {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.port, '127.0.0.1');
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('error', () => undefined);
      }
      client.pipe(upstream);
      // Only the last connection (the subscriber, connected second) is held.
      this.client = client;
      upstream.on('data', (chunk: Buffer) => {
        if (this.holding && this.client === client) this.held = Buffer.concat([this.held, chunk]);
        else client.write(chunk);
      });
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `redis://127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
  }

  /** How many bytes of replies are held. */
  get heldBytes(): number {
    return this.held.length;
  }

  /** Hands the client the first `bytes` held bytes. */
  release(bytes: number): void {
    this.client?.write(this.held.subarray(0, bytes));
    this.held = this.held.subarray(bytes);
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const logger = createLogger('silent');

it('keeps a topic pending until its latest SUBSCRIBE is answered, when it was unlistened and listened again before the first was', async () => {
  const proxy = new HoldingProxy(Number(new URL(redisUrl).port || 6379));
  const pubsub = new RedisPubSub(await proxy.listen(), logger);
  try {
    await pubsub.ready();
    const topic = defineTopic<{ n: number }>('listen-test')(String(process.pid));
    proxy.holding = true;
    const unlisten = pubsub.listen(topic, () => undefined);
    const first = pubsub.listening(topic);
    unlisten();
    pubsub.listen(topic, () => undefined);
    const second = pubsub.listening(topic);
    expect(second).not.toBe(first);
    // SUBSCRIBE, UNSUBSCRIBE, SUBSCRIBE: three replies held.
    const subscribed = `*3\r\n$9\r\nsubscribe\r\n$${topic.length}\r\n${topic}\r\n:1\r\n`;
    const unsubscribed = `*3\r\n$11\r\nunsubscribe\r\n$${topic.length}\r\n${topic}\r\n:0\r\n`;
    const all = subscribed.length * 2 + unsubscribed.length;
    for (let i = 0; i < 100 && proxy.heldBytes < all; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(proxy.heldBytes).toBe(all);

    // The first SUBSCRIBE answered: the topic is still pending on the second.
    proxy.release(subscribed.length);
    await first;
    expect(pubsub.listening(topic)).toBe(second);
    let secondDone = false;
    void second.then(() => (secondDone = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(secondDone).toBe(false);

    proxy.holding = false;
    proxy.release(unsubscribed.length + subscribed.length);
    await second;
    expect(pubsub.listening(topic)).not.toBe(second);
  } finally {
    proxy.holding = false;
    proxy.release(proxy.heldBytes);
    await pubsub.close();
    await proxy.close();
  }
});

it('hands Redis the events of one turn of the event loop in one write, in order, and each to its subscribers', async () => {
  const pubsub = new RedisPubSub(redisUrl, logger);
  try {
    await pubsub.ready();
    const topics = [0, 1].map((i) => defineTopic<{ n: number }>('batch-test')(`${process.pid}-${i}`));
    const received: string[] = [];
    for (const topic of topics) pubsub.listen(topic, (payload) => received.push(`${topic}#${payload.n}`));
    await Promise.all(topics.map((topic) => pubsub.listening(topic)));

    // Every write on the publisher's socket (the connection `commands` answers), counted.
    const stream = (pubsub.commands as unknown as { stream: { write: (...args: unknown[]) => boolean } }).stream;
    const write = stream.write;
    let writes = 0;
    stream.write = (...args: unknown[]) => {
      writes += 1;
      return write.apply(stream, args);
    };
    try {
      const sent: string[] = [];
      for (let n = 0; n < 6; n++) {
        const topic = topics[n % 2];
        sent.push(`${topic}#${n}`);
        await pubsub.publish(topic, { n });
      }
      // And one acknowledged event in the same turn: it resolves once Redis has answered the batch.
      sent.push(`${topics[0]}#6`);
      await pubsub.publishAcknowledged(topics[0], { n: 6 });
      expect(writes).toBe(1);
      for (let i = 0; i < 100 && received.length < sent.length; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(received).toEqual(sent);
    } finally {
      stream.write = write;
    }
  } finally {
    await pubsub.close();
  }
});
