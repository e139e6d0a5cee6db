import type { PubSub, Topic } from './pubsub';
import { createEventQueue } from './pubsub';

/** One process only: the embedded default, when there is no `REDIS_URL`. */
export class InProcessPubSub implements PubSub {
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();

  async publish<P>(topic: Topic<P>, payload: P): Promise<void> {
    // A JSON round trip keeps this transport honest: the Redis one only ever carries plain JSON.
    const json = JSON.stringify(payload);
    // To the listeners there were when it was published, less any stopped meanwhile (as the Redis pub/sub).
    const listeners = this.listeners.get(topic);
    for (const listener of [...(listeners ?? [])]) if (listeners!.has(listener)) listener(JSON.parse(json));
  }

  /** Delivered synchronously by `publish`: taken once it returns. */
  publishAcknowledged<P>(topic: Topic<P>, payload: P): Promise<void> {
    return this.publish(topic, payload);
  }

  subscribe<P>(topic: Topic<P>): AsyncIterableIterator<P> {
    let unlisten: () => void = () => undefined;
    const queue = createEventQueue<P>(() => unlisten());
    unlisten = this.listen(topic, queue.push);
    return queue.iterator;
  }

  listen<P>(topic: Topic<P>, listener: (payload: P) => void): () => void {
    const set = this.listeners.get(topic) ?? new Set();
    this.listeners.set(topic, set);
    const each = (payload: unknown) => listener(payload as P);
    set.add(each);
    return () => {
      if (!set.delete(each)) return;
      if (set.size === 0 && this.listeners.get(topic) === set) this.listeners.delete(topic);
    };
  }

  /** In one process, always. */
  readonly connected = true;

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
