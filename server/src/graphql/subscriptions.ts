import { isDatabaseUnavailable } from '../db/unavailable';
import { unauthenticated } from '../errors';
import type { PubSub, Topic } from '../pubsub/pubsub';
import { sessionEndedTopic } from '../pubsub/session-ended';
import type { Context, Viewer } from './context';
import { sharedEvents, type SharedEvent } from './shared-events';

/**
 * Subscribes to `topic` through this instance's fan-out and yields the events the viewer takes,
 * each with the scope its loads are shared in (`sharedEvents`): one load per event per instance,
 * however many subscribers. Check access before calling this (and throw), so a stranger gets an
 * error on subscribing; who takes part in a conversation or a contract never changes, so most
 * rules need no check per event, and one that can change is checked through the event's shared
 * scope. `accept` is the in-memory filter of each event. The session is not queried per event
 * either: its end is pushed (DESIGN §6). Signing out publishes
 * `sessionEndedTopic`, which ends every subscription of that session on every instance, and the
 * subscription ends by itself when the session expires. Each event starts with empty loaders:
 * what the previous event loaded may be stale.
 */
export function authorizedEvents<P>(ctx: Context, topic: Topic<P>, accept: (event: P) => boolean = () => true): AsyncIterableIterator<SharedEvent<P>> {
  const events = expandEvents(sharedEvents(ctx.app, topic), async (shared) => {
    ctx.resetLoaders();
    return accept(shared.event) ? [shared] : [];
  });
  return ctx.viewer ? untilSessionEnds(events, ctx.app.pubsub, ctx.viewer) : events;
}

/**
 * `events` until the viewer's session is signed out (an event) or expires (a timer); then the
 * subscription ends with UNAUTHENTICATED "Your session has ended", which graphql-ws sends the
 * client as the operation's `error` message (its last).
 *
 * The session's end wakes the `next()` that is waiting, if any, through `wake`: racing every
 * `next()` against one long-pending promise (`Promise.race`) would leave a reaction on that promise
 * per event, held for as long as the session lasts.
 */
function untilSessionEnds<T>(events: AsyncIterableIterator<T>, pubsub: PubSub, viewer: Viewer): AsyncIterableIterator<T> {
  const ended = pubsub.subscribe(sessionEndedTopic(viewer.sessionId));
  let expiry: NodeJS.Timeout | undefined;
  let over = false;
  let wake: (() => void) | undefined;
  const end = () => {
    over = true;
    wake?.();
  };
  void ended.next().then(end, end);
  // setTimeout takes at most 2^31-1 ms (24.8 days): a longer session is checked again then.
  const wait = () => {
    const left = viewer.sessionExpiresAt.getTime() - Date.now();
    if (left <= 0) return end();
    expiry = setTimeout(wait, Math.min(left, 2_147_483_647)).unref();
  };
  wait();

  const close = async (): Promise<IteratorResult<T>> => {
    clearTimeout(expiry);
    await Promise.all([ended.return?.(), events.return?.()]);
    return { value: undefined, done: true };
  };
  const sessionEnded = async (): Promise<never> => {
    await close();
    throw unauthenticated('Your session has ended');
  };
  return closableIterator(async () => {
    if (over) return sessionEnded();
    let result: IteratorResult<T> | undefined;
    try {
      result = await new Promise<IteratorResult<T> | undefined>((resolve, reject) => {
        wake = () => resolve(undefined);
        events.next().then(resolve, reject);
      });
    } catch (error) {
      await close();
      throw error;
    } finally {
      wake = undefined;
    }
    if (result === undefined || over) return sessionEnded();
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
