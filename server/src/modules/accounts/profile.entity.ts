import { Check, Column, Entity, JoinColumn, OneToOne, PrimaryColumn, type Relation } from 'typeorm';
import { UserEntity } from './user.entity';

/** A link on a profile (portfolio, GitHub …): an http or https URL with an optional label. */
export interface ProfileLink {
  url: string;
  label: string | null;
}

export const MAX_PROFILE_LINKS = 5;

@Entity('profiles')
@Check('CHK_profiles_hourly_rate', `("hourly_rate_cents" IS NULL) = ("hourly_rate_currency" IS NULL) AND ("hourly_rate_cents" IS NULL OR "hourly_rate_cents" > 0)`)
@Check('CHK_profiles_links', `jsonb_typeof("links") = 'array' AND jsonb_array_length("links") <= 5`)
export class ProfileEntity {
  @PrimaryColumn('uuid', { name: 'user_id' })
  userId: string;

  @OneToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<UserEntity>;

  @Column('text', { name: 'display_name' })
  displayName: string;

  @Column('text', { nullable: true })
  biography: string | null;

  @Column('text', { nullable: true })
  location: string | null;

  /** One line under the name, e.g. "Backend engineer, Go and PostgreSQL". */
  @Column('text', { nullable: true })
  headline: string | null;

  /** Cents of `hourlyRateCurrency` per hour; both null when not given. */
  @Column('int', { name: 'hourly_rate_cents', nullable: true })
  hourlyRateCents: number | null;

  /** ISO 4217 code, upper case. */
  @Column('text', { name: 'hourly_rate_currency', nullable: true })
  hourlyRateCurrency: string | null;

  @Column('jsonb', { default: () => `'[]'` })
  links: ProfileLink[];
}
