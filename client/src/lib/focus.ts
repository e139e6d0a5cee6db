/** Moves the focus to an element that is not a control (a heading, a list item), so a screen reader announces it. */
export function focusElement(element: HTMLElement, options?: FocusOptions): void {
  if (!element.hasAttribute('tabindex') && !element.matches('a[href], button, input, select, textarea')) element.tabIndex = -1;
  element.focus(options);
}

/**
 * After a failed submit: the first invalid field (its label and what to do are read out with it),
 * or, when no field is to blame, the sentence that says what went wrong.
 */
export function focusFirstProblem(root: HTMLElement | null | undefined): void {
  const target = root?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? root?.querySelector<HTMLElement>('.form-error, .field__error[role="alert"]');
  if (target) focusElement(target);
}

/**
 * Focuses what `find` finds in `root` as soon as it is there (a page still loading shows its
 * heading later), unless the focus has moved elsewhere meanwhile; returns the cleanup that stops waiting.
 */
export function focusWhenPresent(root: HTMLElement, find: (root: HTMLElement) => HTMLElement | null | undefined, options?: FocusOptions): () => void {
  const start = document.activeElement;
  const attempt = () => {
    // Someone who has moved on (typing in a field, say) keeps their place.
    const moved = document.activeElement !== start && document.activeElement !== document.body;
    const target = moved ? null : find(root);
    if (target) focusElement(target, options);
    return moved || Boolean(target);
  };
  if (attempt()) return () => undefined;
  const observer = new MutationObserver(() => {
    if (attempt()) observer.disconnect();
  });
  observer.observe(root, { childList: true, subtree: true });
  return () => observer.disconnect();
}

/** Where the focus goes in `main` once something replaced what had it. */
function replacementTarget(main: HTMLElement): HTMLElement | null | undefined {
  const marked = main.querySelector<HTMLElement>('[data-focus-on-replace]');
  if (marked) return marked;
  // A spinner stands in for what is coming: wait for it rather than take the page's heading now.
  if (main.querySelector('.state--loading')) return undefined;
  const region = main.querySelector<HTMLElement>('[data-focus-heading]');
  return region ? region.querySelector<HTMLElement>('h1, h2') : main.querySelector<HTMLElement>('h1');
}

/**
 * Content replaced in place takes the focused element with it (a form by its "Check your email"
 * heading, "Try again" by the results it brought, an "Unsubscribe" button by its outcome, a menu
 * link by the closed menu), and the browser leaves the focus on <body>, where a screen reader says
 * nothing and the keyboard starts again from the top. Whenever the element that had the focus is
 * gone or hidden and nothing else took it, the focus goes to what replaced it in `main`: the first
 * element marked `data-focus-on-replace` (a results count, say), else the page's (or its focus
 * region's) heading, once any loading spinner has made way. Call once, from the layout.
 */
export function refocusWhenReplaced(main: HTMLElement): () => void {
  let lastFocused: HTMLElement | null = null;
  const onFocusIn = (event: FocusEvent) => {
    lastFocused = event.target instanceof HTMLElement ? event.target : null;
  };
  const check = () => {
    if (!lastFocused) return;
    const active = document.activeElement;
    const lost = !lastFocused.isConnected || lastFocused.getClientRects().length === 0;
    if (!lost || (active && active !== document.body && active !== lastFocused)) return;
    const target = replacementTarget(main);
    if (!target) return;
    lastFocused = null;
    focusElement(target);
  };
  // A moment later, so what moves the focus itself ("Load more" to the first gig it brought, a
  // wizard to its step's heading) goes first and is left alone.
  let pending: ReturnType<typeof setTimeout> | undefined;
  const later = () => {
    clearTimeout(pending);
    pending = setTimeout(check, 100);
  };
  document.addEventListener('focusin', onFocusIn);
  const observer = new MutationObserver(later);
  observer.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['class', 'hidden'] });
  return () => {
    document.removeEventListener('focusin', onFocusIn);
    observer.disconnect();
    clearTimeout(pending);
  };
}
