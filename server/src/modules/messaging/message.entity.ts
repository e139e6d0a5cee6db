import { Check, Column, CreateDateColumn, Entity, Generated, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { UserEntity } from '../accounts/user.entity';
import { ConversationEntity } from './conversation.entity';

@Entity('messages')
@Check('CHK_messages_position', `"position" >= 1`)
@Index(['conversationId', 'seq'])
@Index(['toId', 'read'])
@Check('CHK_messages_client_message_id', `"client_message_id" ~ '^[A-Za-z0-9_-]{1,64}$'`)
@Index('UQ_messages_client_message_id', ['conversationId', 'fromId', 'clientMessageId'], { unique: true, where: `"client_message_id" IS NOT NULL` })
export class MessageEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Total order of messages: cursors and "arrive in order" rely on it, not on timestamps. */
  @Column('bigint', { unique: true })
  @Generated('increment')
  seq: string;

  /**
   * Its place in its conversation: 1 for the first message, 2 for the next … Given by the
   * database (a trigger before each insert bumps `conversations.message_count` under the
   * conversation's row lock, then draws the `seq`, so both follow commit order), never by the
   * app: whatever inserts a message numbers it the same way.
   */
  @Column('integer')
  position: number;

  @Column('uuid', { name: 'conversation_id' })
  conversationId: string;

  @ManyToOne(() => ConversationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'conversation_id' })
  conversation?: Relation<ConversationEntity>;

  @Column('uuid', { name: 'from_id' })
  fromId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'from_id' })
  from?: Relation<UserEntity>;

  @Column('uuid', { name: 'to_id' })
  toId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'to_id' })
  to?: Relation<UserEntity>;

  @Column('text')
  body: string;

  /**
   * The sender's own id for this message (`sendMessage`'s `clientMessageId`), null when it sent
   * none: unique per conversation and sender, so a repeated send finds the message it already
   * stored instead of storing another (an idempotency key, as Slack's `client_msg_id`).
   */
  @Column('text', { name: 'client_message_id', nullable: true })
  clientMessageId: string | null;

  @Column('boolean', { default: false })
  read: boolean;

  @Column('timestamptz', { name: 'read_at', nullable: true })
  readAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
