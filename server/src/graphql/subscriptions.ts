import { systemClock } from '../clock';
import { isDatabaseUnavailable } from '../db/unavailable';
import { DATABASE_UNAVAILABLE_MESSAGE, DomainError, unauthenticated } from '../errors';
import type { PubSub, Topic } from '../pubsub/pubsub';
import type { Clock } from '../clock';
import { accessEndedTopic, type AccessEndedEvent } from '../pubsub/access';
import type { EmployerRole } from '../modules/employers/employer-member.entity';
import type { Context, Viewer } from './context';
import { fanoutSizes, joinFanout, type Fanout, type FanoutMember, type SharedEvent } from './shared-events';

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
 * each with the scope its loads are shared in (`joinFanout`): one load per event per instance,
 * however many subscribers; the subscription's loaders are the event's (`Context.shareLoaders`),
 * so what its execution loads is loaded once per event on this instance whoever the viewers are.
 * Check access before calling this (and throw), so a stranger gets an
 * error on subscribing; who takes part in a conversation or a contract never changes, so no rule
 * is checked per event, and what can change is pushed (DESIGN §6): the user's `accessEndedTopic`
 * ends the subscription on every instance when its session is signed out or a membership it
 * relied on (`required`) ends, and the instance's expiry timer ends it when the session expires.
 * `accept` is the in-memory filter of each event. Each event starts with the event's fresh
 * loaders: what the previous event loaded may be stale.
 *
 * The answer is one `LiveSubscription`: `expandEvents` and the shared execution
 * (`subscribeSharingExecutions`) add their steps to it rather than wrapping it in iterators.
 */
export function authorizedEvents<P>(
  ctx: Context,
  topic: Topic<P>,
  accept: (event: P) => boolean = () => true,
  required: AccessRequired = {},
): AsyncIterableIterator<SharedEvent<P>> {
  const membership = required.membershipOf;
  if (membership) ctx.knownEmployerRoles = new Map([[membership.employerId, membership.role]]);
  const subscription = new LiveSubscription<SharedEvent<P>>((value) => {
    const shared = value as SharedEvent<P>;
    ctx.shareLoaders(shared.scope);
    return accept(shared.event) ? [shared] : [];
  });
  subscription.sharing = ctx;
  subscription.fanout = joinFanout(ctx.app, topic, subscription as FanoutMember<unknown>);
  if (ctx.viewer) accessWatchOf(ctx).add(subscription as LiveSubscription<unknown>, ctx.viewer, required);
  return subscription;
}

/** A step of a live subscription: the values one input becomes (none to drop it), in order. */
type Step = (value: unknown) => unknown[] | Promise<unknown[]>;

const sessionEnded = () => unauthenticated('Your session has ended');
const finished = Object.freeze({ value: undefined, done: true }) as IteratorResult<never>;

/**
 * One live subscription on this instance, as one small object (no async generators, no chain of
 * iterators): registered in its topic's fan-out (`Fanout`) and, with a viewer, in the instance's
 * access watch of the user (`AccessWatch`); each event it is handed runs through its steps
 * (the filter, the module's expansion, the shared execution), one event at a time and in order,
 * into a small queue that the transport (graphql-ws) pulls with `next()`; at most one `next()` is
 * pending. Nothing is handed out while an access check is pending (`checked`). Ending it (access
 * ended, `return()`, the socket closing, an error) removes it from every set in O(1) and drops
 * what it had queued; an end of access rejects the pending or next `next()` with its error, once.
 *
 * A step failing because the database is away drops that event (conversations catch up with the
 * next message); any other failure ends the subscription with that error.
 */
export class LiveSubscription<T> implements AsyncIterableIterator<T>, FanoutMember<unknown> {
  /** How many live subscriptions of this process have not ended (a debug counter, for tests of leaks). */
  static open = 0;
  fanout: Fanout<unknown> | null = null;
  /** The access check nothing is delivered before (set on subscribing and after a pub/sub outage). */
  checked: Promise<void> | null = null;
  /**
   * Called once when it ends, however: the transport stops it (`return()`), or it ends with an
   * error (`end`: a session signed out, a membership ended, the database away at a check), which
   * graphql-ws reports without ever calling `return()`.
   */
  onEnded: (() => void) | null = null;
  /**
   * The context whose loaders each event shares (`Context.shareLoaders`, in the first step): let go
   * once the event has gone through every step, delivered or dropped. An idle subscription would
   * otherwise hold its last event's loaders, and the rows they loaded, until its next event.
   */
  sharing: Pick<Context, 'endSharing'> | null = null;

  /** Whether it has ended (returned, or ended with an error): `onEnded` has run or never will. */
  get ended(): boolean {
    return this.closed || this.failure !== null;
  }
  /**
   * Set by a module that recovers what it missed (`expandEvents`' `onDropped`): called when the
   * event being processed is dropped because the database is away (idempotent: it may be called
   * twice for one event), answering whether that event will be delivered later. When it will, an
   * execution of the event failing for that reason drops the event too, instead of sending the
   * error result.
   */
  onDropped: (() => boolean) | null = null;
  /** Set by the access watch: the viewer and what the subscription relies on. */
  viewer: Viewer | null = null;
  required: AccessRequired | null = null;
  /** Grows in place (`pipe`): a drain already running takes a step added meanwhile. */
  private readonly steps: Step[];
  private inbox: unknown[] | null = null;
  private outbox: T[] | null = null;
  private running = false;
  private resolve: ((result: IteratorResult<T>) => void) | null = null;
  private reject: ((error: unknown) => void) | null = null;
  /** Why it ended (handed out once, then `closed`), if it ended on an error. */
  private failure: (() => unknown) | null = null;
  private closed = false;
  private watch: AccessWatch | null = null;
  /** Whether it still counts in `LiveSubscription.open`. */
  private counted = true;
  /** What the fan-out delivered while paused (`pause`). */
  private paused: unknown[] | null = null;
  /** Grows by concat, not push: a push onto a short array reserves room for 17 (about 150 bytes), concat makes one that holds what it has (memory per idle subscribed socket, bench/LIVE.md). */
  private cleanups: Array<() => void> | null = null;

  constructor(first: Step) {
    this.steps = [first];
    LiveSubscription.open += 1;
  }

  /** Adds a step after the others: what `expand` makes of each value is what the subscription yields. */
  pipe<U>(expand: (value: T) => U[] | Promise<U[]>): LiveSubscription<U> {
    this.steps.push(expand as Step);
    return this as unknown as LiveSubscription<U>;
  }

  /** From the topic's fan-out: queued and run through the steps after the events before it (held while paused). */
  deliver(shared: unknown): void {
    if (this.closed || this.failure) return;
    if (this.paused) {
      this.paused.push(shared);
      return;
    }
    (this.inbox ??= []).push(shared);
    if (!this.running) void this.drain();
  }

  /**
   * Holds what the fan-out delivers until `resume` (a catch-up after a pub/sub outage, so that
   * what was missed goes before what arrives meanwhile).
   */
  pause(): void {
    this.paused ??= [];
  }

  /** Delivers `first` (what was missed), then what arrived while paused, in order. */
  resume(first: unknown[]): void {
    const later = this.paused ?? [];
    this.paused = null;
    for (const each of [...first, ...later]) this.deliver(each);
  }

  /** Runs `cleanup` once when it ends, however it ends. */
  whenEnded(cleanup: () => void): void {
    if (this.closed || this.failure) cleanup();
    else this.cleanups = (this.cleanups ?? []).concat(cleanup);
  }

  /** Ends it with `error` (an end of access, a failed check): the pending or next `next()` rejects with it. */
  end(error: () => unknown): void {
    if (this.closed || this.failure) return;
    this.failure = error;
    this.detach();
    this.flush();
  }

  /** Holds what it hands out until `check` has passed; a check that fails (the database away) ends it with its error. */
  holdUntil(check: Promise<void>): void {
    this.checked = check;
    check.then(
      () => {
        if (this.checked !== check) return;
        this.checked = null;
        this.flush();
      },
      (error: unknown) => this.end(() => error),
    );
  }

  next(): Promise<IteratorResult<T>> {
    if (this.closed) return Promise.resolve(finished);
    if (this.resolve) return Promise.reject(new Error('a live subscription serves one next() at a time'));
    return new Promise<IteratorResult<T>>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
      this.flush();
    });
  }

  return(): Promise<IteratorResult<T>> {
    if (!this.closed) {
      this.closed = true;
      this.detach();
      const resolve = this.resolve;
      this.resolve = this.reject = null;
      resolve?.(finished);
    }
    return Promise.resolve(finished);
  }

  throw(error?: unknown): Promise<IteratorResult<T>> {
    void this.return();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** Hands out what is ready to the pending `next()`: the end first, then the queue once no check is pending. */
  private flush(): void {
    const resolve = this.resolve;
    const reject = this.reject;
    if (!resolve || !reject) return;
    if (this.failure) {
      const error = this.failure;
      this.closed = true;
      this.resolve = this.reject = null;
      reject(endError(error()));
      return;
    }
    if (this.checked || !this.outbox || this.outbox.length === 0) return;
    this.resolve = this.reject = null;
    resolve({ value: this.outbox.shift() as T, done: false });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.inbox && this.inbox.length > 0 && !this.closed && !this.failure) {
        const shared = this.inbox.shift();
        let values: unknown[] = [shared];
        try {
          for (const step of this.steps) {
            const next: unknown[] = [];
            for (const value of values) next.push(...(await step(value)));
            values = next;
            if (values.length === 0) break;
          }
        } catch (error) {
          this.sharing?.endSharing();
          if (isDatabaseUnavailable(error)) {
            this.onDropped?.();
            continue;
          }
          this.end(() => error);
          return;
        }
        this.sharing?.endSharing();
        if (this.closed || this.failure || values.length === 0) continue;
        (this.outbox ??= []).push(...(values as T[]));
        this.flush();
      }
    } finally {
      this.running = false;
      if (this.inbox?.length === 0) this.inbox = null;
    }
  }

  /** Out of the fan-out and the access watch; what was queued is dropped. */
  private detach(): void {
    if (this.counted) {
      this.counted = false;
      LiveSubscription.open -= 1;
    }
    this.fanout?.remove(this);
    this.fanout = null;
    this.watch?.remove(this as LiveSubscription<unknown>);
    this.watch = null;
    this.inbox = this.outbox = this.paused = null;
    const cleanups = this.cleanups;
    this.cleanups = null;
    for (const cleanup of cleanups ?? []) cleanup();
    const onEnded = this.onEnded;
    this.onEnded = null;
    onEnded?.();
  }

  /** Registered by the access watch, which `detach` leaves. */
  watchedBy(watch: AccessWatch): void {
    this.watch = watch;
  }
}

/**
 * Ends each of `subscriptions` whose session or membership is gone, asking the database once for
 * all (one statement for the sessions, one for the memberships, whatever their number).
 */
async function endLapsed(services: Context['services'], subscriptions: Array<LiveSubscription<unknown>>): Promise<void> {
  const watched = subscriptions.filter((each) => each.viewer);
  const active = await services.sessions.activeAmong([...new Set(watched.map((each) => each.viewer!.sessionId))]);
  const members = watched.filter((each) => each.required?.membershipOf);
  const held = await services.employers.membershipsAmong(
    members.map((each) => ({ employerId: each.required!.membershipOf!.employerId, userId: each.viewer!.userId })),
  );
  for (const each of watched) {
    const membership = each.required?.membershipOf;
    if (!active.has(each.viewer!.sessionId)) each.end(sessionEnded);
    else if (membership && !held.has(`${membership.employerId}:${each.viewer!.userId}`)) each.end(membership.ended);
  }
}

/**
 * How often (ms, of the app's clock) every watched subscription's session and membership are
 * checked again whatever the pub/sub said: the backstop for an end published while Redis could
 * not take it (a sign-out answers after ACKNOWLEDGE_TIMEOUT_MS either way; if its instance then
 * stops, the event is never sent). The bound a session kept by the session cache has too
 * (SESSION_CACHE_TTL_MS in modules/accounts/session-cache.ts): a token revoked without its event
 * stops working everywhere, over HTTP and on sockets, within a minute. One statement per kind
 * per instance each time, however many subscriptions.
 */
export const ACCESS_RECHECK_MS = 60_000;

/** Waits before the 2nd and 3rd try of the check after the pub/sub came back (a database blip often comes with the network's). */
const RESUBSCRIBED_CHECK_RETRIES_MS = [250, 1_000];

/**
 * What a subscription that ends with `error` sends: a database that is away, as our own
 * SERVICE_UNAVAILABLE (the client may retry). graphql-ws sends a thrown value that is not
 * `instanceof Error` (one made in another realm, as Node's own socket errors are seen from a Jest
 * sandbox) as a bare Error of its message, which would lose its code and reach the client masked
 * as INTERNAL_SERVER_ERROR.
 */
function endError(error: unknown): unknown {
  return !(error instanceof DomainError) && isDatabaseUnavailable(error) ? new DomainError('SERVICE_UNAVAILABLE', DATABASE_UNAVAILABLE_MESSAGE) : error;
}

/** `work`, tried again after each wait in `waitsMs` while it fails; the last failure if every try fails. */
async function retrying<T>(work: () => Promise<T>, waitsMs: readonly number[]): Promise<T> {
  for (const wait of waitsMs) {
    try {
      return await work();
    } catch {
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
  return work();
}

/** The longest wait setTimeout takes (24.8 days): a later expiry is looked at again then. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * This instance's watch over the access its live subscriptions rely on (one per pub/sub): per
 * user, one listener on the user's `accessEndedTopic` and the set of that user's subscriptions;
 * one timer for the earliest session expiry of them all.
 *
 * - A signed-out session (`SESSION_ENDED`) ends its subscriptions with UNAUTHENTICATED "Your
 *   session has ended", an ended membership (`MEMBERSHIP_ENDED`) those that relied on it with the
 *   error they gave (`AccessRequired`); graphql-ws sends it as the operation's `error`, its last.
 * - No end may slip through: a subscription is registered on the user's topic first and, once the
 *   pub/sub has confirmed it listens, its session and membership are checked once (so an end
 *   published while it was being set up is seen); nothing is delivered before that check. When
 *   the pub/sub comes back after an outage (events may have been lost), every watched
 *   subscription is checked again, in one statement per kind, before it delivers anything more;
 *   a check that still fails after two retries ends them (SERVICE_UNAVAILABLE when the database
 *   is away), never lets them deliver unchecked.
 * - The backstop: every ACCESS_RECHECK_MS every watched subscription is checked again, for an end
 *   that Redis never took.
 * - Expiry is a time of the app's clock (tests move it: a jump looks again).
 */
class AccessWatch {
  /**
   * Per user: the subscriptions, replaced rather than changed when one goes (an event ending some
   * goes through those there were), an array rather than a Set (most users have one or two on an
   * instance, and each idle signed-in socket holds its user's entry: bench/LIVE.md, idle sockets).
   */
  private readonly users = new Map<string, { subscriptions: Array<LiveSubscription<unknown>>; unlisten: () => void }>();
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  private recheckTimer: NodeJS.Timeout | undefined;
  /** When the next backstop check is due, by the app's clock (Infinity: none armed). */
  private recheckAt = Infinity;
  private readonly clock: Clock;

  constructor(
    private readonly pubsub: PubSub,
    private readonly services: Context['services'],
    private readonly logger: Context['app']['logger'],
    clock: Clock | undefined,
  ) {
    this.clock = clock ?? systemClock;
    pubsub.onResubscribed((listening) => {
      const all = this.watched();
      if (all.length === 0) return;
      // Never delivered unchecked: a check that still fails after its retries ends them (a
      // database that is away reaches the client as SERVICE_UNAVAILABLE, which it may retry).
      const checked = listening.then(() => retrying(() => endLapsed(this.services, all), RESUBSCRIBED_CHECK_RETRIES_MS));
      checked.catch((err) => logger.warn({ err }, 'live subscriptions ended: not re-checked after the pub/sub came back'));
      for (const each of all) each.holdUntil(checked);
    });
    this.clock.onJump?.(() => {
      this.expire();
      if (this.clock.now().getTime() >= this.recheckAt) this.recheck();
    });
  }

  /** Every subscription watched. */
  private watched(): Array<LiveSubscription<unknown>> {
    return [...this.users.values()].flatMap((user) => [...user.subscriptions]);
  }

  /**
   * The backstop for an end that never reached the pub/sub (see ACCESS_RECHECK_MS): checks every
   * watched subscription again, without holding its deliveries, then waits for the next time. A
   * failed check is logged and tried again then.
   */
  private recheck(): void {
    clearTimeout(this.recheckTimer);
    this.recheckTimer = undefined;
    this.recheckAt = Infinity;
    const all = this.watched();
    if (all.length === 0) return;
    endLapsed(this.services, all).catch((err: unknown) => this.logger.warn({ err }, 'live subscriptions not re-checked; trying again later'));
    this.armRecheck();
  }

  private armRecheck(): void {
    if (this.recheckTimer) return;
    this.recheckAt = this.clock.now().getTime() + ACCESS_RECHECK_MS;
    this.recheckTimer = setTimeout(() => this.recheck(), ACCESS_RECHECK_MS).unref();
  }

  add(subscription: LiveSubscription<unknown>, viewer: Viewer, required: AccessRequired): void {
    subscription.viewer = viewer;
    subscription.required = required;
    subscription.watchedBy(this);
    const topic = accessEndedTopic(viewer.userId);
    let user = this.users.get(viewer.userId);
    if (!user) {
      const watched: { subscriptions: Array<LiveSubscription<unknown>>; unlisten: () => void } = { subscriptions: [], unlisten: () => undefined };
      watched.unlisten = this.pubsub.listen(topic, (event) => {
        for (const each of watched.subscriptions) {
          const error = endsWith(event, each);
          if (error) each.end(error);
        }
      });
      user = watched;
      this.users.set(viewer.userId, user);
    }
    user.subscriptions = user.subscriptions.concat(subscription);
    subscription.holdUntil(this.pubsub.listening(topic).then(() => endLapsed(this.services, [subscription])));
    this.armRecheck();
    const at = viewer.sessionExpiresAt.getTime();
    if (at <= this.clock.now().getTime()) subscription.end(sessionEnded);
    else if (at < this.timerAt) this.arm(at);
  }

  /** Users watched and their subscriptions, for tests of leaks. */
  size(): { users: number; subscriptions: number } {
    let subscriptions = 0;
    for (const user of this.users.values()) subscriptions += user.subscriptions.length;
    return { users: this.users.size, subscriptions };
  }

  remove(subscription: LiveSubscription<unknown>): void {
    const userId = subscription.viewer?.userId;
    const user = userId === undefined ? undefined : this.users.get(userId);
    const index = user ? user.subscriptions.indexOf(subscription) : -1;
    if (!user || index === -1) return;
    user.subscriptions = user.subscriptions.toSpliced(index, 1);
    if (user.subscriptions.length > 0) return;
    this.users.delete(userId!);
    user.unlisten();
    if (this.users.size === 0) {
      clearTimeout(this.recheckTimer);
      this.recheckTimer = undefined;
      this.recheckAt = Infinity;
    }
  }

  /** Ends every subscription whose session has expired by the clock, then waits for the next expiry. */
  private expire(): void {
    const now = this.clock.now().getTime();
    let earliest = Infinity;
    for (const user of this.users.values()) {
      for (const each of user.subscriptions) {
        const at = each.viewer!.sessionExpiresAt.getTime();
        if (at <= now) each.end(sessionEnded);
        else earliest = Math.min(earliest, at);
      }
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
    if (earliest < Infinity) this.arm(earliest);
  }

  private arm(at: number): void {
    clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => this.expire(), Math.min(Math.max(at - this.clock.now().getTime(), 0), MAX_TIMER_MS)).unref();
  }
}

/** The error an access event ends `subscription` with, if it is one it relied on. */
function endsWith(event: AccessEndedEvent, subscription: LiveSubscription<unknown>): (() => Error) | undefined {
  if (event.type === 'SESSION_ENDED') return event.sessionId === subscription.viewer?.sessionId ? sessionEnded : undefined;
  const membership = subscription.required?.membershipOf;
  return event.employerId === membership?.employerId ? membership.ended : undefined;
}

const watches = new WeakMap<PubSub, AccessWatch>();

/**
 * What this process holds for live subscriptions (a debug view, for tests of leaks): the live
 * subscriptions not yet ended, and on the instance of `pubsub` its topics' fan-outs, their
 * members, and the users and subscriptions of its access watch. All zero once nobody subscribes.
 */
export function liveRegistrySizes(pubsub: PubSub): { live: number; fanouts: number; fanoutMembers: number; watchedUsers: number; watchedSubscriptions: number } {
  const fanouts = fanoutSizes(pubsub);
  const watch = watches.get(pubsub)?.size() ?? { users: 0, subscriptions: 0 };
  return { live: LiveSubscription.open, fanouts: fanouts.topics, fanoutMembers: fanouts.members, watchedUsers: watch.users, watchedSubscriptions: watch.subscriptions };
}

/** The instance's access watch: its app's services, logger and clock, not the first subscription's whole context. */
function accessWatchOf(ctx: Context): AccessWatch {
  let watch = watches.get(ctx.app.pubsub);
  if (!watch) {
    watch = new AccessWatch(ctx.app.pubsub, ctx.services, ctx.app.logger, ctx.app.clock);
    watches.set(ctx.app.pubsub, watch);
  }
  return watch;
}

/**
 * Turns each source event into zero or more values, in order. When `expand` fails because the
 * database is away, nothing is delivered for that event and the next one is awaited; any other
 * failure ends the iterator with that error. `onDropped`, for a module that delivers later what
 * it missed (conversations: the next message brings the ones before it), is called whenever an
 * event is dropped so, and answers whether that event will be delivered later (idempotent); on a
 * live subscription the execution's own failure for that reason then drops such an event too
 * (rather than sending its error). Events it will not deliver later keep their error result.
 *
 * A hand-written iterator rather than an async generator: a generator's `return()` waits until the
 * generator next reaches a `yield`, i.e. until another event arrives, so a client that unsubscribes
 * from a quiet topic would keep its pub/sub subscription. Here `return()` ends the source at once.
 */
export function expandEvents<P, T>(
  source: AsyncIterator<P>,
  expand: (event: P) => Promise<T[]>,
  options: { onDropped?: () => boolean } = {},
): AsyncIterableIterator<T> {
  // A live subscription takes the expansion as one more step of its own.
  if (source instanceof LiveSubscription) {
    if (options.onDropped) source.onDropped = options.onDropped;
    return (source as LiveSubscription<P>).pipe(expand);
  }
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
        if (isDatabaseUnavailable(error)) {
          options.onDropped?.();
          continue;
        }
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
