import type { DataSource } from 'typeorm';
import type { Logger } from '../../logger';
import type { PubSub } from '../../pubsub/pubsub';
import { EventScope, type SharedEvent } from '../../graphql/shared-events';
import type { LiveSubscription } from '../../graphql/subscriptions';
import type { ContractEventKind, ContractUpdatedEvent } from './contracts.events';

/** At most this many missed events per contract are caught up after one outage (the oldest first). */
export const MAX_CAUGHT_UP_EVENTS = 100;

interface Watched {
  contractId: string;
  /** The audit trail's `seq` of the last event it took (bigint as a string; "0": none). */
  last: bigint;
}

/**
 * Catch-up of `contractUpdated` after a pub/sub outage, for every such subscription of this
 * instance (events published while an instance was cut off from Redis are lost to it). Each
 * subscription remembers the audit trail's sequence number (`contract_events.seq`) of the last
 * event it took; when the pub/sub listens again (`onResubscribed`), every subscription holds what
 * arrives, one statement reads the events after each one's last (at most MAX_CAUGHT_UP_EVENTS per
 * contract, in order), and each subscription gets those it missed, as the events they were (same
 * kind, change order and review), then what arrived meanwhile; an event it already took is never
 * delivered again (`take`).
 */
export class ContractCatchUp {
  private readonly watched = new Map<LiveSubscription<unknown>, Watched>();

  constructor(
    pubsub: PubSub,
    private readonly ds: DataSource,
    private readonly logger: Logger,
  ) {
    pubsub.onResubscribed((listening) => {
      if (this.watched.size === 0) return;
      const all = [...this.watched];
      for (const [subscription] of all) subscription.pause();
      void listening
        .then(() => this.missed(all.map(([, each]) => each)))
        .catch((err: unknown) => {
          this.logger.warn({ err }, 'contract subscriptions not caught up after the pub/sub came back');
          return new Map<string, Array<SharedEvent<ContractUpdatedEvent>>>();
        })
        .then((byContract) => {
          for (const [subscription, each] of all) subscription.resume(byContract.get(each.contractId) ?? []);
        });
    });
  }

  /** Watches `subscription` of `contractId` from the event `last` (its `seq` when it subscribed). */
  add(subscription: LiveSubscription<unknown>, contractId: string, last: string): void {
    this.watched.set(subscription, { contractId, last: BigInt(last) });
    subscription.whenEnded(() => this.watched.delete(subscription));
  }

  /**
   * Whether `subscription` takes `event`: not when it already took it (a live event caught up
   * too); remembers it as the last taken. An event without a sequence number is taken.
   */
  take(subscription: LiveSubscription<unknown>, event: ContractUpdatedEvent): boolean {
    const each = this.watched.get(subscription);
    if (!each || event.seq === undefined) return true;
    const seq = BigInt(event.seq);
    if (seq <= each.last) return false;
    each.last = seq;
    return true;
  }

  /** The events after each watched one's last, by contract, in order: one statement for all. */
  private async missed(watched: Watched[]): Promise<Map<string, Array<SharedEvent<ContractUpdatedEvent>>>> {
    const after = new Map<string, bigint>();
    for (const each of watched) after.set(each.contractId, (after.get(each.contractId) ?? each.last) < each.last ? after.get(each.contractId)! : each.last);
    const rows = (await this.ds.query(
      `SELECT e.seq::text AS seq, e.contract_id AS "contractId", e.kind, e.data
         FROM unnest($1::uuid[], $2::bigint[]) AS w(contract_id, after)
         CROSS JOIN LATERAL (
           SELECT seq, contract_id, kind, data FROM contract_events
            WHERE contract_id = w.contract_id AND seq > w.after ORDER BY seq LIMIT ${MAX_CAUGHT_UP_EVENTS}
         ) e
        ORDER BY e.seq`,
      [[...after.keys()], [...after.values()].map(String)],
    )) as Array<{ seq: string; contractId: string; kind: ContractEventKind; data: { changeOrderId?: string; reviewId?: string } | null }>;
    const byContract = new Map<string, Array<SharedEvent<ContractUpdatedEvent>>>();
    for (const row of rows) {
      const { changeOrderId, reviewId } = row.data ?? {};
      const event: ContractUpdatedEvent = { contractId: row.contractId, kind: row.kind, seq: row.seq, ...(changeOrderId ? { changeOrderId } : {}), ...(reviewId ? { reviewId } : {}) };
      const list = byContract.get(row.contractId) ?? [];
      list.push({ event, scope: new EventScope(this.ds) });
      byContract.set(row.contractId, list);
    }
    return byContract;
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

/** The `seq` of the contract's latest audit-trail event ("0" for none): where a new subscription's catch-up starts. */
export async function latestContractEvent(ds: DataSource, contractId: string): Promise<string> {
  const [row] = (await ds.query(`SELECT coalesce(max(seq), 0)::text AS seq FROM contract_events WHERE contract_id = $1`, [contractId])) as Array<{ seq: string }>;
  return row.seq;
}
