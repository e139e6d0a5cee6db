import { useEffect, type RefObject } from 'react';

/**
 * Escape closes an open disclosure (the phone's menu, the catalogue's Filters panel) wherever the
 * focus is, and gives the focus back to the button that opened it, as the WAI-ARIA disclosure and
 * menu button patterns do. An Escape something inside already used (a combobox closing its
 * suggestions, which calls `preventDefault`) is left to it.
 */
export function useEscapeToClose(open: boolean, close: () => void, button: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    if (!open) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      close();
      button.current?.focus();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [open, close, button]);
}
