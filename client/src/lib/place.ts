import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useLocation, useNavigationType } from 'react-router';
import { focusElement } from './focus';

/**
 * Where a person was on a page of a long list: how many items they had loaded, how far down they
 * had scrolled (px), and the link they followed away. Kept per history entry (the router's
 * `location.key`) in sessionStorage, so Back finds it even after a reload; the tab's own.
 */
export interface Place {
  loaded: number;
  scrollY: number;
  followed?: string;
}

const storageKey = (key: string) => `techgigs.place.${key}`;

function readPlace(key: string): Place | undefined {
  try {
    const raw = sessionStorage.getItem(storageKey(key));
    const place = raw ? (JSON.parse(raw) as Partial<Place>) : undefined;
    return place && typeof place.loaded === 'number' && typeof place.scrollY === 'number' ? (place as Place) : undefined;
  } catch {
    return undefined;
  }
}

/** The place kept for this history entry when one arrives at it by Back or Forward (else undefined): load `loaded` items at once. */
export function usePlaceToRestore(): Place | undefined {
  const { key } = useLocation();
  const navigationType = useNavigationType();
  const [place] = useState(() => (navigationType === 'POP' ? readPlace(key) : undefined));
  return place;
}

/**
 * Keeps a list page's place across Back and Forward: remembers it on leaving, and given the
 * `place` to restore, once `loaded` (the items shown now) holds its items, scrolls back to where the
 * person was and gives the focus back to the link they followed (a screen reader and the keyboard
 * go on from there).
 */
export function useKeepPlace(place: Place | undefined, loaded: number): void {
  const { key } = useLocation();
  const restored = useRef(false);
  const now = useRef<Place>({ loaded, scrollY: 0 });
  useLayoutEffect(() => {
    now.current.loaded = loaded;
  }, [loaded]);

  useEffect(() => {
    const current = now.current;
    const onScroll = () => {
      current.scrollY = window.scrollY;
    };
    // The link being followed away, read before the next page takes the focus.
    const onClick = (event: MouseEvent) => {
      const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
      if (link) current.followed = link.getAttribute('href') ?? undefined;
    };
    onScroll();
    window.addEventListener('scroll', onScroll, { passive: true });
    document.addEventListener('click', onClick, true);
    return () => {
      window.removeEventListener('scroll', onScroll);
      document.removeEventListener('click', onClick, true);
      try {
        sessionStorage.setItem(storageKey(key), JSON.stringify(current));
      } catch {
        // A full or disabled storage only loses the place.
      }
    };
  }, [key]);

  useLayoutEffect(() => {
    if (!place || restored.current || loaded === 0) return;
    restored.current = true;
    window.scrollTo(0, place.scrollY);
    // Left again without following a link (Forward), the same place is kept.
    now.current.scrollY = place.scrollY;
    now.current.followed = place.followed;
    const link = place.followed ? document.querySelector<HTMLElement>(`main a[href="${CSS.escape(place.followed)}"]`) : null;
    // After the layout's own move of the focus to the page's heading, which this one replaces.
    if (link) requestAnimationFrame(() => focusElement(link, { preventScroll: true }));
  }, [place, loaded]);
}
