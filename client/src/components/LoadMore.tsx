import { useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { messageOf } from '../lib/errors';
import { FormError } from './Field';
import { focusElement } from '../lib/focus';

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
  const focusItem = useRef<number | null>(null);

  // The new items may render after the fetch resolves: look on every render until they are there.
  useLayoutEffect(() => {
    const index = focusItem.current;
    const item = index === null ? undefined : list?.current?.children[index];
    if (!(item instanceof HTMLElement)) return;
    focusItem.current = null;
    focusElement(item.querySelector<HTMLElement>('a[href]') ?? item);
  });

  const load = async () => {
    setLoading(true);
    setError(null);
    const before = list?.current?.children.length ?? null;
    try {
      await onLoad();
      focusItem.current = before;
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
