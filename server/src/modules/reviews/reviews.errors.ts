import { conflict, forbidden, notFound } from '../../errors';

export const reviewNotFound = () => notFound('Review');
export const partiesOnly = () =>
  forbidden('Only the worker and the poster of a contract (or, once the poster has left the employer, its owners) review each other; other employer members may only read it');
export const notEnded = () => conflict('Reviews open when the contract is completed, or cancelled after both parties signed it');
export const neverSigned = () => conflict('This contract was cancelled before both parties signed it: it takes no reviews');
export const windowClosed = (closedAt: Date) => conflict(`The review window closed on ${closedAt.toISOString()}, 14 days after the contract ended`);
export const alreadyReviewed = () => conflict('Your side has already reviewed this contract: a review cannot be changed');
export const alreadyReviewedInConversation = () =>
  conflict('This side was already reviewed on an earlier contract of the same conversation: each party reviews the other once per gig and freelancer');
export const subjectOnly = () =>
  forbidden('Only the side a review is about may reply to it: the worker, or for the employer its poster (its owners once the poster has left)');
export const alreadyReplied = () => conflict('This review already has a reply: a reply cannot be changed');
