import { Redis } from 'ioredis';
import type { Logger } from '../logger';
import type { PubSub, Topic } from './pubsub';
import { createEventQueue } from './pubsub';

/**
 * Fans events out across every server instance. One connection publishes, one subscribes; each
 * channel is subscribed once per process however many sockets listen to it. ioredis reconnects
 * by itself and re-subscribes to every channel (`autoResubscribe`), so delivery resumes after a
 * Redis restart.
 */
export class RedisPubSub implements PubSub {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();

  constructor(url: string, private readonly logger: Logger) {
    const options = {
      lazyConnect: false,
      maxRetriesPerRequest: null,
      enableOfflineQueue: true,
      autoResubscribe: true,
      retryStrategy: (attempt: number) => Math.min(50 * 2 ** attempt, 2000),
    };
    this.publisher = new Redis(url, { ...options, connectionName: 'techgigs-pub' });
    this.subscriber = new Redis(url, { ...options, connectionName: 'techgigs-sub' });
    for (const [name, connection] of [['publisher', this.publisher], ['subscriber', this.subscriber]] as const) {
      connection.on('error', (err) => this.logger.warn({ err, connection: name }, 'redis connection error'));
      connection.on('ready', () => this.logger.info({ connection: name }, 'redis ready'));
    }
    this.subscriber.on('message', (channel: string, message: string) => {
      const listeners = this.listeners.get(channel);
      if (!listeners) return;
      let payload: unknown;
      try {
        payload = JSON.parse(message);
      } catch (err) {
        this.logger.error({ err, channel }, 'unparseable pub/sub message');
        return;
      }
      for (const listener of listeners) listener(payload);
    });
  }

  /** Resolves once both connections are ready: the app does not report healthy before. */
  async ready(): Promise<void> {
    await Promise.all([this.publisher.ping(), this.subscriber.ping()]);
  }

  /**
   * Resolves once the event is queued, not when Redis has taken it: the write behind the event has
   * already committed, and a Redis outage must neither hold up nor fail it. While ioredis
   * reconnects, events wait in its offline queue, in order; one lost anyway is recovered by the
   * client re-fetching (e.g. `messages(after:)`).
   */
  async publish<P>(topic: Topic<P>, payload: P): Promise<void> {
    this.publisher.publish(topic, JSON.stringify(payload)).catch((err) => this.logger.warn({ err, topic }, 'redis publish failed'));
  }

  subscribe<P>(topic: Topic<P>): AsyncIterableIterator<P> {
    let listeners = this.listeners.get(topic);
    if (!listeners) {
      listeners = new Set();
      this.listeners.set(topic, listeners);
      this.subscriber.subscribe(topic).catch((err) => this.logger.error({ err, topic }, 'redis subscribe failed'));
    }
    const set = listeners;
    const queue = createEventQueue<P>(() => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(topic) === set) {
        this.listeners.delete(topic);
        this.subscriber.unsubscribe(topic).catch((err) => this.logger.warn({ err, topic }, 'redis unsubscribe failed'));
      }
    });
    const listener = (payload: unknown) => queue.push(payload as P);
    set.add(listener);
    return queue.iterator;
  }

  async close(): Promise<void> {
    this.listeners.clear();
    // QUIT waits for Redis to answer; while it is down that would be forever, so just drop the socket.
    await Promise.allSettled(
      [this.publisher, this.subscriber].map((connection) => (connection.status === 'ready' ? connection.quit() : connection.disconnect())),
    );
  }
}
