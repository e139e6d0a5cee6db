import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import { UserEntity } from '../accounts/user.entity';
import { ListingEntity } from '../listings/listing.entity';

@Entity('conversations')
@Check('CHK_conversations_message_count', `"message_count" >= 0`)
@Unique('UQ_conversations_listing_freelancer', ['listingId', 'freelancerUserId'])
export class ConversationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'listing_id' })
  listingId: string;

  @ManyToOne(() => ListingEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'listing_id' })
  listing?: Relation<ListingEntity>;

  @Index()
  @Column('uuid', { name: 'freelancer_user_id' })
  freelancerUserId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'freelancer_user_id' })
  freelancer?: Relation<UserEntity>;

  @Index()
  @Column('uuid', { name: 'poster_user_id' })
  posterUserId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'poster_user_id' })
  poster?: Relation<UserEntity>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'last_message_at', default: () => 'now()' })
  lastMessageAt: Date;

  /**
   * How many messages it holds, which is the `position` of its newest: bumped by the database as
   * each message is inserted (the trigger `number_new_message`), so the n-th message of a
   * conversation is known as the n-th when it is sent, and its live event says so (a subscriber
   * spots a missed one).
   */
  @Column('integer', { name: 'message_count', default: 0 })
  messageCount: number;
}
