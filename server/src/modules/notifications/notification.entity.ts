import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { UserEntity } from '../accounts/user.entity';

@Entity('notifications')
@Index(['userId', 'createdAt'])
@Index('UQ_notifications_unread_group', { synchronize: false })
@Index('IDX_notifications_digest_pending', { synchronize: false })
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<UserEntity>;

  @Column('text')
  kind: string;

  /** Plain JSON: ids and a short summary; the client loads what it shows. */
  @Column('jsonb')
  payload: Record<string, unknown>;

  /**
   * Collapses repeats while unread (one unread "new message" per conversation): a partial
   * unique index on (user_id, group_key) where read_at is null.
   */
  @Column('text', { name: 'group_key', nullable: true })
  groupKey: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'read_at', nullable: true })
  readAt: Date | null;

  /**
   * When a digest mail listed it (null: not mailed yet). A collapsed notification refreshed by a
   * new occurrence is cleared again, so the new occurrence can be mailed once too.
   */
  @Column('timestamptz', { name: 'digested_at', nullable: true })
  digestedAt?: Date | null;

  /**
   * When its current wait for a digest began: the first occurrence since it was last mailed (or
   * created). A refresh by a new occurrence moves `createdAt`, not this, while the notification is
   * unmailed, so a stream of new messages cannot put the digest off; after a digest listed it, the
   * next occurrence starts a new wait.
   */
  @Column('timestamptz', { name: 'pending_since', default: () => 'now()' })
  pendingSince?: Date;
}
