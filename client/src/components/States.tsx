import type { ReactNode } from 'react';
import { errorCodeOf, messageOf } from '../lib/errors';
import { settle } from '../lib/settle';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="state state--loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label}
    </p>
  );
}

export function ErrorState({ error, retry }: { error: unknown; retry?: () => void }) {
  return (
    <div className="state state--error" role="alert">
      <p>{messageOf(error)}</p>
      {retry && (
        <button type="button" className="button button--secondary" onClick={retry}>
          Try again
        </button>
      )}
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
 * `notFound` when the server says there is no such thing (pass it where a page expects that).
 * Null when there is nothing to say; a page that keeps showing older data with its error shows both.
 */
export function queryFallback({ data, loading, error, refetch }: QueryResult, { notFound, loadingLabel }: { notFound?: ReactNode; loadingLabel?: string } = {}): ReactNode {
  if (loading && !data) return <Loading label={loadingLabel} />;
  if (!error) return null;
  if (notFound !== undefined && errorCodeOf(error) === 'NOT_FOUND') return notFound;
  return <ErrorState error={error} retry={() => settle(refetch())} />;
}
