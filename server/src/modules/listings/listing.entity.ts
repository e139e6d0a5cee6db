import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { UserEntity } from '../accounts/user.entity';
import { ProjectTypeEntity } from '../taxonomy/taxonomy.entity';
import { EmployerEntity } from '../employers/employer.entity';
import { BUDGET_CHECK, DURATION_CHECK, LOCATION_CHECK } from '../../db/migrations/1796000000000-ListingTerms';
import { COUNTRY_CODE_CHECK } from '../../db/migrations/1796010000000-ListingCountryCodes';
import type { BudgetKind, LocationKind } from './listing-terms';

export type ListingStatus = 'DRAFT' | 'PUBLISHED' | 'EXPIRED' | 'CLOSED';

@Entity('listings')
/** Only a draft may lack a project type (the wizard saves it step by step); publishing requires one. */
@Check(`"status" = 'DRAFT' OR "project_type_id" IS NOT NULL`)
@Index('IDX_listings_search', { synchronize: false })
@Index('IDX_listings_catalog', { synchronize: false })
@Index('IDX_listings_catalog_project_type', { synchronize: false })
/** The terms (listing-terms.ts), each stated whole or not at all, in bounds (migration ListingTerms says which). */
@Check('CHK_listings_budget', BUDGET_CHECK)
@Check('CHK_listings_duration', DURATION_CHECK)
@Check('CHK_listings_location', LOCATION_CHECK)
@Check('CHK_listings_country_code', COUNTRY_CODE_CHECK)
@Index('IDX_listings_catalog_budget_high', { synchronize: false })
@Index('IDX_listings_catalog_budget_low', { synchronize: false })
@Index('IDX_listings_catalog_budget_range', { synchronize: false })
@Index('IDX_listings_catalog_technologies', { synchronize: false })
@Index('IDX_listings_published_expiry', { synchronize: false })
export class ListingEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column('uuid', { name: 'employer_id' })
  employerId: string;

  @ManyToOne(() => EmployerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'employer_id' })
  employer?: Relation<EmployerEntity>;

  @Column('uuid', { name: 'posted_by_user_id' })
  postedByUserId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'posted_by_user_id' })
  postedBy?: Relation<UserEntity>;

  @Column('text')
  title: string;

  @Column('text')
  description: string;

  @Column('text', { default: 'DRAFT' })
  status: ListingStatus;

  /** Null only while a draft (see the check above). */
  @Index()
  @Column('int', { name: 'project_type_id', nullable: true })
  projectTypeId: number | null;

  @ManyToOne(() => ProjectTypeEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'project_type_id' })
  projectType?: Relation<ProjectTypeEntity>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;

  @Column('timestamptz', { name: 'published_at', nullable: true })
  publishedAt: Date | null;

  @Column('timestamptz', { name: 'closed_at', nullable: true })
  closedAt: Date | null;

  /**
   * When the period bought by publishing or the latest renewal ends (`LISTING_DAYS` each); then the
   * listing is EXPIRED. Null for a draft, and for a row written outside the app (a benchmark's seed),
   * which never expires.
   */
  @Column('timestamptz', { name: 'expires_at', nullable: true })
  expiresAt: Date | null;

  /** When the members were told the current period ends soon; null until then and again after a renewal. */
  @Column('timestamptz', { name: 'expiry_reminded_at', nullable: true })
  expiryRemindedAt: Date | null;

  /** Terms: null when not stated (listing-terms.ts). Cents are hundredths of the currency's main unit. */
  @Column('text', { name: 'budget_kind', nullable: true })
  budgetKind: BudgetKind | null;

  @Column('integer', { name: 'budget_min_cents', nullable: true })
  budgetMinCents: number | null;

  @Column('integer', { name: 'budget_max_cents', nullable: true })
  budgetMaxCents: number | null;

  @Column('text', { name: 'budget_currency', nullable: true })
  budgetCurrency: string | null;

  @Column('integer', { name: 'duration_weeks', nullable: true })
  durationWeeks: number | null;

  @Column('integer', { name: 'hours_per_week', nullable: true })
  hoursPerWeek: number | null;

  @Column('text', { name: 'location_kind', nullable: true })
  locationKind: LocationKind | null;

  @Column('text', { name: 'location_city', nullable: true })
  locationCity: string | null;

  @Column('text', { name: 'location_country_code', nullable: true })
  locationCountryCode: string | null;

  @Column('integer', { name: 'utc_offset_from_minutes', nullable: true })
  utcOffsetFromMinutes: number | null;

  @Column('integer', { name: 'utc_offset_to_minutes', nullable: true })
  utcOffsetToMinutes: number | null;

  /** Names of the listing's technologies, kept by a trigger on `listing_technologies`, for the search document. */
  @Column({ type: 'text', name: 'technology_names', default: '', select: false, insert: false, update: false })
  technologyNames?: string;

  /**
   * Weighted full-text document (title A, description B, tagged technologies C), kept by
   * PostgreSQL itself through `catalog_search_document` (migration TechnologyAwareSearch).
   */
  @Column({
    type: 'tsvector',
    select: false,
    insert: false,
    update: false,
    generatedType: 'STORED',
    asExpression: 'catalog_search_document(title, description, technology_names)',
  })
  search?: string;
}
