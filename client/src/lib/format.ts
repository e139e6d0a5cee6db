/**
 * Money in hundredths of its currency's main unit, e.g. 2500 "usd" → "$25.00". Exact: a currency
 * without decimals shows hundredths when there are some (1 "jpy" → "¥0.01", not "¥0").
 */
export function formatMoney(cents: number, currency = 'usd'): string {
  const format = new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase() });
  if (cents % 100 === 0 || (format.resolvedOptions().maximumFractionDigits ?? 2) >= 2) return format.format(cents / 100);
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase(), minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(cents / 100);
}

/** A signed amount: "+$150.00", "−$20.00", or "$0.00" for no change. */
export function formatMoneyChange(cents: number, currency = 'usd'): string {
  const sign = cents > 0 ? '+' : cents < 0 ? '−' : '';
  return `${sign}${formatMoney(Math.abs(cents), currency)}`;
}

/** A signed number of days: "+5 days", "−1 day", or "0 days". */
export function formatDaysChange(days: number): string {
  const sign = days > 0 ? '+' : days < 0 ? '−' : '';
  const n = Math.abs(days);
  return `${sign}${n} ${n === 1 ? 'day' : 'days'}`;
}

const dateTime = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });
const date = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' });
const time = new Intl.DateTimeFormat('en-US', { timeStyle: 'short' });

export const formatDateTime = (iso: string): string => dateTime.format(new Date(iso));
export const formatDate = (iso: string): string => date.format(new Date(iso));
export const formatTime = (iso: string): string => time.format(new Date(iso));
