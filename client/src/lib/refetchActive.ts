import type { ApolloClient } from '@apollo/client';

/** Refetches those of the named queries that are on screen now; the others fetch when they next mount. */
export function refetchActive(client: ApolloClient, queryNames: readonly string[]) {
  const wanted = new Set(queryNames);
  return client.refetchQueries({ include: 'active', onQueryUpdated: (query) => wanted.has(query.queryName ?? '') });
}
