import { systemClock } from '../clock';
import { isDatabaseUnavailable } from '../db/unavailable';
import { unauthenticated } from '../errors';
import type { PubSub, Topic } from '../pubsub/pubsub';
import { accessEndedTopic, type AccessEndedEvent } from '../pubsub/access';
import type { EmployerRole } from '../modules/employers/employer-member.entity';
import type { Context, Viewer } from './context';
import { sharedEvents, type SharedEvent } from './shared-events';

/**
 * What lets a subscription go on besides the viewer's session: a membership of the employer, for
 * a viewer who watches what only the employer's members may see, with the `role` found on
 * subscribing. When the membership ends (`MEMBERSHIP_ENDED`) the subscription ends with
 * `ended()`; until then the rules read the role in memory (`Context.knownEmployerRoles`), not per
 * event (roles never change while a membership lasts).
 */
export interface AccessRequired {
  membershipOf?: { employerId: string; role: EmployerRole; ended: () => Error };
}

/**
 * Subscribes to `topic` through this instance's fan-out and yields the events the viewer takes,
 * each with the scope its loads are shared in (`sharedEvents`): one load per event per instance,
 * however many subscribers; the subscription's loaders are the event's (`Context.shareLoaders`),
 * so what its execution loads is loaded once per event on this instance whoever the viewers are.
 * Check access before calling this (and throw), so a stranger gets an
 * error on subscribing; who takes part in a conversation or a contract never changes, so no rule
 * is checked per event, and what can change is pushed (DESIGN §6): the user's `accessEndedTopic`
 * ends the subscription on every instance when its session is signed out or a membership it
 * relied on (`required`) ends, and a timer ends it when the session expires. `accept` is the
 * in-memory filter of each event. Each event starts with the event's fresh loaders: what the
 * previous event loaded may be stale.
 */
export function authorizedEvents<P>(
  ctx: Context,
  topic: Topic<P>,
  accept: (event: P) => boolean = () => true,
  required: AccessRequired = {},
): AsyncIterableIterator<SharedEvent<P>> {
  const membership = required.membershipOf;
  if (membership) ctx.knownEmployerRoles = new Map([[membership.employerId, membership.role]]);
  const events = expandEvents(sharedEvents(ctx.app, topic), async (shared) => {
    ctx.shareLoaders(shared.scope);
    return accept(shared.event) ? [shared] : [];
  });
  return ctx.viewer ? untilAccessEnds(events, ctx, ctx.viewer, required) : events;
}

/** A live subscription whose access is watched: what it relies on, and how to end it. */
interface Watch {
  readonly viewer: Viewer;
  readonly required: AccessRequired;
  /** The latest check of the access: nothing is delivered before it has passed. */
  checked: Promise<void>;
  end(error: () => Error): void;
}

/** This instance's watched subscriptions, per pub/sub, re-checked together when it comes back. */
const watching = new WeakMap<PubSub, Set<Watch>>();

const sessionEnded = () => unauthenticated('Your session has ended');

/**
 * Ends each of `watches` whose session or membership is gone, asking the database once for all
 * (one statement for the sessions, one for the memberships, whatever their number).
 */
async function endLapsed(services: Context['services'], watches: Watch[]): Promise<void> {
  const active = await services.sessions.activeAmong([...new Set(watches.map((watch) => watch.viewer.sessionId))]);
  const members = watches.filter((watch) => watch.required.membershipOf);
  const held = await services.employers.membershipsAmong(
    members.map((watch) => ({ employerId: watch.required.membershipOf!.employerId, userId: watch.viewer.userId })),
  );
  for (const watch of watches) {
    const membership = watch.required.membershipOf;
    if (!active.has(watch.viewer.sessionId)) watch.end(sessionEnded);
    else if (membership && !held.has(`${membership.employerId}:${watch.viewer.userId}`)) watch.end(membership.ended);
  }
}

/**
 * `events` until the viewer's session is signed out or expires (then UNAUTHENTICATED "Your
 * session has ended") or a membership in `required` ends (then its error): graphql-ws sends the
 * client that error as the operation's `error` message, its last, and nothing after it.
 *
 * No end may slip through: the subscription first listens on the user's `accessEndedTopic`, and
 * once the pub/sub has confirmed it listens, checks the session and membership once (so an end
 * published while the subscription was being set up is seen); nothing is delivered before that
 * check. When the pub/sub comes back after an outage (events may have been lost), every watched
 * subscription of the instance is checked again, in one statement per kind.
 *
 * The end wakes the `next()` that is waiting, if any, through `wake`: racing every `next()`
 * against one long-pending promise (`Promise.race`) would leave a reaction on that promise per
 * event, held for as long as the session lasts.
 */
function untilAccessEnds<T>(events: AsyncIterableIterator<T>, ctx: Context, viewer: Viewer, required: AccessRequired): AsyncIterableIterator<T> {
  const pubsub = ctx.app.pubsub;
  const topic = accessEndedTopic(viewer.userId);
  const access = pubsub.subscribe(topic);
  let expiry: NodeJS.Timeout | undefined;
  let endedWith: (() => Error) | undefined;
  let wake: (() => void) | undefined;
  const watch: Watch = {
    viewer,
    required,
    checked: Promise.resolve(),
    end(error) {
      endedWith ??= error;
      wake?.();
    },
  };
  let watches = watching.get(pubsub);
  if (!watches) {
    const all = new Set<Watch>();
    watching.set(pubsub, all);
    // The app's services and logger, not this subscription's context: the listener lives as long as the pub/sub.
    const { services } = ctx;
    const { logger } = ctx.app;
    pubsub.onResubscribed((listening) => {
      if (all.size === 0) return;
      const batch = [...all];
      const checked = listening.then(() => endLapsed(services, batch));
      checked.catch((err) => logger.warn({ err }, 'live subscriptions not re-checked after the pub/sub came back'));
      for (const each of batch) each.checked = checked.catch(() => undefined);
    });
    watches = all;
  }
  const registry = watches;
  registry.add(watch);
  watch.checked = pubsub.listening(topic).then(() => endLapsed(ctx.services, [watch]));
  watch.checked.catch(() => undefined);

  const ends = (event: AccessEndedEvent): (() => Error) | undefined => {
    if (event.type === 'SESSION_ENDED') return event.sessionId === viewer.sessionId ? sessionEnded : undefined;
    return event.employerId === required.membershipOf?.employerId ? required.membershipOf.ended : undefined;
  };
  void (async () => {
    // The access topic ends only when this subscription closes it (or the pub/sub stops).
    for await (const event of access) {
      const error = ends(event);
      if (error) return watch.end(error);
    }
  })().catch(() => watch.end(sessionEnded));
  // The expiry is a time of the app's clock (tests move it: a jump sets the timer again).
  // setTimeout takes at most 2^31-1 ms (24.8 days): a longer session is checked again then.
  const clock = ctx.app.clock ?? systemClock;
  const wait = () => {
    clearTimeout(expiry);
    const left = viewer.sessionExpiresAt.getTime() - clock.now().getTime();
    if (left <= 0) return watch.end(sessionEnded);
    expiry = setTimeout(wait, Math.min(left, 2_147_483_647)).unref();
  };
  const stopWaking = clock.onJump?.(wait);
  wait();

  const close = async (): Promise<IteratorResult<T>> => {
    clearTimeout(expiry);
    stopWaking?.();
    registry.delete(watch);
    await Promise.all([access.return?.(), events.return?.()]);
    return { value: undefined, done: true };
  };
  const endWith = async (error: () => Error): Promise<never> => {
    await close();
    throw error();
  };
  // Waits for the latest access check; a check that could not run (the database away) ends the subscription with its error.
  const passed = async (): Promise<void> => {
    try {
      await watch.checked;
    } catch (error) {
      await close();
      throw error;
    }
  };
  return closableIterator(async () => {
    await passed();
    if (endedWith) return endWith(endedWith);
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
    // An outage may have begun and ended while this event was on its way: its check comes first.
    await passed();
    if (endedWith) return endWith(endedWith);
    if (result === undefined) return close();
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
