import { isDatabaseUnavailable } from '../db/unavailable';
import { unauthenticated } from '../errors';
import type { PubSub, Topic } from '../pubsub/pubsub';
import { sessionEndedTopic } from '../pubsub/session-ended';
import type { Context, Viewer } from './context';

/**
 * Subscribes to `topic` and yields only the events the viewer may still see: `authorize`, the
 * module's access rule, runs for every event (a participant or member no longer stops delivery).
 * The session is not queried per event: its end is pushed (DESIGN §6). Signing out publishes
 * `sessionEndedTopic`, which ends every subscription of that session on every instance, and the
 * subscription ends by itself when the session expires. Check access once before calling this
 * (and throw), so a stranger gets an error on subscribing. Each event starts with empty loaders:
 * what the previous event loaded may be stale. While the database is away the check cannot run:
 * the event is dropped (never delivered unchecked) and the subscription lives on, so subscribers
 * that load by cursor catch up at the next event.
 */
export function authorizedEvents<P>(
  pubsub: PubSub,
  topic: Topic<P>,
  ctx: Context,
  authorize: (event: P, ctx: Context) => Promise<boolean> = async () => true,
): AsyncIterableIterator<P> {
  const events = expandEvents(pubsub.subscribe(topic), async (event) => {
    ctx.resetLoaders();
    return (await authorize(event, ctx)) ? [event] : [];
  });
  return ctx.viewer ? untilSessionEnds(events, pubsub, ctx.viewer) : events;
}

const SESSION_OVER = Symbol('session over');

/**
 * `events` until the viewer's session is signed out (an event) or expires (a timer); then the
 * subscription ends with UNAUTHENTICATED "Your session has ended", which graphql-ws sends the
 * client as the operation's `error` message (its last).
 */
function untilSessionEnds<T>(events: AsyncIterableIterator<T>, pubsub: PubSub, viewer: Viewer): AsyncIterableIterator<T> {
  const ended = pubsub.subscribe(sessionEndedTopic(viewer.sessionId));
  let expiry: NodeJS.Timeout | undefined;
  const sessionOver = new Promise<typeof SESSION_OVER>((resolve) => {
    const done = () => resolve(SESSION_OVER);
    void ended.next().then(done, done);
    // setTimeout takes at most 2^31-1 ms (24.8 days): a longer session is checked again then.
    const wait = () => {
      const left = viewer.sessionExpiresAt.getTime() - Date.now();
      if (left <= 0) return done();
      expiry = setTimeout(wait, Math.min(left, 2_147_483_647)).unref();
    };
    wait();
  });
  const close = async (): Promise<IteratorResult<T>> => {
    clearTimeout(expiry);
    await Promise.all([ended.return?.(), events.return?.()]);
    return { value: undefined, done: true };
  };
  return closableIterator(async () => {
    let result: IteratorResult<T> | typeof SESSION_OVER;
    try {
      result = await Promise.race([events.next(), sessionOver]);
    } catch (error) {
      await close();
      throw error;
    }
    if (result === SESSION_OVER) {
      await close();
      throw unauthenticated('Your session has ended');
    }
    if (result.done) await close();
    return result;
  }, close);
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
  return closableIterator<T>(async () => {
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
  }, close);
}

/** An async iterator of `next` whose `return()` and `throw()` run `close` at once. */
function closableIterator<T>(next: () => Promise<IteratorResult<T>>, close: () => Promise<IteratorResult<T>>): AsyncIterableIterator<T> {
  return {
    next,
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
