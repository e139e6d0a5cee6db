import { useState, type FormEvent } from 'react';
import { TextField } from '../../components/Field';
import { formatMoney } from '../../lib/format';
import { amountToCents, minorDigits, TERMS_LIMITS } from '../post/termsLimits';

/**
 * Bands are offered in the currencies whose typical amounts they were cut for (US dollars, euros,
 * pounds: under 1,000, 1,000 to 5,000 … for a fixed price). In any other currency fixed bands would
 * mislead (¥1,000 is no "under 1,000" gig), so the budget is a range typed in its own units.
 */
export const BANDED_CURRENCIES = ['USD', 'EUR', 'GBP'];

const amountText = (cents: number | null | undefined) => (cents == null ? '' : String(cents / 100));

/** A budget range in `currency`, typed in its units and applied as cents (`onApply(min, max)`, null: no end). */
export function BudgetRangeFields({
  currency,
  minCents,
  maxCents,
  onApply,
}: {
  currency: string;
  minCents: number | null | undefined;
  maxCents: number | null | undefined;
  onApply: (minCents: number | null, maxCents: number | null) => void;
}) {
  const [min, setMin] = useState(amountText(minCents));
  const [max, setMax] = useState(amountText(maxCents));
  const [errors, setErrors] = useState<{ min?: string; max?: string }>({});
  const digits = minorDigits(currency);
  const cap = TERMS_LIMITS.fixedMaxCents;

  const parse = (text: string): number | null | string => {
    if (!text.trim()) return null;
    const cents = amountToCents(text, digits);
    if (cents === 'decimals') return `${currency} amounts take ${digits === 0 ? 'no decimals' : `at most ${Math.min(digits, 2)} decimals`}.`;
    if (cents === null) return 'Enter an amount, e.g. 1500.';
    return cents > cap ? `Enter at most ${formatMoney(cap, currency)}.` : cents;
  };

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const low = parse(min);
    const high = parse(max);
    const problems: { min?: string; max?: string } = {};
    if (typeof low === 'string') problems.min = low;
    if (typeof high === 'string') problems.max = high;
    else if (typeof low === 'number' && typeof high === 'number' && high < low) problems.max = 'Enter at least the lowest amount.';
    setErrors(problems);
    if (problems.min || problems.max) return;
    onApply(low as number | null, high as number | null);
  };

  return (
    <form className="stack" onSubmit={apply} noValidate aria-label={`Budget range in ${currency}`}>
      <TextField label={`Lowest (${currency})`} name="budget-min" inputMode="decimal" value={min} onChange={(e) => setMin(e.target.value)} error={errors.min} />
      <TextField label={`Highest (${currency})`} name="budget-max" inputMode="decimal" value={max} onChange={(e) => setMax(e.target.value)} error={errors.max} />
      <button type="submit" className="button button--secondary">
        Apply budget
      </button>
    </form>
  );
}
