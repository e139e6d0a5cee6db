import { ok, startTestApp, type TestApp } from '../../../test/harness';
import { HoldingProxy } from '../../../test/holding-proxy';
import { closeRedisProbes, connectLive, eventually, LiveSubscription } from '../../../test/live';
import { content, deal, draft, save, SIGN } from '../../../test/contracts';
import { toGlobalId } from '../../graphql/global-id';
import { notificationAddedTopic } from './notifications.events';

/*
 * A `notificationAdded` subscription takes its start mark, then its instance listens on the
 * user's topic. A notification stored and published in between must still arrive, once: instance
 * S reaches Redis through a proxy that holds back the SUBSCRIBE of the user's topic.
 */

let a: TestApp;
let s: TestApp;
let proxy: HoldingProxy;
beforeAll(async () => {
  proxy = new HoldingProxy();
  [a, s] = await Promise.all([startTestApp({ redis: true }), startTestApp({ redis: await proxy.listen() })]);
});
afterAll(async () => {
  proxy.release();
  await Promise.all([a.stop(), s.stop()]);
  await proxy.close();
  await closeRedisProbes();
});

it('delivers a notification stored after a subscription took its mark but before its instance listened on the topic, once', async () => {
  const d = await deal(a);
  const contractId = await draft(d, a);
  const stored = async () =>
    ((await a.app.deps.ds.query(`SELECT id, kind FROM notifications WHERE user_id = $1 ORDER BY created_at, id`, [d.worker.user.id])) as Array<{ id: string; kind: string }>).map((row) => ({
      id: toGlobalId('Notification', row.id),
      kind: row.kind,
    }));
  const before = (await stored()).length;

  proxy.hold(notificationAddedTopic(d.worker.user.id));
  const socket = connectLive(s.url, d.worker.token);
  try {
    const sub = new LiveSubscription<{ notificationAdded: { id: string; kind: string } }>(socket, 'subscription { notificationAdded { id kind } }');
    // S has taken the mark and sent its SUBSCRIBE, which Redis has not had yet.
    await eventually(() => proxy.caught, 10_000, "S's SUBSCRIBE held");
    await save(d, contractId, 0, content('in between'), a);
    proxy.release();
    await sub.until(() => sub.data.length >= 1, 10_000, 'the notification stored in between');
    // Live again: the next one follows, and the first is not delivered twice.
    ok(await a.gql(SIGN, { contractId, version: 1 }, d.poster.token));
    await sub.until(() => sub.data.length >= 2, 10_000, 'the next notification');
    const all = (await stored()).slice(before);
    expect(all.map((row) => row.kind)).toEqual(['CONTRACT_DETAILS_SAVED', 'CONTRACT_SIGNED']);
    expect(sub.data.map((each) => each.notificationAdded)).toEqual(all);
  } finally {
    await socket.dispose();
  }
});
