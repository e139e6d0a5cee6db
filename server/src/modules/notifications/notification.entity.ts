import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { UserEntity } from '../accounts/user.entity';

@Entity('notifications')
@Index(['userId', 'createdAt'])
@Index('UQ_notifications_unread_group', { synchronize: false })
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
}
