/**
 * Starts work whose failure the page already shows in its own way (a query's error state, a
 * refetch that a later event repeats): the rejection needs no other handling.
 */
export function settle(promise: Promise<unknown>): void {
  promise.catch(() => undefined);
}
