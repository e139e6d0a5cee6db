import { useMutation, useQuery } from '@apollo/client/react';
import { startTransition, useCallback, useMemo, useOptimistic, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { FormError, TextField } from '../../components/Field';
import { LoadMore } from '../../components/LoadMore';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import { graphql } from '../../gql';
import type { BudgetKind, ListingFilter, ListingSort, SavedSearchFilterInput } from '../../gql/graphql';
import { budgetRangeLabel, describeTerms } from '../notifications/savedSearchFilter';
import { BANDED_CURRENCIES, BudgetRangeFields } from './BudgetRangeFields';
import { errorCodeOf, fieldErrorsOf, messageOf, useFocusFirstInvalid } from '../../lib/errors';
import { useStateResetBy } from '../../lib/useStateResetBy';
import { useKeepPlace, usePlaceToRestore } from '../../lib/place';
import { useTitle } from '../../lib/useTitle';
import { useEscapeToClose } from '../../lib/useEscapeToClose';
import { useSession } from '../../session';
import { ListingCard } from './ListingCard';
import { DidYouMean } from './DidYouMean';
import { SearchBox, type Suggestion } from './SearchBox';
import { BAND_CURRENCIES, checkCatalogueParams } from './catalogueParams';
import { settle } from '../../lib/settle';

const PAGE_SIZE = 10;
/** The most the API gives in one page. */
const MAX_PAGE_SIZE = 100;

/** "1 gig", "240 gigs", or "About 12,000 gigs" when the API estimated the count (above its exact-count limit). */
function gigCount(count: number, approximate: boolean): string {
  const gigs = count === 1 ? '1 gig' : `${count.toLocaleString('en')} gigs`;
  return approximate ? `About ${gigs}` : gigs;
}

const CataloguePageDocument = graphql(`
  query CataloguePage($filter: ListingFilter, $first: Int, $after: String, $sort: ListingSort) {
    listings(filter: $filter, first: $first, after: $after, sort: $sort) {
      totalCount
      totalCountIsApproximate
      suggestedQuery
      facets {
        remote {
          count
        }
        budget {
          currency
          bands {
            kind
            minCents
            maxCents
            count
          }
        }
        projectTypes {
          count
          projectType {
            id
            name
          }
        }
        technologies {
          count
          technology {
            id
            name
          }
        }
      }
      edges {
        cursor
        textMatches {
          property
          fragment
          highlights {
            beginIndice
            endIndice
          }
        }
        node {
          id
          ...ListingCard_listing
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

/** Names for filters in the address that the facets no longer list (nothing matches them now). */
const CatalogueFilterNamesDocument = graphql(`
  query CatalogueFilterNames {
    projectTypes {
      id
      name
    }
    technologies {
      id
      name
    }
  }
`);

const SaveSearchDocument = graphql(`
  mutation SaveSearch($input: SaveSearchInput!) {
    saveSearch(input: $input) {
      id
      name
    }
  }
`);

/** Whole cents from an address value, or undefined when it is not a whole number of cents. */
function centsParam(value: string | null): number | undefined {
  return value !== null && /^\d{1,10}$/.test(value) ? Number(value) : undefined;
}

/**
 * The catalogue's filter lives in the address, so a search can be bookmarked, shared and saved:
 * `q`, `tech`, `type`, and the terms: `remote=1`, `pay=FIXED|HOURLY`, `cur` (a currency) with
 * `min` and `max` in its cents (a budget band).
 */
function filterFromParams(params: URLSearchParams): ListingFilter {
  const search = params.get('q')?.trim();
  const technologyIds = params.getAll('tech');
  const projectTypeIds = params.getAll('type');
  const pay = params.get('pay');
  const currency = params.get('cur');
  const minCents = centsParam(params.get('min'));
  const maxCents = centsParam(params.get('max'));
  return {
    ...(search ? { search } : {}),
    ...(technologyIds.length ? { technologyIds } : {}),
    ...(projectTypeIds.length ? { projectTypeIds } : {}),
    ...(params.get('remote') === '1' ? { remoteOnly: true } : {}),
    ...(pay === 'FIXED' || pay === 'HOURLY' ? { budgetKind: pay as BudgetKind } : {}),
    ...(currency && /^[A-Z]{3}$/.test(currency) ? { budget: { currency, ...(minCents !== undefined ? { minCents } : {}), ...(maxCents !== undefined ? { maxCents } : {}) } } : {}),
  };
}

/** The sorts offered, by their address value (`sort=`); relevance (newest first without a search) is the default. */
const SORTS: Array<{ value: string; label: string; sort: ListingSort; byBudget?: true }> = [
  { value: '', label: 'Best match', sort: 'RELEVANCE' },
  { value: 'newest', label: 'Newest first', sort: 'NEWEST' },
  { value: 'budget-high', label: 'Budget: highest first', sort: 'BUDGET_HIGH_TO_LOW', byBudget: true },
  { value: 'budget-low', label: 'Budget: lowest first', sort: 'BUDGET_LOW_TO_HIGH', byBudget: true },
];

/**
 * The sort the address asks for, if it may apply: by budget only with a pay kind and a currency
 * chosen (the API refuses it otherwise: other currencies, or hourly against fixed, do not compare).
 */
function sortOf(params: URLSearchParams, filter: ListingFilter) {
  const asked = SORTS.find((option) => option.value === (params.get('sort') ?? '')) ?? SORTS[0];
  return asked.byBudget && !budgetSortable(filter) ? SORTS[0] : asked;
}

const budgetSortable = (filter: ListingFilter) => Boolean(filter.budgetKind && filter.budget?.currency);



type Band = { kind: BudgetKind; minCents: number; maxCents?: number | null; count: number };

/** The facet's bands, and the chosen one with a count of 0 when the facet has none of it, so a choice never disappears. */
function withSelectedBand(bands: ReadonlyArray<Band>, filter: ListingFilter): Band[] {
  const chosen = filter.budget?.minCents != null && filter.budgetKind ? { kind: filter.budgetKind, minCents: filter.budget.minCents, maxCents: filter.budget.maxCents ?? null, count: 0 } : null;
  if (!chosen || bands.some((band) => band.kind === chosen.kind && band.minCents === chosen.minCents && (band.maxCents ?? null) === chosen.maxCents)) return [...bands];
  return [...bands, chosen];
}

export function CataloguePage() {
  const [addressParams, setParams] = useSearchParams();
  // A link made up or cut short loses its bad parts here, with a note, rather than reach the API.
  const { params, notes: addressNotes } = useMemo(() => checkCatalogueParams(addressParams), [addressParams]);
  const filter = filterFromParams(params);
  // The search box shows the address's search again whenever the address changes (back, a link, a facet).
  const [searchText, setSearchText] = useStateResetBy(params.get('q') ?? '', params.toString());
  // Back to the catalogue: every page that was loaded comes again at once, and the scroll with it.
  const place = usePlaceToRestore();
  const sortChoice = sortOf(params, filter);
  const { data, previousData, loading, error, refetch, fetchMore } = useQuery(CataloguePageDocument, {
    variables: { filter, first: Math.min(Math.max(PAGE_SIZE, place?.loaded ?? 0), MAX_PAGE_SIZE), sort: sortChoice.sort },
    // New gigs are published all the time: show the cached page at once, then the fresh one.
    fetchPolicy: 'cache-and-network',
  });
  useTitle(filter.search ? `Gigs matching “${filter.search}”` : 'Find tech side gigs');

  // A technology or project type suggested becomes a filter (the box shows the search again); a word is searched.
  const chooseSuggestion = (suggestion: Suggestion) => {
    const next = new URLSearchParams(params);
    const taxonomyId = suggestion.technology?.id ?? suggestion.projectType?.id;
    const key = suggestion.technology ? 'tech' : 'type';
    if (!taxonomyId) next.set('q', suggestion.text);
    else if (!next.getAll(key).includes(taxonomyId)) next.append(key, taxonomyId);
    setParams(next);
  };

  const submitSearch = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams(params);
    if (searchText.trim()) next.set('q', searchText.trim());
    else next.delete('q');
    setParams(next);
  };

  // A facet shows its new state at once; the address (and so the query) follows in a transition,
  // which React Router renders later: without this the checkbox would spring back until then.
  const [shownParams, showParams] = useOptimistic(params);
  const toggle = (key: 'tech' | 'type', id: string) => {
    const next = new URLSearchParams(params);
    const values = next.getAll(key);
    next.delete(key);
    for (const value of values.includes(id) ? values.filter((v) => v !== id) : [...values, id]) next.append(key, value);
    startTransition(() => {
      showParams(next);
      setParams(next);
    });
  };

  /** Sets (or, with null, removes) address values of the terms filters and the sort, at once. */
  const setTerms = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) next.delete(key);
      else next.set(key, value);
    }
    // A budget sort goes with the pay kind or currency it needs.
    if (sortOf(next, filterFromParams(next)).value !== (next.get('sort') ?? '')) next.delete('sort');
    startTransition(() => {
      showParams(next);
      setParams(next);
    });
  };

  // While a changed filter loads, the facets being clicked stay; the old results do not pose as new ones.
  const listings = (data ?? previousData)?.listings;
  const results = data?.listings;
  useKeepPlace(place, results?.edges.length ?? 0);
  const selectedTech = new Set(shownParams.getAll('tech'));
  const selectedTypes = new Set(shownParams.getAll('type'));
  const filtered = Boolean(filter.search || filter.technologyIds || filter.projectTypeIds || filter.remoteOnly || filter.budgetKind || filter.budget);
  const shownPay = shownParams.get('pay') ?? '';
  const shownCurrency = shownParams.get('cur') ?? '';
  const shownBand = shownParams.has('min') || shownParams.has('max') ? `${shownParams.get('pay') ?? ''}:${shownParams.get('min') ?? ''}:${shownParams.get('max') ?? ''}` : '';
  const shownFilter = filterFromParams(shownParams);
  // As the panel shows them: each technology and type, remote only, the pay kind, and the budget (a currency with or without a band) as one.
  const filterCount = selectedTech.size + selectedTypes.size + (shownFilter.remoteOnly ? 1 : 0) + (shownFilter.budgetKind ? 1 : 0) + (shownFilter.budget ? 1 : 0);
  const bandCurrency = listings?.facets.budget.currency ?? 'USD';
  const shownSort = sortOf(shownParams, shownFilter);
  const sortHint = !filter.search && !shownSort.value;
  const sortHints = [sortHint ? 'catalogue-sort-hint' : '', budgetSortable(shownFilter) ? '' : 'catalogue-sort-budget-hint'].filter(Boolean).join(' ');
  const [filtersOpen, setFiltersOpen] = useState(false);
  const filtersButton = useRef<HTMLButtonElement>(null);
  // Escape closes the phone's Filters panel, as it closes the menu, and gives the focus back to its button.
  useEscapeToClose(filtersOpen, useCallback(() => setFiltersOpen(false), []), filtersButton);
  const { viewer } = useSession();
  const resultList = useRef<HTMLOListElement>(null);
  const typeFacet = withSelected(
    listings?.facets.projectTypes.map((f) => ({ id: f.projectType.id, name: f.projectType.name, count: f.count })),
    selectedTypes,
  );
  const techFacet = withSelected(
    listings?.facets.technologies.map((f) => ({ id: f.technology.id, name: f.technology.name, count: f.count })),
    selectedTech,
  );
  const names = useQuery(CatalogueFilterNamesDocument, { skip: typeFacet.missing.length + techFacet.missing.length === 0 });
  const nameOf = (list: ReadonlyArray<{ id: string; name: string }> | undefined, id: string) => list?.find((item) => item.id === id)?.name ?? 'Loading…';

  return (
    <section>
      <h1>Find a side gig</h1>
      <form role="search" className="search-bar" onSubmit={submitSearch}>
        <label htmlFor="catalogue-search" className="visually-hidden">
          Search gigs
        </label>
        <SearchBox value={searchText} onChange={setSearchText} onChoose={chooseSuggestion} />
        <button type="submit" className="button">
          Search
        </button>
      </form>
      {addressNotes.length > 0 && (
        <div className="notice" role="status">
          {addressNotes.map((note) => (
            <p key={note}>{note}</p>
          ))}
        </div>
      )}

      {/* On a phone the filters wait behind this button, so the first gig is in sight. */}
      <button type="button" ref={filtersButton} className="button button--secondary filters-button" aria-expanded={filtersOpen} aria-controls="catalogue-filters" onClick={() => setFiltersOpen(!filtersOpen)}>
        Filters{filterCount ? ` (${filterCount})` : ''}
      </button>
      <div className="with-aside catalogue">
        <aside id="catalogue-filters" className={filtersOpen ? 'facets facets--open' : 'facets'} aria-label="Filters">
          {/* With the filters (behind the phone's Filters button), so "Skip to results" leads straight to the first gig. */}
          <div className="field">
            <label htmlFor="catalogue-sort">Sort</label>
            <select id="catalogue-sort" aria-describedby={sortHints || undefined} value={shownSort.value} onChange={(e) => setTerms({ sort: e.target.value || null })}>
              {SORTS.map((option) => (
                <option key={option.value} value={option.value} disabled={option.byBudget && !budgetSortable(shownFilter)}>
                  {option.label}
                </option>
              ))}
            </select>
            {sortHint && (
              <p id="catalogue-sort-hint" className="field__hint">
                Without a search, the newest first.
              </p>
            )}
            {!budgetSortable(shownFilter) && (
              <p id="catalogue-sort-budget-hint" className="field__hint">
                To sort by budget, choose fixed price or hourly and a currency below.
              </p>
            )}
          </div>
          {listings && (
            <>
              <fieldset className="facet">
                <legend>Where</legend>
                <label className="check">
                  <input type="checkbox" checked={shownParams.get('remote') === '1'} onChange={(e) => setTerms({ remote: e.target.checked ? '1' : null })} />
                  <span>
                    Remote only <span className="count">({listings.facets.remote.count})</span>
                  </span>
                </label>
              </fieldset>
              <fieldset className="facet">
                <legend>Pay</legend>
                {[
                  { value: '', label: 'Fixed price or hourly' },
                  { value: 'FIXED', label: 'Fixed price' },
                  { value: 'HOURLY', label: 'Hourly' },
                ].map((option) => (
                  <label key={option.value} className="check">
                    <input type="radio" name="pay" checked={shownPay === option.value} onChange={() => setTerms({ pay: option.value || null, min: null, max: null })} />
                    <span>{option.label}</span>
                  </label>
                ))}
              </fieldset>
              <fieldset className="facet">
                <legend>Budget</legend>
                <div className="field">
                  <label htmlFor="budget-currency">Currency</label>
                  <select id="budget-currency" value={shownCurrency} onChange={(e) => setTerms({ cur: e.target.value || null, min: null, max: null })}>
                    <option value="">Any currency</option>
                    {[...new Set([...BAND_CURRENCIES, ...(shownCurrency ? [shownCurrency] : [])])].map((code) => (
                      <option key={code} value={code}>
                        {code}
                      </option>
                    ))}
                  </select>
                  <p className="field__hint">Budgets in other currencies are not converted.</p>
                </div>
                {shownFilter.budget && !BANDED_CURRENCIES.includes(shownFilter.budget.currency) ? (
                  <BudgetRangeFields
                    key={shownParams.toString()}
                    currency={shownFilter.budget.currency}
                    minCents={shownFilter.budget.minCents}
                    maxCents={shownFilter.budget.maxCents}
                    onApply={(min, max) => setTerms({ min: min === null ? null : String(min), max: max === null ? null : String(max) })}
                  />
                ) : (
                  <>
                    <label className="check">
                      <input type="radio" name="budget-band" checked={!shownBand} onChange={() => setTerms({ min: null, max: null })} />
                      <span>Any budget</span>
                    </label>
                    {withSelectedBand(listings.facets.budget.bands, shownFilter)
                      .filter((band) => !shownPay || band.kind === shownPay)
                      .map((band) => {
                        const key = `${band.kind}:${band.minCents}:${band.maxCents ?? ''}`;
                        return (
                          <label key={key} className="check">
                            <input
                              type="radio"
                              name="budget-band"
                              checked={shownBand === key}
                              onChange={() =>
                                setTerms({ cur: bandCurrency, pay: band.kind, min: String(band.minCents), max: band.maxCents == null ? null : String(band.maxCents) })
                              }
                            />
                            <span>
                              {budgetRangeLabel(band, bandCurrency, band.kind)} <span className="count">({band.count})</span>
                            </span>
                          </label>
                        );
                      })}
                  </>
                )}
              </fieldset>
              <Facet
                legend="Project type"
                values={[...typeFacet.values, ...typeFacet.missing.map((id) => ({ id, name: nameOf(names.data?.projectTypes, id), count: 0 }))]}
                selected={selectedTypes}
                onToggle={(id) => toggle('type', id)}
              />
              <Facet
                legend="Technology"
                values={[...techFacet.values, ...techFacet.missing.map((id) => ({ id, name: nameOf(names.data?.technologies, id), count: 0 }))]}
                selected={selectedTech}
                onToggle={(id) => toggle('tech', id)}
              />
            </>
          )}
          {filtered && (
            <p>
              <Link to="/">Clear all filters</Link>
            </p>
          )}
          {filtered && <SaveSearch filter={savedSearchFilterOf(filter)} />}
          {viewer && (
            <p>
              <Link to="/searches">Your saved searches and alerts</Link>
            </p>
          )}
        </aside>

        <div className="results" id="results" tabIndex={-1} aria-busy={loading} aria-label="Results">
          {error && <ErrorState error={error} retry={() => settle(refetch())} {...refusedFilter(error)} />}
          {!results && loading && <Loading label="Finding gigs…" />}
          {results && (
            <>
              {data?.listings.suggestedQuery && <DidYouMean query={data.listings.suggestedQuery} />}
              {/* What the focus comes to when the results replace what had it ("Try again", say). */}
              <p className="results__count" role="status" data-focus-on-replace="">
                {gigCount(results.totalCount, results.totalCountIsApproximate)}
                {filter.search ? ` matching “${filter.search}”` : ''}
              </p>
              {results.edges.length === 0 && !filtered ? (
                <EmptyState title="No gigs are open right now.">
                  <p>
                    New gigs are posted all the time: check back soon. Have work to hand out? <Link to="/post">Post a gig</Link>.
                  </p>
                </EmptyState>
              ) : results.edges.length === 0 ? (
                <EmptyState title="No gigs match your search.">
                  <p>Try fewer words or remove a filter. Or save the search and we will tell you when a matching gig is posted.</p>
                </EmptyState>
              ) : (
                <ol className="stack plain" ref={resultList}>
                  {results.edges.map(({ node, textMatches }) => (
                    <li key={node.id}>
                      <ListingCard listing={node} textMatches={textMatches} />
                    </li>
                  ))}
                </ol>
              )}
              {results.pageInfo.hasNextPage && <LoadMore list={resultList} onLoad={() => fetchMore({ variables: { first: PAGE_SIZE, after: results.pageInfo.endCursor } })} />}
            </>
          )}
        </div>
      </div>
    </section>
  );
}

/** A facet's values, and the selected ids it does not list (no gig matches them with the rest of the filter). */
function withSelected(values: FacetValue[] | undefined, selected: Set<string>) {
  const listed = values ?? [];
  return { values: listed, missing: [...selected].filter((id) => !listed.some((value) => value.id === id)) };
}

interface FacetValue {
  id: string;
  name: string;
  count: number;
}

const FACET_PREVIEW = 8;

function Facet({ legend, values, selected, onToggle }: { legend: string; values: FacetValue[]; selected: Set<string>; onToggle: (id: string) => void }) {
  const [expanded, setExpanded] = useState(false);
  if (values.length === 0) return null;
  const shown = expanded ? values : values.filter((value, index) => index < FACET_PREVIEW || selected.has(value.id));
  return (
    <fieldset className="facet">
      <legend>{legend}</legend>
      {shown.map((value) => (
        <label key={value.id} className="check">
          <input type="checkbox" checked={selected.has(value.id)} onChange={() => onToggle(value.id)} />
          <span>
            {value.name} <span className="count">({value.count})</span>
          </span>
        </label>
      ))}
      {values.length > shown.length && (
        <button type="button" className="link-button" onClick={() => setExpanded(true)}>
          Show all {values.length}
        </button>
      )}
    </fieldset>
  );
}

/** What "Save search" keeps of the catalogue's filter: all of it, terms included (a ListingFilter without the employer). */
function savedSearchFilterOf(filter: ListingFilter): SavedSearchFilterInput {
  const { search, technologyIds, projectTypeIds, budget, budgetKind, remoteOnly } = filter;
  return { search, technologyIds, projectTypeIds, budget, budgetKind, remoteOnly };
}

function SaveSearch({ filter }: { filter: SavedSearchFilterInput }) {
  const { viewer } = useSession();
  const [save, { loading }] = useMutation(SaveSearchDocument);
  // "Saved" speaks of the filter it was saved with.
  const [savedName, setSavedName] = useStateResetBy<string | null>(null, JSON.stringify(filter));
  const [name, setName] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  const [nameError, setNameError] = useState<string | undefined>();
  const { ref, failed } = useFocusFirstInvalid();

  if (!viewer) {
    return (
      <p className="muted">
        <Link to={`/signin?next=${encodeURIComponent(window.location.pathname + window.location.search)}`}>Sign in</Link> to save this search and get
        alerts.
      </p>
    );
  }
  if (savedName) {
    return (
      <p role="status" className="success">
        Saved as “{savedName}”. We will notify you of new matching gigs. <Link to="/searches">Your saved searches</Link>
      </p>
    );
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    setNameError(undefined);
    try {
      const { data } = await save({ variables: { input: { name: name.trim() || defaultName(filter), filter } } });
      if (data) setSavedName(data.saveSearch.name);
    } catch (error) {
      setNameError(fieldErrorsOf(error).name);
      setFormError(messageOf(error));
      failed();
    }
  };

  return (
    <form ref={ref} className="card stack save-search" onSubmit={submit} noValidate>
      <FormError message={formError} />
      <TextField label="Name this search" name="savedSearchName" placeholder={defaultName(filter)} value={name} onChange={(e) => setName(e.target.value)} error={nameError} />
      <button type="submit" className="button button--secondary" disabled={loading}>
        {loading ? 'Saving…' : 'Save search and get alerts'}
      </button>
    </form>
  );
}

/** The name a saved search gets when none is typed: its search and terms, within the API's 80 characters. */
function defaultName(filter: SavedSearchFilterInput): string {
  const terms = describeTerms(filter).join(', ');
  const name = filter.search ? `Gigs matching “${filter.search}”${terms ? ` (${terms})` : ''}` : terms || 'My filtered gigs';
  const characters = Array.from(name);
  return characters.length > 80 ? `${characters.slice(0, 79).join('')}…` : name;
}

/** What the catalogue's filter is called on screen, by the field the API names (`filter.search` → `search`). */
const FILTER_NAMES: Record<string, string> = {
  search: 'the search',
  technologyIds: 'a technology filter',
  projectTypeIds: 'a project type filter',
  budgetKind: 'the pay filter',
  currency: 'the budget’s currency',
  minCents: 'the budget range',
  maxCents: 'the budget range',
  remoteOnly: 'the remote filter',
  sort: 'the sort order',
};

/** A search or filter the API refused (BAD_USER_INPUT): which, what to do, and "Clear filters" instead of "Try again". */
function refusedFilter(error: unknown): { message?: string; action?: ReactNode } {
  if (errorCodeOf(error) !== 'BAD_USER_INPUT') return {};
  const fields = fieldErrorsOf(error);
  const names = [...new Set(Object.keys(fields).map((field) => FILTER_NAMES[field] ?? 'a filter'))];
  const which = names.length ? names.join(' and ') : 'the search or a filter';
  const advice = Object.values(fields).join(' ');
  return {
    message: `These gigs cannot be listed: ${which} cannot be used as it is.${advice ? ` ${advice}` : ''} Change it, or clear the filters.`,
    action: (
      <Link className="button button--secondary" to="/">
        Clear filters
      </Link>
    ),
  };
}
