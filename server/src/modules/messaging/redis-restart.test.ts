import { waitForSubscribers } from '../../../test/live';
import { useAppOverOwnRedis } from '../../../test/redis-server';
import { sendUntilDelivered, watchConversation } from '../../../test/watched-conversation';

/*
 * A Redis of the test's own, on its own port, killed and restarted under a live subscription:
 * the server's ioredis connections reconnect and re-subscribe by themselves and delivery resumes.
 */

const suite = useAppOverOwnRedis();

it('resumes delivery by itself after Redis restarts, and loses no message sent meanwhile', async () => {
  const { t, redis, sockets } = suite;
  const watched = await watchConversation(t, redis.url, sockets);

  await redis.kill();
  // The write does not wait for Redis: the message is stored and the mutation answers at once.
  await watched.send('during the outage');

  await redis.start();
  // Nobody subscribes on the new server but the app's own connection, re-subscribing by itself.
  await waitForSubscribers(watched.channel, 1, redis.url, 15_000);

  await sendUntilDelivered(watched);
  const bodies = watched.bodies();
  expect(bodies.slice(0, 3)).toEqual(['before', 'during the outage', 'after 0']);
  expect(new Set(bodies).size).toBe(bodies.length);
});
