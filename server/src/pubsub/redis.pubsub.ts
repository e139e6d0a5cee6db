import { Redis } from 'ioredis';
import type { Logger } from '../logger';
import type { PubSub, Topic } from './pubsub';
import { accessEndedTopic } from './access';
import { ACKNOWLEDGE_TIMEOUT_MS, createEventQueue } from './pubsub';

/** Topics of `accessEndedTopic`: their events are never the ones dropped (nothing newer covers them). */
const ACCESS_TOPIC_PREFIX = accessEndedTopic('');

/** Events kept while Redis is away; past this the oldest are dropped. */
export const MAX_BUFFERED_EVENTS = 10_000;
/** Publishes sent and not yet answered; past this, events wait in the buffer. */
export const MAX_IN_FLIGHT = 1_000;

export interface RedisPubSubOptions {
  maxBufferedEvents?: number;
  maxInFlight?: number;
}

interface Pending {
  topic: string;
  message: string;
  /** `publishAcknowledged`'s: called once Redis has answered, or the event is dropped. */
  taken?: () => void;
}

/**
 * Fans events out across every server instance. One connection publishes, one subscribes; each
 * channel is subscribed once per process however many sockets listen to it. ioredis reconnects
 * by itself; on every (re)connect the subscriber subscribes to exactly the channels that have
 * listeners then, so delivery resumes after a Redis restart.
 *
 * Nothing waits on Redis, and nothing grows without bound while it is away. Neither connection
 * has an ioredis offline queue: commands to a connection that is not ready are never sent (the
 * subscriber re-syncs its channels when it is ready again). Events wait in a FIFO of at most
 * `MAX_BUFFERED_EVENTS`, and at most `MAX_IN_FLIGHT` publishes are sent and unanswered at once
 * (a connection that hangs without closing cannot pile up commands either). When the buffer is
 * full, the OLDEST event is dropped: it is the one most likely superseded (a newer message event
 * of a conversation covers every older one; a typing or read event is stale by then), but never an
 * end of access (`accessEndedTopic`), which nothing newer covers. Drops are
 * logged: each at debug with its topic, the first of an outage and a count by kind when Redis
 * is back at warn.
 *
 * What a dropped event costs: chat subscribers lose nothing in the end. A message event carries
 * its place in the conversation, and a subscriber that sees a place skipped loads every message
 * after the last one it delivered, so the next message event that arrives delivers the missed ones too (and clients
 * re-fetch with `messages(after:)` after reconnecting). A dropped typing indicator or read
 * receipt is not re-sent: the read state shows on the next fetch. A contract's events are caught
 * up from its audit trail when an instance listens again (`ContractCatchUp`), and a user's
 * notifications from the stored ones (`NotificationCatchUp`). Events published while Redis is away but within the
 * buffer are delivered, in order, once it is back (to subscribers that are still connected).
 */
export class RedisPubSub implements PubSub {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  /**
   * Each channel's listeners, in the order they listened: replaced, never changed, when one comes
   * or goes. A message goes to those there were when it arrived, less any that stopped meanwhile
   * (`PubSub.listen`: not after its unlisten is called), as in the in-process pub/sub. An array
   * rather than a Set, and the listener itself rather than a wrapper (one only when the same
   * function listens twice, so each unlisten removes its own registration): most channels are one
   * user's, with one or two listeners, and each idle signed-in socket holds a few (bench/LIVE.md).
   */
  private readonly listeners = new Map<string, Array<(payload: unknown) => void>>();
  /** Each channel's SUBSCRIBE, until Redis acknowledges it. */
  private readonly subscribing = new Map<string, Promise<void>>();
  private readonly resubscribed = new Set<(listening: Promise<void>) => void>();
  private readonly buffer: Pending[] = [];
  private readonly maxBuffered: number;
  private readonly maxInFlight: number;
  private inFlight = 0;
  private droppedTotal = 0;
  /** Dropped since the publisher was last ready, by topic kind (`conversation`, `user`, …). */
  private droppedByKind = new Map<string, number>();
  private closed = false;
  /** A flush is due at the end of this turn of the event loop (`pump`). */
  private flushScheduled = false;

  constructor(url: string, private readonly logger: Logger, options: RedisPubSubOptions = {}) {
    this.maxBuffered = options.maxBufferedEvents ?? MAX_BUFFERED_EVENTS;
    this.maxInFlight = options.maxInFlight ?? MAX_IN_FLIGHT;
    const connectionOptions = {
      lazyConnect: false,
      enableOfflineQueue: false,
      autoResubscribe: false,
      retryStrategy: (attempt: number) => Math.min(50 * 2 ** attempt, 2000),
    };
    this.publisher = new Redis(url, { ...connectionOptions, connectionName: 'techgigs-pub' });
    this.subscriber = new Redis(url, { ...connectionOptions, connectionName: 'techgigs-sub' });
    for (const [name, connection] of [['publisher', this.publisher], ['subscriber', this.subscriber]] as const) {
      connection.on('error', (err) => this.logger.warn({ err, connection: name }, 'redis connection error'));
      connection.on('ready', () => this.logger.info({ connection: name }, 'redis ready'));
    }
    this.publisher.on('ready', () => {
      this.reportDrops();
      this.pump();
    });
    this.subscriber.on('ready', () => {
      const channels = [...this.listeners.keys()];
      if (channels.length === 0) return;
      const listening = this.subscriber
        .subscribe(...channels)
        .then(() => undefined)
        .catch((err) => this.logger.error({ err }, 'redis resubscribe failed'));
      for (const listener of this.resubscribed) listener(listening);
    });
    this.subscriber.on('message', (channel: string, message: string) => {
      const listeners = this.listeners.get(channel);
      if (!listeners) return;
      let payload: unknown;
      try {
        payload = JSON.parse(message);
      } catch (err) {
        // Not the error itself: its message quotes the payload.
        this.logger.error({ err: { name: (err as Error).name }, channel }, 'unparseable pub/sub message');
        return;
      }
      for (const listener of listeners) {
        const current = this.listeners.get(channel);
        // One that stopped while this message was handed out (its unlisten replaced the array) is not called.
        if (current === listeners || current?.includes(listener)) listener(payload);
      }
    });
  }

  /** Resolves once both connections are ready: the app does not report healthy before. */
  async ready(): Promise<void> {
    await Promise.all(
      [this.publisher, this.subscriber].map((connection) =>
        connection.status === 'ready' ? undefined : new Promise<void>((resolve) => connection.once('ready', () => resolve())),
      ),
    );
  }

  /**
   * A connection for other commands (e.g. shared rate-limit counters). It queues nothing while
   * Redis is away: a command then fails at once.
   */
  get commands(): Redis {
    return this.publisher;
  }

  /** Events waiting for Redis, in flight, and dropped since start. */
  get backlog(): { buffered: number; inFlight: number; dropped: number } {
    return { buffered: this.buffer.length, inFlight: this.inFlight, dropped: this.droppedTotal };
  }

  /**
   * Resolves at once, not when Redis has taken the event: the write behind the event has already
   * committed, and a Redis outage must neither hold up nor fail it (see the class comment for
   * what happens to events then).
   */
  async publish<P>(topic: Topic<P>, payload: P): Promise<void> {
    this.enqueue({ topic, message: JSON.stringify(payload) });
  }

  /**
   * In order with every other event (the same buffer): resolves once Redis has answered its
   * PUBLISH (its reply comes after the message is written to every subscribed connection), or it
   * was dropped, or ACKNOWLEDGE_TIMEOUT_MS have passed while Redis is away.
   */
  publishAcknowledged<P>(topic: Topic<P>, payload: P): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ACKNOWLEDGE_TIMEOUT_MS);
      timer.unref();
      const taken = () => {
        clearTimeout(timer);
        resolve();
      };
      if (!this.enqueue({ topic, message: JSON.stringify(payload), taken })) taken();
    });
  }

  /** Buffers `pending` and pumps; false when closed (nothing sent). */
  private enqueue(pending: Pending): boolean {
    if (this.closed) return false;
    if (this.buffer.length >= this.maxBuffered) {
      // The oldest event that another can stand in for: never the end of someone's access.
      const index = this.buffer.findIndex((each) => !each.topic.startsWith(ACCESS_TOPIC_PREFIX));
      const [oldest] = this.buffer.splice(index === -1 ? 0 : index, 1);
      this.dropped(oldest.topic, 'pub/sub buffer full while redis is unavailable: dropping the oldest events; subscribers catch up by cursor');
      oldest.taken?.();
    }
    this.buffer.push(pending);
    this.pump();
    return true;
  }

  subscribe<P>(topic: Topic<P>): AsyncIterableIterator<P> {
    let unlisten: () => void = () => undefined;
    const queue = createEventQueue<P>(() => unlisten());
    unlisten = this.listen(topic, queue.push);
    return queue.iterator;
  }

  listen<P>(topic: Topic<P>, listener: (payload: P) => void): () => void {
    const listeners = this.listeners.get(topic);
    const each = listeners?.includes(listener as (payload: unknown) => void) ? (payload: unknown) => listener(payload as P) : (listener as (payload: unknown) => void);
    this.listeners.set(topic, listeners ? listeners.concat(each) : [each]);
    if (!listeners) {
      if (this.subscriber.status === 'ready') {
        const acknowledged = this.subscriber
          .subscribe(topic)
          .then(() => undefined)
          .catch((err) => this.logger.error({ err, topic }, 'redis subscribe failed'))
          // Only its own entry: an unlisten and a listen again meanwhile put a newer SUBSCRIBE there.
          .finally(() => {
            if (this.subscribing.get(topic) === acknowledged) this.subscribing.delete(topic);
          });
        this.subscribing.set(topic, acknowledged);
      }
    }
    let listening = true;
    return () => {
      if (!listening) return;
      listening = false;
      const current = this.listeners.get(topic);
      // Gone already when the pub/sub was closed, or the channel was left and listened to again.
      const index = current ? current.indexOf(each) : -1;
      if (!current || index === -1) return;
      if (current.length > 1) return void this.listeners.set(topic, current.toSpliced(index, 1));
      this.listeners.delete(topic);
      if (this.subscriber.status === 'ready') this.subscriber.unsubscribe(topic).catch((err) => this.logger.warn({ err, topic }, 'redis unsubscribe failed'));
    };
  }

  /** The subscriber connection is ready (between an outage and its end, events published are lost). */
  get connected(): boolean {
    return !this.closed && this.subscriber.status === 'ready';
  }

  listening(topic: Topic<unknown>): Promise<void> {
    return this.subscribing.get(topic) ?? Promise.resolve();
  }

  onResubscribed(listener: (listening: Promise<void>) => void): () => void {
    this.resubscribed.add(listener);
    return () => this.resubscribed.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    // Hand Redis what is still buffered; QUIT then waits for the answers. While Redis is down
    // QUIT would wait forever, so the sockets are just dropped, and with them the buffer.
    if (this.publisher.status === 'ready') this.flush(Infinity);
    if (this.buffer.length > 0) this.logger.warn({ dropped: this.buffer.length }, 'pub/sub events dropped at shutdown: redis unavailable');
    for (const pending of this.buffer.splice(0)) pending.taken?.();
    await Promise.allSettled(
      [this.publisher, this.subscriber].map((connection) => (connection.status === 'ready' ? connection.quit() : connection.disconnect())),
    );
  }

  /**
   * Sends buffered events, oldest first, while the publisher is ready and under the in-flight cap:
   * once the current turn of the event loop is over (`setImmediate`), all that this turn published
   * in one pipeline, so one write to Redis carries them (a sent message's event and its recipient's
   * notification, the events of concurrent requests). A write to a local Redis wakes it, and on a
   * busy machine the instance then waits for a core: fewer writes, fewer waits. (At shutdown,
   * `close` flushes at once, before QUIT.)
   */
  private pump(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush(this.maxInFlight);
    });
  }

  private flush(maxInFlight: number): void {
    if (this.buffer.length === 0 || this.inFlight >= maxInFlight || this.publisher.status !== 'ready') return;
    const batch = this.buffer.splice(0, Math.min(this.buffer.length, maxInFlight - this.inFlight));
    this.inFlight += batch.length;
    const pipeline = this.publisher.pipeline();
    for (const { topic, message } of batch) pipeline.publish(topic, message);
    const settle = (results: Array<[Error | null, unknown]> | null, failure?: unknown) => {
      batch.forEach(({ topic, taken }, i) => {
        const error = failure ?? results?.[i]?.[0];
        if (error) this.dropped(topic, 'redis publish failed', error);
        taken?.();
      });
      this.inFlight -= batch.length;
      if (!this.closed) this.pump();
    };
    pipeline.exec().then(
      (results) => settle(results),
      (error: unknown) => settle(null, error),
    );
  }

  private dropped(topic: string, why: string, error?: unknown): void {
    this.droppedTotal++;
    const kind = topic.split(':')[0];
    // The error's name and message only: ioredis hangs the command on it, whose arguments are the
    // event itself (a message's body, say), which does not belong in a log.
    const err = error instanceof Error ? { name: error.name, message: error.message } : undefined;
    if (this.droppedByKind.size === 0) this.logger.warn({ err, topic }, why);
    this.logger.debug({ err, topic }, 'pub/sub event dropped');
    this.droppedByKind.set(kind, (this.droppedByKind.get(kind) ?? 0) + 1);
  }

  private reportDrops(): void {
    if (this.droppedByKind.size === 0) return;
    this.logger.warn({ droppedByKind: Object.fromEntries(this.droppedByKind) }, 'pub/sub events dropped while redis was unavailable');
    this.droppedByKind = new Map();
  }
}
