import { isDatabaseUnavailable } from '../db/unavailable';
import type { PubSub, Topic } from '../pubsub/pubsub';
import type { Context } from './context';

/**
 * Subscribes to `topic` and yields only the events the viewer may still see, checked for every
 * event, not just at subscribe time: first `authorize`, the module's access rule (a revoked
 * membership or participant stops delivery), then, for a signed-in viewer, that the session is
 * still active (a signed-out or expired session stops receiving at once). Check access once
 * before calling this (and throw), so a stranger gets an error on subscribing. Each event starts
 * with empty loaders: what the previous event loaded may be stale. While the database is away the
 * check cannot run: the event is dropped (never delivered unchecked) and the subscription lives
 * on, so subscribers that load by cursor catch up at the next event.
 */
export function authorizedEvents<P>(
  pubsub: PubSub,
  topic: Topic<P>,
  ctx: Context,
  authorize: (event: P, ctx: Context) => Promise<boolean> = async () => true,
): AsyncIterableIterator<P> {
  const viewer = ctx.viewer;
  return expandEvents(pubsub.subscribe(topic), async (event) => {
    ctx.resetLoaders();
    if (!(await authorize(event, ctx))) return [];
    if (viewer && !(await ctx.services.sessions.isActive(viewer.userId, viewer.sessionId))) return [];
    return [event];
  });
}

/**
 * Turns each source event into zero or more values, in order. When `expand` fails because the
 * database is away, nothing is delivered for that event and the next one is awaited; any other
 * failure ends the iterator with that error.
 *
 * A hand-written iterator rather than an async generator: a generator's `return()` waits until the
 * generator next reaches a `yield`, i.e. until another event arrives, so a client that unsubscribes
 * from a quiet topic would keep its pub/sub subscription. Here `return()` ends the source at once.
 */
export function expandEvents<P, T>(source: AsyncIterator<P>, expand: (event: P) => Promise<T[]>): AsyncIterableIterator<T> {
  const ready: T[] = [];
  const close = async (): Promise<IteratorResult<T>> => {
    ready.length = 0;
    await source.return?.();
    return { value: undefined, done: true };
  };
  return {
    async next() {
      while (ready.length === 0) {
        const result = await source.next();
        if (result.done) return { value: undefined, done: true };
        try {
          ready.push(...(await expand(result.value)));
        } catch (error) {
          if (isDatabaseUnavailable(error)) continue;
          await close();
          throw error;
        }
      }
      return { value: ready.shift() as T, done: false };
    },
    return: close,
    async throw(error?: unknown) {
      await close();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
