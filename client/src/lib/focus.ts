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
