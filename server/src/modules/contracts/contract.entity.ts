import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { UserEntity } from '../accounts/user.entity';
import { EmployerEntity } from '../employers/employer.entity';
import { ListingEntity } from '../listings/listing.entity';
import { ConversationEntity } from '../messaging/conversation.entity';

export type ContractStatus = 'DRAFT' | 'ACTIVE' | 'COMPLETED' | 'CANCELLED';

/** The statuses a contract never leaves (a trigger refuses any change to such a row). */
export const ENDED_STATUSES: readonly ContractStatus[] = ['COMPLETED', 'CANCELLED'];

@Entity('contracts')
@Check('CHK_contracts_completed', `("status" = 'COMPLETED') = ("completed_at" IS NOT NULL)`)
@Check('CHK_contracts_cancelled', `("status" = 'CANCELLED') = ("cancelled_at" IS NOT NULL AND "cancelled_by_id" IS NOT NULL AND "cancellation_reason" IS NOT NULL)`)
@Check('CHK_contracts_completion_request', `("completion_requested_at" IS NULL) = ("completion_note" IS NULL)`)
// A cancelled contract leaves its conversation free for a new one; only one may be live at a time.
@Index('UQ_contracts_conversation_not_cancelled', ['conversationId'], { unique: true, where: `"status" <> 'CANCELLED'` })
export class ContractEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'listing_id' })
  listingId: string;

  @ManyToOne(() => ListingEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'listing_id' })
  listing?: Relation<ListingEntity>;

  @Index()
  @Column('uuid', { name: 'conversation_id' })
  conversationId: string;

  @ManyToOne(() => ConversationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'conversation_id' })
  conversation?: Relation<ConversationEntity>;

  @Index()
  @Column('uuid', { name: 'employer_id' })
  employerId: string;

  @ManyToOne(() => EmployerEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'employer_id' })
  employer?: Relation<EmployerEntity>;

  @Index()
  @Column('uuid', { name: 'employer_user_id' })
  employerUserId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'employer_user_id' })
  employerUser?: Relation<UserEntity>;

  @Index()
  @Column('uuid', { name: 'worker_user_id' })
  workerUserId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'worker_user_id' })
  worker?: Relation<UserEntity>;

  @Column('text', { default: 'DRAFT' })
  status: ContractStatus;

  @Column('timestamptz', { name: 'employer_signed_at', nullable: true })
  employerSignedAt: Date | null;

  /** The version the poster's signature is bound to; null when unsigned. */
  @Column('int', { name: 'employer_signed_version', nullable: true })
  employerSignedVersion: number | null;

  @Column('timestamptz', { name: 'worker_signed_at', nullable: true })
  workerSignedAt: Date | null;

  @Column('int', { name: 'worker_signed_version', nullable: true })
  workerSignedVersion: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** When the worker asked the poster to complete the contract; null when no request is open. */
  @Column('timestamptz', { name: 'completion_requested_at', nullable: true })
  completionRequestedAt: Date | null;

  /** What the worker says was delivered, with the open request. */
  @Column('text', { name: 'completion_note', nullable: true })
  completionNote: string | null;

  @Column('timestamptz', { name: 'completed_at', nullable: true })
  completedAt: Date | null;

  @Column('timestamptz', { name: 'cancelled_at', nullable: true })
  cancelledAt: Date | null;

  @Column('uuid', { name: 'cancelled_by_id', nullable: true })
  cancelledById: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'cancelled_by_id' })
  cancelledBy?: Relation<UserEntity>;

  @Column('text', { name: 'cancellation_reason', nullable: true })
  cancellationReason: string | null;
}
