import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { UserEntity } from '../accounts/user.entity';
import { ContractEntity } from '../contracts/contract.entity';
import { EmployerEntity } from '../employers/employer.entity';

/** Which side of the contract a review is about: the employer (by its worker) or the worker (by the poster). */
export type ReviewSubjectRole = 'EMPLOYER' | 'WORKER';

/**
 * One party's review of the other after a contract ended. Double-blind: `visibleAt` is when it
 * becomes public, the end of the review window until the other party reviews too, then the moment
 * they did. A trigger keeps everything but a first reply and an earlier `visibleAt` unchangeable.
 */
@Entity('reviews')
@Index('UQ_reviews_contract_author', ['contractId', 'authorId'], { unique: true })
@Index(['subjectId', 'subjectRole', 'visibleAt'])
@Index(['employerId', 'subjectRole', 'visibleAt'])
@Check('CHK_reviews_rating', `"rating" BETWEEN 1 AND 5`)
@Check('CHK_reviews_reply', `("reply" IS NULL) = ("replied_at" IS NULL)`)
@Check('CHK_reviews_subject_role', `"subject_role" IN ('EMPLOYER', 'WORKER')`)
export class ReviewEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'contract_id' })
  contractId: string;

  @ManyToOne(() => ContractEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'contract_id' })
  contract?: Relation<ContractEntity>;

  @Column('uuid', { name: 'author_id' })
  authorId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'author_id' })
  author?: Relation<UserEntity>;

  /** The user reviewed: the worker, or the poster who acted for the employer. */
  @Column('uuid', { name: 'subject_id' })
  subjectId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'subject_id' })
  subject?: Relation<UserEntity>;

  @Column('text', { name: 'subject_role' })
  subjectRole: ReviewSubjectRole;

  /** The contract's employer, so an employer's reviews are read without the contracts. */
  @Column('uuid', { name: 'employer_id' })
  employerId: string;

  @ManyToOne(() => EmployerEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'employer_id' })
  employer?: Relation<EmployerEntity>;

  @Column('smallint')
  rating: number;

  @Column('text')
  body: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'visible_at' })
  visibleAt: Date;

  @Column('text', { nullable: true })
  reply: string | null;

  @Column('timestamptz', { name: 'replied_at', nullable: true })
  repliedAt: Date | null;
}
