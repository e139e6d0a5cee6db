import type DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { LoaderFactory } from '../db/loaders';
import type { Infrastructure } from '../infrastructure';
import type { PubSub, Topic } from '../pubsub/pubsub';

/**
 * What every subscriber of one event on this instance shares: a load is run once per event
 * however many sockets watch the topic (DESIGN §6). Loaders give rows by key whoever asks, so
 * sharing them is safe; what a viewer may see is decided by each subscriber, in memory.
 */
export class EventScope {
  // Made on first use: many events load nothing (a Map is about 180 bytes).
  private loads?: Map<string, Promise<unknown>>;
  private loaders?: Map<LoaderFactory<unknown, unknown>, DataLoader<unknown, unknown>>;

  constructor(private readonly ds: DataSource) {}

  /** `load()`'s result, run by the first subscriber that asks for `key` and shared with the others. */
  once<T>(key: string, load: () => Promise<T>): Promise<T> {
    const loads = (this.loads ??= new Map());
    let loaded = loads.get(key) as Promise<T> | undefined;
    if (!loaded) {
      loaded = load();
      loads.set(key, loaded);
    }
    return loaded;
  }

  /** This event's loader for `factory`, shared by its subscribers. */
  loader<K, V>(factory: LoaderFactory<K, V>): DataLoader<K, V> {
    const loaders = (this.loaders ??= new Map());
    let loader = loaders.get(factory as LoaderFactory<unknown, unknown>) as DataLoader<K, V> | undefined;
    if (!loader) {
      loader = factory(this.ds);
      loaders.set(factory as LoaderFactory<unknown, unknown>, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  }
}

export interface SharedEvent<P> {
  event: P;
  scope: EventScope;
}

/** What a topic's fan-out hands each event to: a live subscription (graphql/subscriptions.ts). */
export interface FanoutMember<P> {
  deliver(shared: SharedEvent<P>): void;
}

/**
 * One pub/sub listener of a topic on this instance, handing each event, with one scope for all,
 * to every local subscriber registered in its set (no queue or iterator per subscriber here).
 * Leaving is O(1); the last one to leave stops listening to the topic.
 */
export class Fanout<P> {
  private readonly members = new Set<FanoutMember<P>>();
  private readonly unlisten: () => void;

  constructor(
    pubsub: PubSub,
    topic: Topic<P>,
    private readonly ds: DataSource,
    private readonly onEmpty: () => void,
  ) {
    this.unlisten = pubsub.listen(topic, (event) => {
      const shared: SharedEvent<P> = { event, scope: new EventScope(this.ds) };
      for (const member of this.members) member.deliver(shared);
    });
  }

  add(member: FanoutMember<P>): void {
    this.members.add(member);
  }

  /** How many local subscribers it hands events to. */
  get size(): number {
    return this.members.size;
  }

  remove(member: FanoutMember<P>): void {
    if (!this.members.delete(member) || this.members.size > 0) return;
    this.onEmpty();
    this.unlisten();
  }
}

const fanouts = new WeakMap<PubSub, Map<string, Fanout<unknown>>>();

/** The instance of `pubsub`'s fan-outs and their members (a debug view, for tests of leaks). */
export function fanoutSizes(pubsub: PubSub): { topics: number; members: number } {
  const byTopic = fanouts.get(pubsub);
  let members = 0;
  for (const fanout of byTopic?.values() ?? []) members += fanout.size;
  return { topics: byTopic?.size ?? 0, members };
}

/**
 * Registers `member` with this instance's fan-out of `topic` (created, and the topic listened to,
 * for the first one): it gets each event with the scope it shares with the topic's other
 * subscribers on this instance. `Fanout.remove(member)` leaves it.
 */
export function joinFanout<P>(infra: Pick<Infrastructure, 'pubsub' | 'ds'>, topic: Topic<P>, member: FanoutMember<P>): Fanout<P> {
  let byTopic = fanouts.get(infra.pubsub);
  if (!byTopic) {
    byTopic = new Map();
    fanouts.set(infra.pubsub, byTopic);
  }
  const topics = byTopic;
  let fanout = topics.get(topic) as Fanout<P> | undefined;
  if (!fanout) {
    const created: Fanout<P> = new Fanout<P>(infra.pubsub, topic, infra.ds, () => {
      if (topics.get(topic) === (created as Fanout<unknown>)) topics.delete(topic);
    });
    topics.set(topic, created as Fanout<unknown>);
    fanout = created;
  }
  fanout.add(member);
  return fanout;
}
