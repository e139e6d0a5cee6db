import net from 'node:net';
import { buildConversation, buildEmployer, buildListing, buildUser } from '../../../test/factories';
import { redisUrl } from '../../../test/databases';
import { ok, startTestApp, type TestApp } from '../../../test/harness';
import { closeRedisProbes, connectLive, eventually, LiveSubscription } from '../../../test/live';
import { toGlobalId } from '../../graphql/global-id';
import { conversationTopic } from './messaging.events';

/*
 * A subscription reads where the conversation stands, then listens on its topic. A message sent in
 * between (its event published before this instance's SUBSCRIBE reached Redis) must still arrive:
 * instance A reaches Redis through a proxy that holds back the SUBSCRIBE of one topic.
 */

/** A TCP proxy to Redis that holds what a client sends from the first chunk naming `held` on, until `release()`. */
class SubscribeHoldingProxy {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private held: string | null = null;
  private waiting: Array<() => void> = [];
  caught = false;

  constructor(port: number) {
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

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `redis://127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
  }

  hold(text: string): void {
    this.held = text;
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

let a: TestApp;
let b: TestApp;
let proxy: SubscribeHoldingProxy;
beforeAll(async () => {
  proxy = new SubscribeHoldingProxy(Number(new URL(redisUrl).port || 6379));
  a = await startTestApp({ redis: await proxy.listen() });
  b = await startTestApp({ redis: true });
});
afterAll(async () => {
  proxy.release();
  await Promise.all([a.stop(), b.stop()]);
  await proxy.close();
  await closeRedisProbes();
});

it('delivers a message sent after a subscription read its start but before its instance listened on the topic', async () => {
  const [poster, freelancer] = await Promise.all([buildUser(a.app), buildUser(a.app)]);
  const listing = await buildListing(a.app, await buildEmployer(a.app, poster.user), poster.user);
  const conversation = await buildConversation(a.app, listing, freelancer.user);
  const id = toGlobalId('Conversation', conversation.id);

  proxy.hold(conversationTopic(conversation.id));
  const socket = connectLive(a.url, poster.token);
  try {
    const sub = new LiveSubscription<{ messageAdded: { body: string } }>(socket, `subscription ($id: ID!) { messageAdded(conversationId: $id) { body } }`, { id });
    // A has read the start and sent its SUBSCRIBE, which Redis has not had yet.
    await eventually(() => proxy.caught, 10_000, "A's SUBSCRIBE held");
    ok(await b.gql(`mutation ($id: ID!, $body: String!) { sendMessage(conversationId: $id, body: $body) { id } }`, { id, body: 'in between' }, freelancer.token));
    proxy.release();
    await sub.until(() => sub.data.length >= 1, 10_000, 'the message sent in between');
    expect(sub.data.map((d) => d.messageAdded.body)).toEqual(['in between']);
  } finally {
    await socket.dispose();
  }
});
