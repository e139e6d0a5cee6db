import { defineTopic } from './pubsub';

/**
 * A user lost some access: every live subscription that relied on it ends, on every instance,
 * with an error the client can act on (DESIGN §6: authorization changes are pushed, not polled).
 * Published by the module that changes the access (accounts for sessions, employers for
 * memberships), heard by every subscription (graphql/subscriptions.ts), so it lives below both.
 *
 * - `SESSION_ENDED`: the session was signed out; its subscriptions end with UNAUTHENTICATED.
 * - `MEMBERSHIP_ENDED`: the user is no longer a member of the employer; subscriptions that a
 *   membership let them watch (a contract of the employer they are not a party to) end as if the
 *   thing had never existed for them (NOT_FOUND).
 */
export type AccessEndedEvent = { type: 'SESSION_ENDED'; sessionId: string } | { type: 'MEMBERSHIP_ENDED'; employerId: string };

/** One topic per user: an event reaches only that user's subscriptions, on any instance. */
export const accessEndedTopic = defineTopic<AccessEndedEvent>('access.ended');
