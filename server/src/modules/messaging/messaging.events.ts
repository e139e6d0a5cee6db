import { defineTopic } from '../../pubsub/pubsub';

/**
 * A message was stored. It travels whole, with its place in the conversation (`position`): a
 * subscriber that delivered message `position - 1` shows it from the event; one that missed a
 * message (an event lost or overtaken) fetches, in order, every message up to `seq` instead.
 */
export interface MessageAddedPayload {
  type: 'MESSAGE_ADDED';
  conversationId: string;
  messageId: string;
  /** The message's `seq` (bigint as a string): global, increasing, so not a place in the conversation. */
  seq: string;
  /**
   * 1 for the conversation's first message, 2 for the next … (`messages.position`, given by the
   * database). Absent from events of servers older than it: those are loaded.
   */
  position?: number;
  /**
   * The message as stored (`read` false: it was just sent); `sentAt` an ISO timestamp. Absent when
   * its body is longer than MAX_EVENT_BODY_LENGTH (messaging.service.ts): subscribers load it.
   */
  message?: { fromId: string; toId: string; body: string; sentAt: string };
}

/** `readerId` read every message sent to them in the conversation up to `lastReadMessageId`. */
export interface MessagesReadPayload {
  type: 'MESSAGES_READ';
  conversationId: string;
  readerId: string;
  lastReadMessageId: string;
  /** ISO timestamp. */
  readAt: string;
}

/** Ephemeral, never stored: `userId` is typing. */
export interface TypingPayload {
  type: 'TYPING';
  conversationId: string;
  userId: string;
  /** ISO timestamp. */
  at: string;
}

export type ConversationEventPayload = MessageAddedPayload | MessagesReadPayload | TypingPayload;

/** One topic per conversation: `conversation:<conversationId>`; only its two participants listen. */
export const conversationTopic = defineTopic<ConversationEventPayload>('conversation');
