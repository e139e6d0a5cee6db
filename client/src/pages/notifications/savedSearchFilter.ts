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

/** The terms in words: "Remote only", "Hourly", "$50.00 to $100.00 an hour". */
export function describeTerms(terms: SavedTerms): string[] {
  const per = terms.budgetKind === 'HOURLY' ? ' an hour' : '';
  const parts: string[] = [];
  if (terms.remoteOnly) parts.push('Remote only');
  if (terms.budgetKind) parts.push(terms.budgetKind === 'HOURLY' ? 'Hourly' : 'Fixed price');
  const range = terms.budget;
  if (range) {
    const money = (cents: number) => formatMoney(cents, range.currency);
    if (range.minCents != null && range.maxCents != null) parts.push(`${money(range.minCents)} to ${money(range.maxCents)}${per}`);
    else if (range.minCents != null) parts.push(`${money(range.minCents)} or more${per}`);
    else if (range.maxCents != null) parts.push(`Up to ${money(range.maxCents)}${per}`);
    else parts.push(`Budget in ${range.currency}`);
  }
  return parts;
}
