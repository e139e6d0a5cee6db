import type { App } from '../app';
import { buildNotification, buildUser, type BuiltUser } from '../../test/factories';
import { ok, startTestApp, type TestApp } from '../../test/harness';
import { closeRedisProbes, connectLive, LiveSubscription, probeUntilLive, waitForSubscribers } from '../../test/live';
import { notificationAddedTopic } from '../modules/notifications/notifications.events';
import { sessionEndedTopic } from '../pubsub/session-ended';

/**
 * A session's end is pushed to its live subscriptions (DESIGN §6) rather than queried per event:
 * signing out on one instance ends the session's subscriptions on another; expiry ends them too.
 * Either way each ends with an error the client can act on, never silently.
 */

let a: TestApp;
let b: TestApp;
beforeAll(async () => {
  a = await startTestApp({ redis: true });
  b = await startTestApp({ redis: true });
});
afterAll(async () => {
  await Promise.all([a.stop(), b.stop()]);
  await closeRedisProbes();
});

const NOTIFICATIONS = 'subscription { notificationAdded { id } }';
const SESSION_ENDED = { message: 'Your session has ended', extensions: { code: 'UNAUTHENTICATED' } };

/** A stored notification, announced as the app announces one after its commit. */
async function notify(app: App, user: BuiltUser): Promise<void> {
  const notification = await buildNotification(app, user.user);
  await app.deps.pubsub.publish(notificationAddedTopic(user.user.id), { notificationId: notification.id, userId: user.user.id });
}

it('ends every subscription of a session signed out on another instance, and no other', async () => {
  const user = await buildUser(a.app);
  const other = ok(await a.gql('mutation ($input: SignInInput!) { signIn(input: $input) { token } }', { input: { email: user.user.email, password: 'correct horse battery staple' } })).signIn.token as string;
  const signedOut = new LiveSubscription(connectLive(b.url, user.token), NOTIFICATIONS);
  const kept = new LiveSubscription(connectLive(b.url, other), NOTIFICATIONS);
  const poke = () => notify(b.app, user);
  await probeUntilLive(signedOut, poke, () => true);
  await probeUntilLive(kept, poke, () => true);
  await waitForSubscribers(sessionEndedTopic((await sessionOf(user.token)) ?? ''), 1);

  ok(await a.gql('mutation { signOut }', {}, user.token));
  expect(await signedOut.firstError(1000)).toEqual(SESSION_ENDED);
  const before = { signedOut: signedOut.results.length, kept: kept.results.length };
  await poke();
  await kept.until(() => kept.results.length > before.kept, 5000, 'the other session’s next notification');
  expect(signedOut.results).toHaveLength(before.signedOut);
  expect(kept.errors).toEqual([]);
  expect(kept.completed).toBe(false);
});

it('ends a subscription when its session expires', async () => {
  const user = await buildUser(a.app);
  await a.app.deps.ds.query(`UPDATE sessions SET expires_at = now() + interval '1500 milliseconds' WHERE user_id = $1`, [user.user.id]);
  const expiring = new LiveSubscription(connectLive(a.url, user.token), NOTIFICATIONS);
  await probeUntilLive(expiring, () => notify(a.app, user), () => true);
  expect(await expiring.firstError()).toEqual(SESSION_ENDED);
});

async function sessionOf(token: string): Promise<string | null> {
  const session = await a.app.deps.services.sessions.findActive(token);
  return session?.id ?? null;
}
