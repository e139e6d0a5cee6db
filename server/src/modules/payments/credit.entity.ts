import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { UserEntity } from '../accounts/user.entity';
import { EmployerEntity } from '../employers/employer.entity';
import { ListingEntity } from '../listings/listing.entity';
import { PaymentEntity } from './payment.entity';

/** One credit publishes one listing or renews it for one period; `listingId` stays null until it is spent. */
@Entity('credits')
@Index('IDX_credits_unspent', { synchronize: false })
export class CreditEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'employer_id' })
  employerId: string;

  @ManyToOne(() => EmployerEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'employer_id' })
  employer?: Relation<EmployerEntity>;

  @Column('uuid', { name: 'purchased_by_user_id' })
  purchasedByUserId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'purchased_by_user_id' })
  purchasedBy?: Relation<UserEntity>;

  @Index()
  @Column('uuid', { name: 'payment_id' })
  paymentId: string;

  @ManyToOne(() => PaymentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'payment_id' })
  payment?: Relation<PaymentEntity>;

  /** The listing it was spent on: by publishing it, or by renewing it (a listing may have several). */
  @Index('IDX_credits_listing_id')
  @Column('uuid', { name: 'listing_id', nullable: true })
  listingId: string | null;

  @ManyToOne(() => ListingEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'listing_id' })
  listing?: Relation<ListingEntity>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'spent_at', nullable: true })
  spentAt: Date | null;
}
