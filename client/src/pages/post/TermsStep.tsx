import { useState, type FormEvent } from 'react';
import { TextField } from '../../components/Field';
import { useFocusFirstInvalid, type FieldErrors } from '../../lib/errors';
import { fieldAdvice } from '../../lib/errorSentences';
import { formatMoney } from '../../lib/format';
import { StepButtons } from './WizardFrame';
import { amountToCents, budgetMaxCents, minorDigits, TERMS_LIMITS } from './termsLimits';

export interface TermsValue {
  budget: { kind: 'FIXED' | 'HOURLY'; minCents: number; maxCents: number; currency: string } | null;
  duration: { weeks: number; hoursPerWeek: number } | null;
  location: {
    kind: 'REMOTE' | 'HYBRID' | 'ONSITE';
    city?: string | null;
    countryCode?: string | null;
    timeZoneWindow?: { fromUtcOffsetMinutes: number; toUtcOffsetMinutes: number } | null;
  } | null;
}

/** What the API takes: the budget, duration and location, a null window left out. */
export interface TermsInput {
  budget: { kind: 'FIXED' | 'HOURLY'; minCents: number; maxCents: number; currency: string };
  duration: { weeks: number; hoursPerWeek: number };
  location: { kind: 'REMOTE' | 'HYBRID' | 'ONSITE'; city?: string; countryCode?: string; timeZoneWindow?: { fromUtcOffsetMinutes: number; toUtcOffsetMinutes: number } };
}

const amount = (cents: number | undefined) => (cents === undefined ? '' : String(cents / 100));
const offsetHours = (minutes: number | undefined) => (minutes === undefined ? '' : String(minutes / 60));

function wholeNumber(text: string): number | null {
  return /^\d{1,6}$/.test(text.trim()) ? Number(text.trim()) : null;
}

/** Hours from UTC ("-5", "+5.5", "0") as minutes, in steps of 15, within UTC−12 to UTC+14. */
function toOffsetMinutes(text: string): number | null {
  const cleaned = text.trim().replace('−', '-');
  if (!/^[-+]?\d{1,2}(\.\d{1,2})?$/.test(cleaned)) return null;
  const minutes = Math.round(Number(cleaned) * 60);
  return minutes % 15 === 0 && minutes >= -720 && minutes <= 840 ? minutes : null;
}

/**
 * What the gig pays (fixed price or hourly, a range in one currency), how long it takes and where
 * (remote within an optional band of time zones, or hybrid or on site at a city and country).
 * Checked here as the API checks it; the API's own refusals show beside the same fields.
 */
export function TermsStep({
  value,
  errors,
  saving,
  onBack,
  onSave,
}: {
  value: TermsValue;
  errors: FieldErrors;
  saving: boolean;
  onBack: () => void;
  onSave: (terms: TermsInput) => void;
}) {
  const [kind, setKind] = useState(value.budget?.kind ?? 'FIXED');
  const [currency, setCurrency] = useState(value.budget?.currency ?? 'USD');
  const [min, setMin] = useState(amount(value.budget?.minCents));
  const [max, setMax] = useState(amount(value.budget?.maxCents));
  const [weeks, setWeeks] = useState(value.duration ? String(value.duration.weeks) : '');
  const [hours, setHours] = useState(value.duration ? String(value.duration.hoursPerWeek) : '');
  const [place, setPlace] = useState(value.location?.kind ?? 'REMOTE');
  const [city, setCity] = useState(value.location?.city ?? '');
  const [country, setCountry] = useState(value.location?.countryCode ?? '');
  const [from, setFrom] = useState(offsetHours(value.location?.timeZoneWindow?.fromUtcOffsetMinutes));
  const [to, setTo] = useState(offsetHours(value.location?.timeZoneWindow?.toUtcOffsetMinutes));
  const [local, setLocal] = useState<FieldErrors>({});
  // The API's refusals, each until its field is edited or the form is sent again: a field put right
  // no longer says it is wrong, and the focus after a failure goes to what is wrong now.
  const [server, setServer] = useState<FieldErrors>(errors);
  const [lastErrors, setLastErrors] = useState(errors);
  if (errors !== lastErrors) {
    setLastErrors(errors);
    setServer(errors);
  }
  const edited = (...names: string[]) => {
    if (names.some((name) => name in server)) setServer((current) => Object.fromEntries(Object.entries(current).filter(([name]) => !names.includes(name))));
  };
  const { ref, failed } = useFocusFirstInvalid();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: FieldErrors = {};
    const code = currency.trim().toUpperCase();
    if (!/^[A-Z]{3}$/.test(code)) problems.currency = 'Enter a three-letter currency code, such as USD or EUR.';
    // Amounts are checked here in the currency's units, against the API's own caps, so nothing it would refuse in cents is sent.
    const known = problems.currency ? 'USD' : code;
    const digits = minorDigits(known);
    const cap = budgetMaxCents(kind);
    const capText = `at most ${formatMoney(cap, known)}${kind === 'HOURLY' ? ' an hour' : ' for a fixed price'}`;
    const decimalsText = `${known} amounts take ${digits === 0 ? 'no decimals' : `at most ${Math.min(digits, 2)} decimals`}.`;
    const amountProblem = (cents: number | 'decimals' | null, missing: string, which: string): string | null => {
      if (cents === 'decimals') return decimalsText;
      if (cents === null || cents < 1) return missing;
      return cents > cap ? `${which} can be ${capText}.` : null;
    };
    const parsedMin = amountToCents(min, digits);
    const parsedMax = amountToCents(max, digits);
    const minProblem = amountProblem(parsedMin, digits === 0 ? 'Enter the least it pays, e.g. 1500.' : 'Enter the least it pays, e.g. 1500 or 1500.50.', 'The least it pays');
    const maxProblem = amountProblem(parsedMax, 'Enter the most it pays (the same as the least for a single figure).', 'The most it pays');
    const minCents = minProblem ? null : (parsedMin as number);
    const maxCents = maxProblem ? null : (parsedMax as number);
    if (minProblem) problems.minCents = minProblem;
    if (maxProblem) problems.maxCents = maxProblem;
    else if (minCents !== null && maxCents !== null && maxCents < minCents) problems.maxCents = 'The most it pays must be at least the least.';
    const w = wholeNumber(weeks);
    const h = wholeNumber(hours);
    const { weeks: weekRange, hoursPerWeek: hourRange } = TERMS_LIMITS;
    if (w === null || w < weekRange.min || w > weekRange.max) problems.weeks = fieldAdvice(`must be ${weekRange.min} to ${weekRange.max} weeks`);
    if (h === null || h < hourRange.min || h > hourRange.max) problems.hoursPerWeek = fieldAdvice(`must be ${hourRange.min} to ${hourRange.max} hours`);
    const location: TermsInput['location'] = { kind: place };
    if (place === 'REMOTE') {
      if (from.trim() || to.trim()) {
        const fromMinutes = toOffsetMinutes(from);
        const toMinutes = toOffsetMinutes(to);
        if (fromMinutes === null) problems.fromUtcOffsetMinutes = 'Enter hours from UTC between −12 and +14, e.g. -5 or 5.5.';
        if (toMinutes === null) problems.toUtcOffsetMinutes = 'Enter hours from UTC between −12 and +14, e.g. 2.';
        else if (fromMinutes !== null && toMinutes < fromMinutes) problems.toUtcOffsetMinutes = 'Give the westernmost offset first: a window cannot cross the date line (from +12 to −10, say). Leave both empty for any time zone.';
        if (fromMinutes !== null && toMinutes !== null) location.timeZoneWindow = { fromUtcOffsetMinutes: fromMinutes, toUtcOffsetMinutes: toMinutes };
      }
    } else {
      if (!city.trim()) problems.city = 'Enter the city where the work happens.';
      if (!/^[A-Za-z]{2}$/.test(country.trim())) problems.countryCode = 'Enter the two-letter country code, such as DE or US.';
      location.city = city.trim();
      location.countryCode = country.trim().toUpperCase();
    }
    setLocal(problems);
    setServer({});
    if (Object.keys(problems).length > 0 || minCents === null || maxCents === null || w === null || h === null) {
      failed();
      return;
    }
    onSave({ budget: { kind, minCents, maxCents, currency: code }, duration: { weeks: w, hoursPerWeek: h }, location });
  };
  const error = (name: string) => local[name] ?? server[name];

  return (
    <form ref={ref} onSubmit={submit} noValidate className="stack">
      <h2>Budget, duration and place</h2>
      <fieldset className="stack">
        <legend>Budget</legend>
        <div className="field">
          <label htmlFor="budget-kind">How it pays</label>
          <select id="budget-kind" name="budgetKind" value={kind} onChange={(e) => {
              setKind(e.target.value as 'FIXED' | 'HOURLY');
              edited('budget', 'minCents', 'maxCents');
            }}>
            <option value="FIXED">A fixed price for the whole gig</option>
            <option value="HOURLY">By the hour</option>
          </select>
        </div>
        <TextField label="Currency" name="currency" hint="Three letters, e.g. USD, EUR, GBP." value={currency} maxLength={3} autoComplete="off" onChange={(e) => (setCurrency(e.target.value), edited('currency', 'budget'))} error={error('currency')} />
        <div className="row row--wrap">
          <TextField label={kind === 'HOURLY' ? 'At least, per hour' : 'At least'} name="minCents" inputMode="decimal" value={min} onChange={(e) => (setMin(e.target.value), edited('minCents', 'budget'))} error={error('minCents')} />
          <TextField label={kind === 'HOURLY' ? 'At most, per hour' : 'At most'} name="maxCents" inputMode="decimal" value={max} onChange={(e) => (setMax(e.target.value), edited('maxCents', 'budget'))} error={error('maxCents')} />
        </div>
        {server.budget && <p className="field__error">{server.budget}</p>}
      </fieldset>
      <fieldset className="stack">
        <legend>Duration</legend>
        <div className="row row--wrap">
          <TextField label="Weeks" name="weeks" inputMode="numeric" hint="1 to 104." value={weeks} onChange={(e) => (setWeeks(e.target.value), edited('weeks', 'duration'))} error={error('weeks') ?? server.duration} />
          <TextField label="Hours a week" name="hoursPerWeek" inputMode="numeric" hint="1 to 80." value={hours} onChange={(e) => (setHours(e.target.value), edited('hoursPerWeek', 'duration'))} error={error('hoursPerWeek')} />
        </div>
      </fieldset>
      <fieldset className="stack">
        <legend>Where</legend>
        <div className="field">
          <label htmlFor="location-kind">Where the work happens</label>
          <select id="location-kind" name="locationKind" value={place} onChange={(e) => {
              setPlace(e.target.value as 'REMOTE' | 'HYBRID' | 'ONSITE');
              edited('location', 'city', 'countryCode', 'timeZoneWindow', 'fromUtcOffsetMinutes', 'toUtcOffsetMinutes');
            }}>
            <option value="REMOTE">Remote</option>
            <option value="HYBRID">Hybrid (partly on site)</option>
            <option value="ONSITE">On site</option>
          </select>
        </div>
        {place === 'REMOTE' ? (
          <div className="row row--wrap">
            <TextField label="Time zones from (hours from UTC)" name="fromUtcOffsetMinutes" hint="Optional, e.g. -5 for New York in winter." value={from} onChange={(e) => (setFrom(e.target.value), edited('fromUtcOffsetMinutes', 'timeZoneWindow'))} error={error('fromUtcOffsetMinutes')} />
            <TextField label="Time zones to (hours from UTC)" name="toUtcOffsetMinutes" hint="Optional, e.g. 2 for Berlin in summer." value={to} onChange={(e) => (setTo(e.target.value), edited('toUtcOffsetMinutes', 'timeZoneWindow'))} error={error('toUtcOffsetMinutes')} />
          </div>
        ) : (
          <div className="row row--wrap">
            <TextField label="City" name="city" value={city} maxLength={120} onChange={(e) => (setCity(e.target.value), edited('city'))} error={error('city')} />
            <TextField label="Country code" name="countryCode" hint="Two letters, e.g. DE, US." value={country} maxLength={2} autoComplete="off" onChange={(e) => (setCountry(e.target.value), edited('countryCode'))} error={error('countryCode')} />
          </div>
        )}
        {(server.location ?? server.timeZoneWindow) && <p className="field__error">{server.location ?? server.timeZoneWindow}</p>}
      </fieldset>
      <StepButtons onBack={onBack} saving={saving} label="Save and review" />
    </form>
  );
}
