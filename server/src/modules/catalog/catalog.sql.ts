/**
 * The catalogue's filter conditions over one listing (`listing`: a table alias), in one place for
 * the two that filter listings: the catalogue, which binds a request's filter as parameters, and
 * saved searches, which test every stored filter against one published listing. Each takes the
 * search text or the ids as an SQL expression (an `int[]` for ids), so the catalogue's statements
 * keep binding `$n` and its indexes serve them as before.
 *
 * What stays apart, and why: an empty facet does not filter. The catalogue knows its filter while
 * building the statement, so it leaves an empty facet's condition out and its statements hold
 * only conditions that narrow, which its indexes serve; saved searches match every stored filter
 * in one statement, where emptiness belongs to each row, so they test it in SQL
 * (`jsonb_array_length(…) = 0 OR …`). And the catalogue expands project super types into project
 * type ids through the cached taxonomy, where saved searches join the listing's project type.
 */

/**
 * The search text read as a web search (quotes, `or`, `-`), English stemming, technology names
 * as words of their own and aliases expanded (`catalog_search_query`, migration
 * TechnologyAwareSearch: the same `catalog_search_text` normalises the indexed document). A
 * scalar subquery, so a statement computes it once (an InitPlan), not once per row it ranks.
 */
export function searchTsquerySql(text: string): string {
  return `(SELECT catalog_search_query(${text}))`;
}

/** The listing's search document matches `tsquery` (see `searchTsquerySql`). */
export function matchesSearchSql(listing: string, tsquery: string): string {
  return `${listing}.search @@ ${tsquery}`;
}

/**
 * The same condition as `matchesSearchSql`, written so that the text index cannot serve it: for a
 * page that walks an index in its order, which the catalogue chose from its sample (see
 * `CatalogService.gathers`). PostgreSQL estimates how many listings a tsquery matches from the
 * lexemes' statistics, and misjudges some by far (`'next' & 'nextj'`, Next.js, estimated 746
 * matches and 48,536 at a million listings): taking a common search for a rare one, it traded the
 * walk (7 ms) for a bitmap of every match, sorted (210–290 ms). Wrapped in `coalesce(…, false)`
 * the condition is an expression the index does not hold, tested on each listing the walk reads;
 * in a WHERE clause false and null both reject a row, so it selects the same listings.
 */
export function matchesSearchUnindexedSql(listing: string, tsquery: string): string {
  return `coalesce(${matchesSearchSql(listing, tsquery)}, false)`;
}

/** The listing names any of the technologies `ids`. */
export function hasAnyTechnologySql(listing: string, ids: string): string {
  return `EXISTS (SELECT 1 FROM listing_technologies lt_filter
                  WHERE lt_filter.listing_id = ${listing}.id AND lt_filter.technology_id = ANY(${ids}))`;
}

/**
 * The listing names any of the technologies `names` (a `text[]` of technology names), as the
 * catalogue's GIN index on `listings` holds them (migration CatalogTechnologyIndex: the same
 * expression, so PostgreSQL can AND its bitmap with the text and project type indexes). The same
 * rule as `hasAnyTechnologySql`, read from `technology_names`, which a trigger keeps in step with
 * `listing_technologies`. Only for statements that read every match (the index is the way in):
 * with an ORDER BY … LIMIT that walks the catalogue index, `hasAnyTechnologySql` keeps the planner
 * from trading the walk for a bitmap of every listing of a common technology.
 */
export function hasAnyTechnologyNamedSql(listing: string, names: string): string {
  return `string_to_array(${listing}.technology_names, ', ') && ${names}`;
}

/** The listing's project type is one of `ids`. */
export function projectTypeInSql(listing: string, ids: string): string {
  return `${listing}.project_type_id = ANY(${ids})`;
}

/*
 * The terms filters (ListingFilter.budget, budgetKind, remoteOnly), each a condition over the
 * listing's terms columns; `listing` may also be the catalogue sample's alias, which has the same
 * columns. A budget range is three of them: the currency, and each end the filter gives.
 */

/** The listing's budget is stated in `currency` (an SQL text): budgets in other currencies never match, there is no conversion. */
export function budgetInCurrencySql(listing: string, currency: string): string {
  return `${listing}.budget_currency = ${currency}`;
}

/** The listing's budget overlaps a range from `minCents` (cents, an SQL int) up: its most is at least that. */
export function budgetReachesSql(listing: string, minCents: string): string {
  return `${listing}.budget_max_cents >= ${minCents}`;
}

/** The listing's budget overlaps a range up to `maxCents` (cents, an SQL int): its least is at most that. */
export function budgetWithinSql(listing: string, maxCents: string): string {
  return `${listing}.budget_min_cents <= ${maxCents}`;
}

/** The listing's budget is of the kind `kind` (an SQL text, FIXED or HOURLY). */
export function budgetKindIsSql(listing: string, kind: string): string {
  return `${listing}.budget_kind = ${kind}`;
}

/** The listing is remote ("remote only"). */
export function isRemoteSql(listing: string): string {
  return `${listing}.location_kind = 'REMOTE'`;
}
