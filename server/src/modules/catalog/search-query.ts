/**
 * The catalogue's search text as `websearch_to_tsquery` will take it: trimmed, and a run of
 * minus signs (negations) collapsed to one. PostgreSQL nests one operator per `-`, and past 32 it
 * fails the whole statement ("tsquery stack too small"); a double negation means nothing to a
 * person searching. Empty text is no search.
 */
export function searchQuery(search: string | null | undefined): string | null {
  return search?.trim().replace(/(?:-\s*){2,}/g, '-') || null;
}
