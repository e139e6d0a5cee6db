import { useState, type RefObject } from 'react';
import { messageOf } from '../lib/errors';
import { FormError } from './Field';
import { focusWhenPresent } from '../lib/focus';

/**
 * The button under a paged list that fetches the next page (or, in a chat, the earlier one).
 * One fetch at a time; a failed one says why above the button, which stays to try again. Given the
 * `list`, the first item that arrived takes the focus (its link, if it has one), so the keyboard and
 * a screen reader go on from where the new items begin.
 */
export function LoadMore({
  onLoad,
  label = 'Load more',
  className = 'center',
  list,
}: {
  onLoad: () => Promise<unknown>;
  label?: string;
  className?: string;
  list?: RefObject<HTMLElement | null>;
}) {
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const load = async () => {
    setLoading(true);
    setError(null);
    const before = list?.current?.children.length ?? null;
    try {
      await onLoad();
      // The new items may render after the fetch resolves, and this button may be gone by then (no
      // more pages): wait on the list itself.
      const root = list?.current;
      if (root && before !== null) {
        focusWhenPresent(root, (element) => {
          const item = element.children[before];
          return item instanceof HTMLElement ? (item.querySelector<HTMLElement>('a[href]') ?? item) : null;
        });
      }
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
