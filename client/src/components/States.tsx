import type { ReactNode } from 'react';
import { errorCodeOf, isNotFound, readMessageOf } from '../lib/errors';
import { settle } from '../lib/settle';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="state state--loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label}
    </p>
  );
}

/** Failures that may go away by themselves: asking again can help. */
const RETRYABLE_CODES = new Set([undefined, 'INTERNAL_SERVER_ERROR', 'SERVICE_UNAVAILABLE', 'RATE_LIMITED']);

/**
 * A failed read: what went wrong in read wording (`readMessageOf`: no "see the note beside it",
 * there is no form), "Try again" when asking again can help, or the page's own `message` and
 * `action` (the catalogue's "Clear filters" for a filter the API refused).
 */
export function ErrorState({ error, retry, title, message, action }: { error: unknown; retry?: () => void; title?: string; message?: string; action?: ReactNode }) {
  return (
    <div className="state state--error" role="alert">
      {title && <p className="state__title">{title}</p>}
      <p>{message ?? readMessageOf(error)}</p>
      {retry && RETRYABLE_CODES.has(errorCodeOf(error)) && (
        <button type="button" className="button button--secondary" onClick={retry}>
          Try again
        </button>
      )}
      {action}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state--empty">
      <p className="state__title">{title}</p>
      {children}
    </div>
  );
}

interface QueryResult {
  data?: unknown;
  loading: boolean;
  error?: unknown;
  refetch: () => Promise<unknown>;
}

/**
 * What stands in for a query's data: a spinner while it first loads, its error with a retry, or
 * `notFound` when the server says there is no such thing, or the id cannot be one (pass a
 * `NotFoundPage` where a page shows one thing by its id).
 * Null when there is nothing to say; a page that keeps showing older data with its error shows both.
 */
export function queryFallback({ data, loading, error, refetch }: QueryResult, { notFound, loadingLabel }: { notFound?: ReactNode; loadingLabel?: string } = {}): ReactNode {
  if (loading && !data) return <Loading label={loadingLabel} />;
  if (!error) return null;
  if (notFound !== undefined && isNotFound(error)) return notFound;
  return <ErrorState error={error} retry={() => settle(refetch())} />;
}
