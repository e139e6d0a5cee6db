import { defineTopic } from '../../pubsub/pubsub';

/** A message was stored; `seq` lets a subscriber fetch, in order, every message up to this one. */
export interface MessageAddedPayload {
  type: 'MESSAGE_ADDED';
  conversationId: string;
  messageId: string;
  /** The message's `seq` (bigint as a string). */
  seq: string;
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
