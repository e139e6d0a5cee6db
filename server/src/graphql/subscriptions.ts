import { isDatabaseUnavailable } from '../db/unavailable';
import type { PubSub, Topic } from '../pubsub/pubsub';
import type { Context } from './context';

/**
 * Subscribes to `topic` and yields only the events the viewer may still see: `authorize` runs for
 * every event, not just at subscribe time, so a revoked membership or participant stops delivery.
 * Check access once before calling this (and throw), so a stranger gets an error on subscribing.
 * Each event starts with empty loaders: what the previous event loaded may be stale. While the
 * database is away the check cannot run: the event is dropped (never delivered unchecked) and the
 * subscription lives on, so subscribers that load by cursor catch up at the next event.
 *
 * A hand-written iterator rather than an async generator: a generator's `return()` waits until the
 * generator next reaches a `yield`, i.e. until another event arrives, so a client that unsubscribes
 * from a quiet topic would keep its pub/sub subscription. Here `return()` ends it at once.
 */
export function authorizedEvents<P>(
  pubsub: PubSub,
  topic: Topic<P>,
  ctx: Context,
  authorize: (event: P, ctx: Context) => Promise<boolean>,
): AsyncIterableIterator<P> {
  const events = pubsub.subscribe(topic);
  const close = async (): Promise<IteratorResult<P>> => (await events.return?.()) ?? { value: undefined, done: true };
  return {
    async next() {
      for (;;) {
        const result = await events.next();
        if (result.done) return result;
        ctx.resetLoaders();
        let allowed: boolean;
        try {
          allowed = await authorize(result.value, ctx);
        } catch (error) {
          if (isDatabaseUnavailable(error)) continue;
          await close();
          throw error;
        }
        if (allowed) return result;
      }
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
