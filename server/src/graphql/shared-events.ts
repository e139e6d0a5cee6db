import type DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { LoaderFactory } from '../db/loaders';
import type { Infrastructure } from '../infrastructure';
import { createEventQueue, type PubSub, type Topic } from '../pubsub/pubsub';

/**
 * What every subscriber of one event on this instance shares: a load is run once per event
 * however many sockets watch the topic (DESIGN §6). Loaders give rows by key whoever asks, so
 * sharing them is safe; what a viewer may see is decided by each subscriber, in memory.
 */
export class EventScope {
  private readonly loads = new Map<string, Promise<unknown>>();
  private readonly loaders = new Map<LoaderFactory<unknown, unknown>, DataLoader<unknown, unknown>>();

  constructor(private readonly ds: DataSource) {}

  /** `load()`'s result, run by the first subscriber that asks for `key` and shared with the others. */
  once<T>(key: string, load: () => Promise<T>): Promise<T> {
    let loaded = this.loads.get(key) as Promise<T> | undefined;
    if (!loaded) {
      loaded = load();
      this.loads.set(key, loaded);
    }
    return loaded;
  }

  /** This event's loader for `factory`, shared by its subscribers. */
  loader<K, V>(factory: LoaderFactory<K, V>): DataLoader<K, V> {
    let loader = this.loaders.get(factory as LoaderFactory<unknown, unknown>) as DataLoader<K, V> | undefined;
    if (!loader) {
      loader = factory(this.ds);
      this.loaders.set(factory as LoaderFactory<unknown, unknown>, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  }
}

export interface SharedEvent<P> {
  event: P;
  scope: EventScope;
}

/** One pub/sub subscription of a topic on this instance, handing each event to every local subscriber. */
class Fanout<P> {
  private readonly source: AsyncIterableIterator<P>;
  private readonly subscribers = new Set<(shared: SharedEvent<P>) => void>();

  constructor(pubsub: PubSub, topic: Topic<P>, private readonly ds: DataSource, private readonly onEmpty: () => void) {
    this.source = pubsub.subscribe(topic);
    void this.pump();
  }

  subscribe(): AsyncIterableIterator<SharedEvent<P>> {
    const queue = createEventQueue<SharedEvent<P>>(() => {
      this.subscribers.delete(queue.push);
      if (this.subscribers.size > 0) return;
      this.onEmpty();
      void this.source.return?.();
    });
    this.subscribers.add(queue.push);
    return queue.iterator;
  }

  private async pump(): Promise<void> {
    for (;;) {
      const result = await this.source.next();
      if (result.done) return;
      const shared = { event: result.value, scope: new EventScope(this.ds) };
      for (const push of this.subscribers) push(shared);
    }
  }
}

const fanouts = new WeakMap<PubSub, Map<string, Fanout<unknown>>>();

/**
 * The events of `topic`, each with the scope it shares with the topic's other subscribers on
 * this instance. Ends (and, with the last local subscriber, leaves the topic) on `return()`.
 */
export function sharedEvents<P>(infra: Pick<Infrastructure, 'pubsub' | 'ds'>, topic: Topic<P>): AsyncIterableIterator<SharedEvent<P>> {
  let byTopic = fanouts.get(infra.pubsub);
  if (!byTopic) {
    byTopic = new Map();
    fanouts.set(infra.pubsub, byTopic);
  }
  const topics = byTopic;
  let fanout = topics.get(topic) as Fanout<P> | undefined;
  if (!fanout) {
    const created = new Fanout<P>(infra.pubsub, topic, infra.ds, () => {
      if (topics.get(topic) === (created as Fanout<unknown>)) topics.delete(topic);
    });
    topics.set(topic, created as Fanout<unknown>);
    fanout = created;
  }
  return fanout.subscribe();
}
