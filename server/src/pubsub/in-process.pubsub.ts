import type { PubSub, Topic } from './pubsub';
import { createEventQueue } from './pubsub';

/** One process only: the embedded default, when there is no `REDIS_URL`. */
export class InProcessPubSub implements PubSub {
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();

  async publish<P>(topic: Topic<P>, payload: P): Promise<void> {
    // A JSON round trip keeps this transport honest: the Redis one only ever carries plain JSON.
    const json = JSON.stringify(payload);
    for (const listener of this.listeners.get(topic) ?? []) listener(JSON.parse(json));
  }

  subscribe<P>(topic: Topic<P>): AsyncIterableIterator<P> {
    const set = this.listeners.get(topic) ?? new Set();
    this.listeners.set(topic, set);
    const queue = createEventQueue<P>(() => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(topic);
    });
    const listener = (payload: unknown) => queue.push(payload as P);
    set.add(listener);
    return queue.iterator;
  }

  /** In one process a subscription listens as soon as it exists. */
  listening(): Promise<void> {
    return Promise.resolve();
  }

  /** Nothing between publisher and subscribers can go away. */
  onResubscribed(): () => void {
    return () => undefined;
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
