/**
 * The catalogue's address, checked before anything is asked of the API: a link typed by hand, cut
 * short or made up (`/?tech=nonsense`, `/?min=abc&max=-1&cur=XXX`, `/?q=%00%01`) is corrected or
 * its bad parts left out, each with a note saying what, instead of a request the API refuses.
 */

import { TERMS_LIMITS } from '../post/termsLimits';

/** The longest search the API takes (catalog.inputs.ts, SEARCH_MAX_LENGTH); the search box has the same maxLength. */
export const SEARCH_MAX_LENGTH = 200;

/** Currencies offered for budget bands (the filter speaks of one currency: there is no conversion). */
export const BAND_CURRENCIES = ['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'CHF', 'JPY', 'INR'];

/** ISO 4217 codes that are no money one is paid in: metals, fund units, testing and "no currency". */
const NOT_MONEY = new Set(['XAG', 'XAU', 'XBA', 'XBB', 'XBC', 'XBD', 'XDR', 'XPD', 'XPT', 'XSU', 'XTS', 'XUA', 'XXX']);

/** Whether the browser knows `code` as a currency people are paid in (a saved search may use one not offered in the list). */
export function isBandCurrency(code: string): boolean {
  if (BAND_CURRENCIES.includes(code)) return true;
  if (!/^[A-Z]{3}$/.test(code) || NOT_MONEY.has(code)) return false;
  const supported = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('currency');
  return supported ? supported.includes(code) : false;
}

/** The sort values of the address (`sort=`); none means relevance. */
export const SORT_VALUES = ['newest', 'budget-high', 'budget-low'];

// Control characters cannot be typed into a search and only make the API refuse it.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;

/** Whether `id` is a global id of `type` with a whole number inside, as the API issues for the taxonomy. */
function isTaxonomyId(id: string, type: 'Technology' | 'ProjectType'): boolean {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(id)) return false;
  try {
    return new RegExp(`^${type}:\\d{1,9}$`).test(atob(id.replace(/-/g, '+').replace(/_/g, '/')));
  } catch {
    return false;
  }
}

/** Whole cents the API takes in a budget filter: 0 to its cap (catalog.inputs.ts MAX_FILTER_CENTS, the fixed-price cap). */
const cents = (value: string | null) => value !== null && /^\d{1,10}$/.test(value) && Number(value) <= TERMS_LIMITS.fixedMaxCents;

export interface CheckedParams {
  /** The address without its bad parts (the same object when nothing was wrong). */
  params: URLSearchParams;
  /** One sentence for each thing left out or corrected, in the address's order. */
  notes: string[];
}

export function checkCatalogueParams(params: URLSearchParams): CheckedParams {
  const next = new URLSearchParams(params);
  const notes: string[] = [];
  const q = params.get('q');
  if (q !== null) {
    let search = q.replace(CONTROL_CHARACTERS, '');
    if (search !== q) notes.push('The search had characters that cannot be searched for: they were left out.');
    if (search.length > SEARCH_MAX_LENGTH) {
      search = search.slice(0, SEARCH_MAX_LENGTH);
      notes.push(`The search was longer than ${SEARCH_MAX_LENGTH} characters: only its beginning is searched for.`);
    }
    if (search.trim()) next.set('q', search);
    else next.delete('q');
  }
  for (const [key, type, name] of [
    ['tech', 'Technology', 'technology'],
    ['type', 'ProjectType', 'project type'],
  ] as const) {
    const values = params.getAll(key);
    const bad = values.filter((value) => !isTaxonomyId(value, type));
    if (!bad.length) continue;
    next.delete(key);
    for (const value of values.filter((v) => !bad.includes(v))) next.append(key, value);
    notes.push(`The link named a ${name} we do not know (${bad.map((value) => `“${value.slice(0, 40)}”`).join(', ')}): it was left out.`);
  }
  const pay = params.get('pay');
  if (pay !== null && pay !== 'FIXED' && pay !== 'HOURLY') {
    next.delete('pay');
    notes.push('The link asked for a kind of pay that does not exist: gigs of any pay are shown.');
  }
  if (params.has('remote') && params.get('remote') !== '1') next.delete('remote');
  const sort = params.get('sort');
  if (sort !== null && !SORT_VALUES.includes(sort)) {
    next.delete('sort');
    notes.push('The link asked for an order we do not have: the best matches come first.');
  }
  const cur = params.get('cur');
  if (cur !== null && !isBandCurrency(cur)) {
    for (const key of ['cur', 'min', 'max']) next.delete(key);
    notes.push(`The link asked for budgets in a currency we do not filter by (“${cur.slice(0, 10)}”): gigs of any budget are shown.`);
  } else if (cur === null) {
    // Amounts without a currency mean nothing (no conversion): the API is never asked.
    if (params.has('min') || params.has('max')) {
      for (const key of ['min', 'max']) next.delete(key);
      notes.push('The link’s budget range had no currency: it was left out.');
    }
  } else {
    const badAmounts = (['min', 'max'] as const).filter((key) => params.has(key) && !cents(params.get(key)));
    for (const key of badAmounts) next.delete(key);
    if (badAmounts.length) notes.push(`The link’s budget ${badAmounts.length === 2 ? 'range was' : badAmounts[0] === 'min' ? 'minimum was' : 'maximum was'} not an amount: it was left out.`);
    const min = next.get('min');
    const max = next.get('max');
    if (min !== null && max !== null && Number(min) > Number(max)) {
      next.delete('max');
      notes.push('The link’s budget range ended below its start: only its minimum is used.');
    }
  }
  return notes.length ? { params: next, notes } : { params, notes };
}
