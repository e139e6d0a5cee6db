import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { formatMoney } from '../../lib/format';

export const ListingTerms_listing = graphql(`
  fragment ListingTerms_listing on Listing {
    budget {
      kind
      minCents
      maxCents
      currency
    }
    duration {
      weeks
      hoursPerWeek
    }
    location {
      kind
      city
      countryCode
      timeZoneWindow {
        fromUtcOffsetMinutes
        toUtcOffsetMinutes
      }
    }
  }
`);

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

/** "UTC−05:00" for -300. */
export function formatUtcOffset(minutes: number): string {
  const sign = minutes < 0 ? '−' : '+';
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** "$4,000.00–$6,000.00 fixed price", "$60.00–$85.00 an hour". */
export function formatBudget(budget: { kind: string; minCents: number; maxCents: number; currency: string }): string {
  const amount =
    budget.minCents === budget.maxCents ? formatMoney(budget.minCents, budget.currency) : `${formatMoney(budget.minCents, budget.currency)}–${formatMoney(budget.maxCents, budget.currency)}`;
  return budget.kind === 'HOURLY' ? `${amount} an hour` : `${amount} fixed price`;
}

export function formatDuration(duration: { weeks: number; hoursPerWeek: number }): string {
  return `${duration.weeks} ${duration.weeks === 1 ? 'week' : 'weeks'}, ${duration.hoursPerWeek} ${duration.hoursPerWeek === 1 ? 'hour' : 'hours'} a week`;
}

export function formatLocation(location: {
  kind: string;
  city?: string | null;
  countryCode?: string | null;
  timeZoneWindow?: { fromUtcOffsetMinutes: number; toUtcOffsetMinutes: number } | null;
}): string {
  if (location.kind === 'REMOTE') {
    const window = location.timeZoneWindow;
    return window ? `Remote, ${formatUtcOffset(window.fromUtcOffsetMinutes)} to ${formatUtcOffset(window.toUtcOffsetMinutes)}` : 'Remote';
  }
  const place = [location.city, location.countryCode ? (regionNames.of(location.countryCode) ?? location.countryCode) : null].filter(Boolean).join(', ');
  return `${location.kind === 'HYBRID' ? 'Hybrid' : 'On site'}, ${place}`;
}

/** What a gig pays, for how long and where, as a definition list; "Not stated" for what a gig does not say. */
export function ListingTerms(props: { listing: FragmentType<typeof ListingTerms_listing>; compact?: boolean }) {
  const { budget, duration, location } = getFragmentData(ListingTerms_listing, props.listing);
  const rows: Array<[string, string]> = [
    ['Budget', budget ? formatBudget(budget) : 'Not stated'],
    ['Duration', duration ? formatDuration(duration) : 'Not stated'],
    ['Location', location ? formatLocation(location) : 'Not stated'],
  ];
  return (
    <dl className={props.compact ? 'terms terms--compact' : 'terms'}>
      {rows.map(([term, value]) => (
        <div key={term} className="terms__item">
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
