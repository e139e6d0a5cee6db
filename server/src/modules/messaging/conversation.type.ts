import { createUnionType, Field, ObjectType } from 'type-graphql';
import { cursorFormat, cursorParts } from '../../db/cursors';
import { Connection } from '../../graphql/connection';
import { toGlobalId } from '../../graphql/global-id';
import { Node } from '../../graphql/node-interface';
import type { ConversationEntity } from './conversation.entity';
import type { MessageEntity } from './message.entity';

@ObjectType('Conversation', {
  implements: Node,
  description: "A chat about one listing between a freelancer and the listing's poster; nobody else can read it.",
})
export class ConversationType extends Node {
  localId: string;
  listingId: string;
  freelancerUserId: string;
  posterUserId: string;

  @Field({ description: 'When the freelancer started it.' })
  createdAt: Date;

  @Field({ description: 'When its latest message was sent; `conversations` is ordered by it, newest first.' })
  lastMessageAt: Date;
}

export function toConversationType(entity: ConversationEntity): ConversationType {
  return Object.assign(new ConversationType(), {
    id: toGlobalId('Conversation', entity.id),
    localId: entity.id,
    listingId: entity.listingId,
    freelancerUserId: entity.freelancerUserId,
    posterUserId: entity.posterUserId,
    createdAt: entity.createdAt,
    lastMessageAt: entity.lastMessageAt,
  });
}

@ObjectType('Message', { implements: Node, description: 'One chat message; stored before anyone is told about it.' })
export class MessageType extends Node {
  localId: string;
  conversationId: string;
  fromId: string;
  toId: string;

  @Field({ description: 'The text, 1 to 5,000 characters, trimmed.' })
  body: string;

  @Field({ description: 'Whether the recipient has read it.' })
  read: boolean;

  @Field(() => Date, { nullable: true, description: 'When the recipient read it; null while unread.' })
  readAt: Date | null;

  @Field({ description: 'When it was sent.' })
  createdAt: Date;

  @Field({ description: "Its place in the conversation: pass it as `messages(after:)` to fetch what came after it (e.g. after a reconnect), or as `messages(before:)` for what came before it." })
  cursor: string;
}

/** A message's place in its conversation: its sequence number. */
export const messageCursorFormat = cursorFormat(cursorParts.bigint);

export function messageCursor(seq: string): string {
  return messageCursorFormat.encode([seq]);
}

export function toMessageType(entity: MessageEntity): MessageType {
  return Object.assign(new MessageType(), {
    id: toGlobalId('Message', entity.id),
    localId: entity.id,
    conversationId: entity.conversationId,
    fromId: entity.fromId,
    toId: entity.toId,
    body: entity.body,
    read: entity.read,
    readAt: entity.readAt,
    createdAt: entity.createdAt,
    cursor: messageCursor(entity.seq),
  });
}

@ObjectType('MessageConnection', { description: 'Messages of a conversation, oldest first.' })
export class MessageConnection extends Connection(MessageType, 'Message') {}

@ObjectType('ConversationConnection', { description: "The viewer's conversations, newest activity first." })
export class ConversationConnection extends Connection(ConversationType, 'Conversation') {}

@ObjectType('MessageAddedEvent', { description: 'A message was sent in the conversation (by either participant).' })
export class MessageAddedEvent {
  @Field(() => MessageType, { description: 'The new message.' })
  message: MessageType;
}

@ObjectType('MessagesReadEvent', { description: 'The other participant read your messages, up to and including `lastReadMessage`.' })
export class MessagesReadEvent {
  readerId: string;

  @Field(() => MessageType, { description: 'The newest message they have now read.' })
  lastReadMessage: MessageType;

  @Field({ description: 'When they read them.' })
  readAt: Date;
}

@ObjectType('TypingEvent', { description: 'The other participant is typing; not stored. Show it for a few seconds unless it repeats.' })
export class TypingEvent {
  userId: string;

  @Field({ description: 'When they were typing.' })
  at: Date;
}

export const ConversationEvent = createUnionType({
  name: 'ConversationEvent',
  description: 'Something that happened live in a conversation.',
  types: () => [MessageAddedEvent, MessagesReadEvent, TypingEvent] as const,
  resolveType: (value) => {
    if (value instanceof MessageAddedEvent) return MessageAddedEvent;
    if (value instanceof MessagesReadEvent) return MessagesReadEvent;
    return TypingEvent;
  },
});
