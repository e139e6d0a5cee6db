import type { DataSource } from 'typeorm';
import type { Logger } from '../../logger';
import type { PubSub } from '../../pubsub/pubsub';
import { EventScope, type SharedEvent } from '../../graphql/shared-events';
import type { LiveSubscription } from '../../graphql/subscriptions';
import { contractUpdatedTopic, type ContractEventKind, type ContractUpdatedEvent } from './contracts.events';

/** At most this many audit-trail events of one contract are read for one event or look (the oldest first). */
export const MAX_CAUGHT_UP_EVENTS = 100;

interface Watched {
  contractId: string;
  /** The audit trail's `seq` of the last event it took. */
  last: bigint;
  /** `last` before the event being processed advanced it (null: it did not): where a dropped event goes back to. */
  before: bigint | null;
}

/**
 * Handed to a subscription in place of a published event: the contract's audit-trail events read
 * once, after the instance listened on the topic, for every subscription it is handed to (each
 * takes those after its own `last`).
 */
export class TrailLook {
  constructor(readonly events: ContractUpdatedEvent[]) {}
}

type Row = { seq: string; contractId: string; kind: ContractEventKind; data: { changeOrderId?: string; reviewId?: string } | null };

function eventOf(row: Row): ContractUpdatedEvent {
  const { changeOrderId, reviewId } = row.data ?? {};
  return { contractId: row.contractId, kind: row.kind, seq: row.seq, ...(changeOrderId ? { changeOrderId } : {}), ...(reviewId ? { reviewId } : {}) };
}

/**
 * What each `contractUpdated` subscription of this instance delivers: every audit-trail event of
 * its contract after it started (`contract_events`), once and in `seq` order, whatever reaches the
 * instance and in whatever order.
 *
 * `seq` is one sequence for all contracts, so a gap cannot be told from the numbers; but every
 * write of a contract holds the contract's row lock until it commits (contracts.service.ts,
 * reviews.service.ts), so one contract's events commit in `seq` order and one published is
 * committed with all before it. Hence the rule (`take`): on an event whose `seq` is past the last
 * one the subscription took, it delivers from the database everything after that last up to and
 * including the event (one statement per event on the instance, shared by the subscriptions that
 * took the same last); one at or below it was delivered already. An event overtaken on its way
 * (two instances publishing, Redis reordering), lost (published while this instance was cut off
 * from Redis) or published while the subscription was starting comes with the next one; and so
 * that it need not wait for one, the trail is looked at once (`TrailLook`) when the instance
 * listens on the topic for a new subscription (`watch`: what was stored after its start), and
 * each time the pub/sub comes back after an outage (one statement for every subscription of the
 * instance). Nothing is paused: what a look brings is filtered by each subscription's last as it
 * is processed, in order with the live events, so outages in quick succession cannot reorder
 * or drop anything. An event dropped because the database was away (its load or its execution)
 * sets the subscription back (`dropped`), so the next one loads it again.
 */
export class ContractCatchUp {
  private readonly watched = new Map<LiveSubscription<unknown>, Watched>();

  constructor(
    private readonly pubsub: PubSub,
    private readonly ds: DataSource,
    private readonly logger: Logger,
  ) {
    pubsub.onResubscribed((listening) => {
      if (this.watched.size === 0) return;
      const all = [...this.watched];
      void listening.then(() => this.look(all)).catch((err: unknown) => this.logger.warn({ err }, 'contract subscriptions not caught up after the pub/sub came back'));
    });
  }

  /**
   * Watches `subscription` of `contractId` from the event `last` (the contract's latest `seq` when
   * it subscribed, "0" for none); once the instance listens on the topic, it is handed what was
   * stored after `last` meanwhile (the next event would bring it too).
   */
  watch(subscription: LiveSubscription<unknown>, contractId: string, last: string): void {
    const each: Watched = { contractId, last: BigInt(last), before: null };
    this.watched.set(subscription, each);
    subscription.whenEnded(() => this.watched.delete(subscription));
    void this.pubsub
      .listening(contractUpdatedTopic(contractId))
      .then(() => this.look([[subscription, each]]))
      .catch((err: unknown) => this.logger.warn({ err }, 'a new contract subscription did not look at the events stored as it started'));
  }

  /**
   * The events `subscription` delivers for what it was handed, in order: for a published event,
   * those after its last up to the event (none when it took the event already; an event without
   * `seq` as it is); for a look, those after its last.
   */
  async take(subscription: LiveSubscription<unknown>, { event, scope }: SharedEvent<ContractUpdatedEvent | TrailLook>): Promise<ContractUpdatedEvent[]> {
    const each = this.watched.get(subscription);
    if (each) each.before = null;
    if (event instanceof TrailLook) {
      if (!each) return [];
      const events = event.events.filter((missed) => BigInt(missed.seq!) > each.last);
      if (events.length === 0) return [];
      each.before = each.last;
      each.last = BigInt(events[events.length - 1].seq!);
      return events;
    }
    if (!each || event.seq === undefined) return [event];
    const seq = BigInt(event.seq);
    if (seq <= each.last) return [];
    const after = each.last;
    const events = await scope.once(`trail:${after}`, () => this.between(event.contractId, after, seq));
    each.before = after;
    // A gap longer than one read takes (MAX_CAUGHT_UP_EVENTS): what is left of it, this event
    // included, comes with the next event, as after an outage's look.
    each.last = events.length === MAX_CAUGHT_UP_EVENTS ? BigInt(events[events.length - 1].seq!) : seq;
    return events;
  }

  /** `subscription`'s event being processed was dropped (the database away): whether the next one delivers it. */
  dropped(subscription: LiveSubscription<unknown>): boolean {
    const each = this.watched.get(subscription);
    if (!each || each.before === null) return false;
    each.last = each.before;
    return true;
  }

  /** The contract's events after `after` up to `upTo`, oldest first. */
  private async between(contractId: string, after: bigint, upTo: bigint): Promise<ContractUpdatedEvent[]> {
    const rows = (await this.ds.query(
      `SELECT seq::text AS seq, contract_id AS "contractId", kind, data FROM contract_events
        WHERE contract_id = $1 AND seq > $2 AND seq <= $3 ORDER BY contract_events.seq LIMIT ${MAX_CAUGHT_UP_EVENTS}`,
      [contractId, String(after), String(upTo)],
    )) as Row[];
    return rows.map(eventOf);
  }

  /**
   * Hands each of `watched` a look at its contract's events after its last (one statement for all,
   * one look per contract shared by its subscriptions).
   */
  private async look(watched: Array<[LiveSubscription<unknown>, Watched]>): Promise<void> {
    const after = new Map<string, bigint>();
    for (const [, each] of watched) {
      const known = after.get(each.contractId);
      if (known === undefined || each.last < known) after.set(each.contractId, each.last);
    }
    const rows = (await this.ds.query(
      `SELECT e.seq::text AS seq, e.contract_id AS "contractId", e.kind, e.data
         FROM unnest($1::uuid[], $2::bigint[]) AS w(contract_id, after)
         CROSS JOIN LATERAL (
           SELECT seq, contract_id, kind, data FROM contract_events
            WHERE contract_id = w.contract_id AND seq > w.after ORDER BY contract_events.seq LIMIT ${MAX_CAUGHT_UP_EVENTS}
         ) e
        ORDER BY e.seq`,
      [[...after.keys()], [...after.values()].map(String)],
    )) as Row[];
    const byContract = new Map<string, ContractUpdatedEvent[]>();
    for (const row of rows) byContract.set(row.contractId, [...(byContract.get(row.contractId) ?? []), eventOf(row)]);
    const looks = new Map<string, SharedEvent<TrailLook>>();
    for (const [contractId, events] of byContract) looks.set(contractId, { event: new TrailLook(events), scope: new EventScope(this.ds) });
    for (const [subscription, each] of watched) {
      const look = looks.get(each.contractId);
      if (look) subscription.deliver(look);
    }
  }
}

const catchUps = new WeakMap<PubSub, ContractCatchUp>();

/** This instance's contract catch-up. */
export function contractCatchUpOf(infra: { pubsub: PubSub; ds: DataSource; logger: Logger }): ContractCatchUp {
  let catchUp = catchUps.get(infra.pubsub);
  if (!catchUp) {
    catchUp = new ContractCatchUp(infra.pubsub, infra.ds, infra.logger);
    catchUps.set(infra.pubsub, catchUp);
  }
  return catchUp;
}

/** The `seq` of the contract's latest audit-trail event ("0" for none): where a new subscription starts. */
export async function latestContractEvent(ds: DataSource, contractId: string): Promise<string> {
  const [row] = (await ds.query(`SELECT coalesce(max(seq), 0)::text AS seq FROM contract_events WHERE contract_id = $1`, [contractId])) as Array<{ seq: string }>;
  return row.seq;
}
