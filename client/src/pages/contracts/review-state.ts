/**
 * What the Reviews section of an ended contract says when it shows no review and no form: one
 * sentence that is true for the viewer's state (issue 14 review, finding 6). Pure, so every
 * combination is tested as a table (e2e/contract-review-state.test.ts).
 */
export interface ReviewViewerState {
  /** Whether the review window had closed when the page was read. */
  windowClosed: boolean;
  /** How the viewer relates by name: the contract's poster (even after leaving), its worker, or neither. */
  role: 'EMPLOYER' | 'WORKER' | 'READER' | null;
  /** The side the viewer acts for now (`Contract.viewerSide`): null for an ex-member poster, members, the public. */
  side: 'EMPLOYER' | 'WORKER' | null;
  /** Whether the other side has reviewed the viewer (still hidden while the window is open). */
  reviewed: boolean;
  /** The other side's name: the employer's for the worker, the freelancer's for the employer side. */
  other: string;
  /** When the window closes, as the reader should read it. */
  closesAt: string;
}

/** The sentence for a Reviews section with nothing to show; the caller shows it only then. */
export function noReviewsSentence(state: ReviewViewerState): string {
  const { windowClosed, role, side, reviewed, other, closesAt } = state;
  if (windowClosed) return `The review window closed on ${closesAt} without published reviews.`;
  const pending = `Reviews stay hidden until both sides have reviewed, or until ${closesAt}.`;
  if (side) {
    // A side that may not review with the window open has already reviewed: on this contract by
    // another of its people (an owner, once the poster left), or on an earlier contract of this gig.
    return `Your side has already reviewed ${other} for this gig (each side reviews the other once per gig and freelancer). ${pending}`;
  }
  if (role === 'EMPLOYER') {
    const about = reviewed ? ` ${other} has reviewed you; it appears with the employer’s reviews.` : '';
    return `You have left the employer, so its owners review ${other} for it now.${about} ${pending}`;
  }
  return `No published reviews yet. ${pending}`;
}
