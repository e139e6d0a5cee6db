import type { ConversationEntity } from './conversation.entity';

/**
 * Who may see a conversation: its two participants, the freelancer and the poster, and nobody
 * else (for anyone else it does not exist). The same rule in TypeScript and in SQL.
 */

type Participants = Pick<ConversationEntity, 'freelancerUserId' | 'posterUserId'>;

export function isParticipant(conversation: Participants, userId: string | undefined): boolean {
  return userId !== undefined && (userId === conversation.freelancerUserId || userId === conversation.posterUserId);
}

/** The participant a message from `userId` goes to. */
export function otherParticipant(conversation: Participants, userId: string): string {
  return userId === conversation.freelancerUserId ? conversation.posterUserId : conversation.freelancerUserId;
}

/** SQL: `userId` (an SQL expression, e.g. `$2`) takes part in the conversation `alias`. */
export function participantSql(alias: string, userId: string): string {
  return `(${alias}.freelancer_user_id = ${userId} OR ${alias}.poster_user_id = ${userId})`;
}

