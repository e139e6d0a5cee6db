import { Column, CreateDateColumn, Entity, Generated, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { UserEntity } from '../accounts/user.entity';
import { ConversationEntity } from './conversation.entity';

@Entity('messages')
@Index(['conversationId', 'seq'])
@Index(['toId', 'read'])
export class MessageEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Total order of messages: cursors and "arrive in order" rely on it, not on timestamps. */
  @Column('bigint', { unique: true })
  @Generated('increment')
  seq: string;

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

  @Column('boolean', { default: false })
  read: boolean;

  @Column('timestamptz', { name: 'read_at', nullable: true })
  readAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
