import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import { UserEntity } from '../accounts/user.entity';
import { ContractEntity } from './contract.entity';

/** One saved version of a contract's six sections; a locked row is refused UPDATE and DELETE by a trigger. */
@Entity('contract_details')
@Unique('UQ_contract_details_version', ['contractId', 'version'])
export class ContractDetailsEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'contract_id' })
  contractId: string;

  @ManyToOne(() => ContractEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'contract_id' })
  contract?: Relation<ContractEntity>;

  @Column('int')
  version: number;

  @Column('uuid', { name: 'created_by_id' })
  createdById: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by_id' })
  createdBy?: Relation<UserEntity>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('text', { name: 'description_of_services', default: '' })
  descriptionOfServices: string;

  @Column('text', { default: '' })
  deliverables: string;

  @Column('text', { name: 'project_schedule', default: '' })
  projectSchedule: string;

  @Column('text', { name: 'pricing_and_rates', default: '' })
  pricingAndRates: string;

  @Column('text', { name: 'payment_terms_and_schedule', default: '' })
  paymentTermsAndSchedule: string;

  @Column('text', { name: 'terms_and_conditions', default: '' })
  termsAndConditions: string;

  /** SHA-256 (hex) of the canonical form of the six sections. */
  @Column('text', { name: 'content_hash' })
  contentHash: string;

  @Column('boolean', { default: false })
  locked: boolean;

  @Column('timestamptz', { name: 'locked_at', nullable: true })
  lockedAt: Date | null;
}
