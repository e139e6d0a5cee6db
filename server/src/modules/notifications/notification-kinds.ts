/**
 * Every kind of notification the server stores, with what it tells its user: the one list the
 * `Notification.kind` docstring is made from (notification.type.ts), so the API's documentation
 * names each kind there is. A module that adds a kind adds it here (notification-kinds.test.ts
 * finds the kinds the sources name and fails on one missing here).
 */
export const NOTIFICATION_KINDS = {
  MESSAGE_RECEIVED: 'someone wrote to you in a conversation (one per conversation while unread, moved to the latest message)',
  SAVED_SEARCH_MATCH: 'a newly published gig matches one or more of your saved searches (one per gig, naming each search it matches)',
  LISTING_EXPIRING: "a gig of an employer you belong to leaves the catalogue in 3 days, at the end of its posting period: renew it to keep it listed",
  LISTING_EXPIRED: "a gig of an employer you belong to reached the end of its posting period and left the catalogue: renewing it lists it again",
  CONTRACT_CREATED: 'the poster started a contract with you: read it as it is filled in, and sign when it is right',
  CONTRACT_DETAILS_SAVED: 'the other party saved a new version of the contract details',
  CONTRACT_SIGNED: 'the other party signed a version of the contract',
  CONTRACT_ACTIVE: 'both parties signed the same version: the contract is active',
  CHANGE_ORDER_SUBMITTED: 'the other party proposed a change order to an active contract',
  CHANGE_ORDER_ACCEPTED: 'your change order was accepted',
  CHANGE_ORDER_REJECTED: 'your change order was rejected',
  CHANGE_ORDER_WITHDRAWN: 'a change order was withdrawn',
  CONTRACT_COMPLETION_REQUESTED: 'the worker asked you to mark the contract completed',
  CONTRACT_COMPLETION_DECLINED: 'the contract was sent back to work instead of completed, with the reason',
  CONTRACT_COMPLETED: 'the contract is completed: each side has 14 days to review the other',
  CONTRACT_CANCELLED: 'the other party cancelled the contract',
  REVIEW_AWAITING_YOURS: 'the other party reviewed you: write your review before the window closes and both appear together (theirs stays hidden until then)',
  REVIEWS_PUBLISHED: 'the reviews of a contract are public: both sides reviewed, or the review window closed',
  REVIEW_REPLIED: 'the person you reviewed replied to your review',
} as const satisfies Record<string, string>;

export type NotificationKind = keyof typeof NOTIFICATION_KINDS;

/** The `Notification.kind` docstring: each kind and its meaning. */
export function notificationKindDescription(): string {
  const kinds = Object.entries(NOTIFICATION_KINDS).map(([kind, meaning]) => `${kind}: ${meaning}.`);
  return `What happened, one of these kinds (more may be added: a client shows a kind it does not know in general words). ${kinds.join(' ')}`;
}
