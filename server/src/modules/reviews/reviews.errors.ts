import { conflict, forbidden, notFound } from '../../errors';

export const reviewNotFound = () => notFound('Review');
export const partiesOnly = () => forbidden('Only the poster and the worker of a contract review each other; other employer members may only read it');
export const notEnded = () => conflict('Reviews open when the contract is completed, or cancelled after both parties signed it');
export const neverSigned = () => conflict('This contract was cancelled before both parties signed it: it takes no reviews');
export const windowClosed = (closedAt: Date) => conflict(`The review window closed on ${closedAt.toISOString()}, 14 days after the contract ended`);
export const alreadyReviewed = () => conflict('You have already reviewed this contract: a review cannot be changed');
export const subjectOnly = () => forbidden('Only the user a review is about may reply to it');
export const alreadyReplied = () => conflict('This review already has a reply: a reply cannot be changed');
