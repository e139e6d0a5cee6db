import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { UserEntity } from '../accounts/user.entity';
import type { BudgetRange } from '../catalog/catalog.service';
import type { BudgetKind } from '../listings/listing-terms';

/** The stored form of a saved search's filter: local taxonomy ids, every facet and term present (migration SavedSearchTerms). */
export interface StoredFilter {
  search: string | null;
  technologyIds: number[];
  projectTypeIds: number[];
  projectSuperTypeIds: number[];
  /** Budgets in this currency overlapping the range (cents; a null end is open), or null: any budget. */
  budget: BudgetRange | null;
  /** FIXED or HOURLY, or null: either. */
  budgetKind: BudgetKind | null;
  /** Only remote gigs. */
  remoteOnly: boolean;
}

/** A freelancer's catalogue filter; publishing a matching listing notifies them. */
@Entity('saved_searches')
export class SavedSearchEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column('uuid', { name: 'user_id' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<UserEntity>;

  @Column('text')
  name: string;

  /** A `StoredFilter`: `{ search, technologyIds, projectTypeIds, projectSuperTypeIds, budget, budgetKind, remoteOnly }`, taxonomy ids local. */
  @Column('jsonb')
  filter: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
