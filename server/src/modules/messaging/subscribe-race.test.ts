import { buildConversation, buildEmployer, buildListing, buildUser } from '../../../test/factories';
import { ok, startTestApp, type TestApp } from '../../../test/harness';
import { HoldingProxy } from '../../../test/holding-proxy';
import { closeRedisProbes, connectLive, eventually, LiveSubscription } from '../../../test/live';
import { toGlobalId } from '../../graphql/global-id';
import { conversationTopic } from './messaging.events';

/*
 * A subscription reads where the conversation stands, then listens on its topic. A message sent in
 * between (its event published before this instance's SUBSCRIBE reached Redis) must still arrive:
 * instance A reaches Redis through a proxy that holds back the SUBSCRIBE of one topic.
 */

let a: TestApp;
let b: TestApp;
let proxy: HoldingProxy;
beforeAll(async () => {
  proxy = new HoldingProxy();
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
