import type { ChangeOrderEntity } from './change-order.entity';

/**
 * The running totals of a contract: what its ACCEPTED change orders add up to. The API shows
 * them (from loaded rows) and accepting one more checks them (in SQL, under the contract's lock).
 */
export interface ChangeOrderTotals {
  priceChangeCents: number;
  scheduleChangeDays: number;
}

type Counted = Pick<ChangeOrderEntity, 'status' | 'priceChangeCents' | 'scheduleChangeDays'>;

export function acceptedTotals(changeOrders: readonly Counted[]): ChangeOrderTotals {
  const accepted = changeOrders.filter((order) => order.status === 'ACCEPTED');
  return {
    priceChangeCents: accepted.reduce((sum, order) => sum + (order.priceChangeCents ?? 0), 0),
    scheduleChangeDays: accepted.reduce((sum, order) => sum + (order.scheduleChangeDays ?? 0), 0),
  };
}

/** The same totals of contract `$1` in SQL, as bigint text columns `price` and `days`. */
export const ACCEPTED_TOTALS_SQL = `SELECT coalesce(sum(price_change_cents), 0)::bigint AS price, coalesce(sum(schedule_change_days), 0)::bigint AS days
  FROM change_orders WHERE contract_id = $1 AND status = 'ACCEPTED'`;
