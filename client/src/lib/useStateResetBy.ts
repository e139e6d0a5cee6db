import { useState } from 'react';

/**
 * State that starts from `initial` and starts over from it whenever `resetKey` changes (compared
 * with `Object.is`): a form that follows the record it edits, a choice that follows the list it
 * picks from. React's "adjusting state when a prop changes": the reset happens while rendering,
 * so no effect runs and nothing stale is ever shown; edits made under an earlier key are dropped.
 */
export function useStateResetBy<T>(initial: T, resetKey: unknown): [T, (value: T) => void] {
  const [state, setState] = useState({ key: resetKey, value: initial });
  const set = (value: T) => setState({ key: resetKey, value });
  if (!Object.is(state.key, resetKey)) {
    setState({ key: resetKey, value: initial });
    return [initial, set];
  }
  return [state.value, set];
}
