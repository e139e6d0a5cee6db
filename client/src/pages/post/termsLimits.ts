/**
 * The bounds of a listing's terms, as the API checks them (server TERMS_LIMITS in
 * server/src/modules/listings/listing-terms.ts; listing-terms.client.test.ts checks they agree).
 * Amounts in cents (hundredths of the currency's main unit, for every currency).
 */
export const TERMS_LIMITS = {
  fixedMaxCents: 1_000_000_000,
  hourlyMaxCents: 10_000_000,
  weeks: { min: 1, max: 104 },
  hoursPerWeek: { min: 1, max: 80 },
  utcOffsetMinutes: { min: -720, max: 840, step: 15 },
} as const;

export const budgetMaxCents = (kind: 'FIXED' | 'HOURLY'): number => (kind === 'HOURLY' ? TERMS_LIMITS.hourlyMaxCents : TERMS_LIMITS.fixedMaxCents);

/** How many decimals an amount of the currency may have (JPY 0, USD 2), or 2 for a code Intl does not know. */
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/**
 * A decimal amount of the main unit ("1500", "1,500.50") as cents; 'decimals' when it has more
 * decimals than the currency has (`digits`: JPY none, USD two); null when it is not an amount.
 */
export function amountToCents(text: string, digits: number): number | 'decimals' | null {
  const cleaned = text.replace(/[\s,]/g, '');
  const match = /^(\d{1,15})(?:\.(\d+))?$/.exec(cleaned);
  if (!match) return null;
  const decimals = (match[2] ?? '').replace(/0+$/, '');
  if (decimals.length > Math.min(digits, 2)) return 'decimals';
  return Number(match[1]) * 100 + Number(decimals.padEnd(2, '0'));
}
