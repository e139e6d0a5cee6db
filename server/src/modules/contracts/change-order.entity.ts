import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { UserEntity } from '../accounts/user.entity';
import { ContractEntity } from './contract.entity';

export type ChangeOrderStatus = 'PROPOSED' | 'ACCEPTED' | 'REJECTED' | 'WITHDRAWN';

@Entity('change_orders')
export class ChangeOrderEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column('uuid', { name: 'contract_id' })
  contractId: string;

  @ManyToOne(() => ContractEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'contract_id' })
  contract?: Relation<ContractEntity>;

  @Column('text')
  changes: string;

  /** Signed: a price increase is positive. */
  @Column('int', { name: 'price_change_cents', nullable: true })
  priceChangeCents: number | null;

  @Column('int', { name: 'schedule_change_days', nullable: true })
  scheduleChangeDays: number | null;

  @Column('text', { default: 'PROPOSED' })
  status: ChangeOrderStatus;

  @Column('uuid', { name: 'created_by_id' })
  createdById: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by_id' })
  createdBy?: Relation<UserEntity>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('uuid', { name: 'accepted_by_id', nullable: true })
  acceptedById: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'accepted_by_id' })
  acceptedBy?: Relation<UserEntity>;

  @Column('timestamptz', { name: 'accepted_at', nullable: true })
  acceptedAt: Date | null;

  @Column('uuid', { name: 'decided_by_id', nullable: true })
  decidedById: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'decided_by_id' })
  decidedBy?: Relation<UserEntity>;

  @Column('timestamptz', { name: 'decided_at', nullable: true })
  decidedAt: Date | null;

  @Column('text', { nullable: true })
  reason: string | null;
}
