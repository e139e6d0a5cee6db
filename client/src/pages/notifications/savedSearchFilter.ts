import type { BudgetKind } from '../../gql/graphql';
import { formatMoney } from '../../lib/format';

/** A saved search's terms, as the API answers them (SavedSearchFilter) and as the catalogue sends them. */
export interface SavedTerms {
  budget?: { currency: string; minCents?: number | null; maxCents?: number | null } | null;
  budgetKind?: BudgetKind | null;
  remoteOnly?: boolean | null;
}

/**
 * The catalogue's address values of a saved search's terms, as CataloguePage reads them
 * (`remote=1`, `pay`, `cur`, `min`, `max`), so opening a saved search filters as it was saved.
 */
export function appendTermsParams(params: URLSearchParams, terms: SavedTerms): void {
  if (terms.remoteOnly) params.set('remote', '1');
  if (terms.budgetKind) params.set('pay', terms.budgetKind);
  if (terms.budget) {
    params.set('cur', terms.budget.currency);
    if (terms.budget.minCents != null) params.set('min', String(terms.budget.minCents));
    if (terms.budget.maxCents != null) params.set('max', String(terms.budget.maxCents));
  }
}

/**
 * A budget range or band in words, exactly as the filter applies it (both ends included): "$50.00
 * to $99.99 an hour", "Up to $49.99", "$5,000.00 or more". The catalogue's bands and the saved
 * searches' list both say it so, so one range never has two labels.
 */
export function budgetRangeLabel(range: { minCents?: number | null; maxCents?: number | null }, currency: string, kind?: BudgetKind | null): string {
  const per = kind === 'HOURLY' ? ' an hour' : '';
  const money = (cents: number) => formatMoney(cents, currency);
  const min = range.minCents ? range.minCents : null;
  const max = range.maxCents ?? null;
  if (min !== null && max !== null) return `${money(min)} to ${money(max)}${per}`;
  if (max !== null) return `Up to ${money(max)}${per}`;
  if (min !== null) return `${money(min)} or more${per}`;
  return `Budget in ${currency}`;
}

/** The terms in words: "Remote only", "Hourly", "$50.00 to $99.99 an hour". */
export function describeTerms(terms: SavedTerms): string[] {
  const parts: string[] = [];
  if (terms.remoteOnly) parts.push('Remote only');
  if (terms.budgetKind) parts.push(terms.budgetKind === 'HOURLY' ? 'Hourly' : 'Fixed price');
  if (terms.budget) parts.push(budgetRangeLabel(terms.budget, terms.budget.currency, terms.budgetKind));
  return parts;
}
