import { useState } from 'react';
import { messageOf } from '../lib/errors';
import { FormError } from './Field';

/**
 * The button under a paged list that fetches the next page (or, in a chat, the earlier one).
 * One fetch at a time; a failed one says why above the button, which stays to try again.
 */
export function LoadMore({ onLoad, label = 'Load more', className = 'center' }: { onLoad: () => Promise<unknown>; label?: string; className?: string }) {
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = async () => {
    setLoading(true);
    setError(null);
    try {
      await onLoad();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setLoading(false);
    }
  };

  return (
    <>
      <FormError message={error} />
      <p className={className}>
        <button type="button" className="button button--secondary" disabled={loading} onClick={() => void load()}>
          {loading ? 'Loading…' : label}
        </button>
      </p>
    </>
  );
}
