import { useEffect } from 'react';

/** Every page names itself and TechGigs in the window title. */
export function useTitle(title: string | null | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · TechGigs` : 'TechGigs';
  }, [title]);
}
