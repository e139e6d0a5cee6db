import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { UserEntity } from '../accounts/user.entity';

/** The stored form of a saved search's filter: local taxonomy ids, every facet present. */
export interface StoredFilter {
  search: string | null;
  technologyIds: number[];
  projectTypeIds: number[];
  projectSuperTypeIds: number[];
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

  /** `{ search?, technologyIds?, projectTypeIds?, projectSuperTypeIds? }` with taxonomy ids. */
  @Column('jsonb')
  filter: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
