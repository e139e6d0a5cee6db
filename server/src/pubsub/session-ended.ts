import { defineTopic } from './pubsub';

/**
 * A session was signed out: every live subscription of that session ends with UNAUTHENTICATED
 * "Your session has ended" (DESIGN §6). Published by accounts, heard by every subscription
 * (graphql/subscriptions.ts), so it lives below both.
 */
export interface SessionEndedEvent {
  sessionId: string;
}

/** One topic per session, so an event reaches only that session's subscriptions on any instance. */
export const sessionEndedTopic = defineTopic<SessionEndedEvent>('session.ended');
