import { useCallback, useState } from 'react';

/**
 * State that starts from `initial` and starts over from it whenever `resetKey` changes: a form
 * that follows the record it edits, a choice that follows the list it picks from. Derived while
 * rendering, so a reset costs no effect and no second render; `Object.is` compares the keys.
 */
export function useStateResetBy<T>(initial: T, resetKey: unknown): [T, (value: T) => void] {
  const [state, setState] = useState<{ key: unknown; value: T } | null>(null);
  const value = state && Object.is(state.key, resetKey) ? state.value : initial;
  const set = useCallback((next: T) => setState({ key: resetKey, value: next }), [resetKey]);
  return [value, set];
}
