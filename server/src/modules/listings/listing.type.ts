import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from '../../graphql/connection';
import { toGlobalId } from '../../graphql/global-id';
import { Node } from '../../graphql/node-interface';
import type { ListingEntity, ListingStatus } from './listing.entity';
import { isListed } from './listings.policy';
import { termsOfListing, type BudgetKind, type LocationKind } from './listing-terms';
import type { ReadWithListing } from './listing.sql';

export enum ListingStatusEnum {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  EXPIRED = 'EXPIRED',
  CLOSED = 'CLOSED',
}
registerEnumType(ListingStatusEnum, {
  name: 'ListingStatus',
  description: 'Where a listing is in its life: drafts are private to the employer, published ones are in the catalogue.',
  valuesConfig: {
    DRAFT: { description: 'Being written; only members of the employer see it.' },
    PUBLISHED: { description: 'In the public catalogue until `expiresAt` (publishing or renewing spent one credit).' },
    EXPIRED: {
      description: 'Its period ran out: out of the catalogue, taking no new conversations (those it has, and contracts, go on); `renewListing` publishes it again.',
    },
    CLOSED: { description: 'No longer taking applicants; it cannot be edited or published again.' },
  },
});

export enum BudgetKindEnum {
  FIXED = 'FIXED',
  HOURLY = 'HOURLY',
}
registerEnumType(BudgetKindEnum, {
  name: 'BudgetKind',
  description: 'How a gig pays.',
  valuesConfig: {
    FIXED: { description: 'A fixed price for the whole gig.' },
    HOURLY: { description: 'A rate per hour worked.' },
  },
});

export enum LocationKindEnum {
  REMOTE = 'REMOTE',
  HYBRID = 'HYBRID',
  ONSITE = 'ONSITE',
}
registerEnumType(LocationKindEnum, {
  name: 'LocationKind',
  description: 'Where a gig is worked.',
  valuesConfig: {
    REMOTE: { description: 'From anywhere, maybe within a time-zone window.' },
    HYBRID: { description: 'Partly remote, partly at a place (city and country).' },
    ONSITE: { description: 'At a place (city and country).' },
  },
});

const CENTS = "hundredths of the currency's main unit, for every currency (JPY too: ¥1,000 is 100000)";

@ObjectType('ListingBudget', { description: 'What a gig pays: a range, fixed price or hourly, in one currency.' })
export class ListingBudgetType {
  @Field(() => BudgetKindEnum, { description: 'Fixed price or hourly.' })
  kind: BudgetKind;

  @Field(() => Int, { description: `The least it pays (for the whole gig or per hour), in ${CENTS}.` })
  minCents: number;

  @Field(() => Int, { description: `The most it pays, in ${CENTS}; equal to minCents for a single figure.` })
  maxCents: number;

  @Field({ description: 'ISO 4217 currency code, upper case (USD, EUR).' })
  currency: string;
}

@ObjectType('ListingDuration', { description: 'How long a gig is expected to take.' })
export class ListingDurationType {
  @Field(() => Int, { description: 'Estimated length in weeks, 1 to 104.' })
  weeks: number;

  @Field(() => Int, { description: 'Estimated hours of work per week, 1 to 80.' })
  hoursPerWeek: number;
}

@ObjectType('TimeZoneWindow', {
  description:
    'The UTC offsets a remote worker should be at, in minutes east of UTC (UTC−05:00 is -300), both ends included. Offsets rather than IANA zones: a window between two zones would move with their daylight saving time.',
})
export class TimeZoneWindowType {
  @Field(() => Int, { description: 'The westernmost offset, minutes, -720 to 840.' })
  fromUtcOffsetMinutes: number;

  @Field(() => Int, { description: 'The easternmost offset, minutes, -720 to 840, at least fromUtcOffsetMinutes.' })
  toUtcOffsetMinutes: number;
}

@ObjectType('ListingLocation', { description: 'Where a gig is worked.' })
export class ListingLocationType {
  @Field(() => LocationKindEnum, { description: 'Remote, hybrid or on site.' })
  kind: LocationKind;

  @Field(() => String, { nullable: true, description: 'The city, for a hybrid or on-site gig; null when remote.' })
  city: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2 country code, upper case (DE, US), for a hybrid or on-site gig; null when remote.' })
  countryCode: string | null;

  @Field(() => TimeZoneWindowType, { nullable: true, description: 'For a remote gig, the time zones it wants; null: any (and always null when not remote).' })
  timeZoneWindow: TimeZoneWindowType | null;
}

@ObjectType('Listing', { implements: Node, description: 'A gig an employer posts.' })
export class ListingType extends Node {
  localId: string;
  employerId: string;
  postedByUserId: string;
  /** Null only for a draft that has no project type yet. */
  projectTypeId: number | null;
  /** What the statement that read the listing read with it (a catalogue page's); else its relations are loaded. */
  readWith?: ReadWithListing;

  @Field({ description: 'Title, 5 to 120 characters.' })
  title: string;

  @Field({ description: 'What the gig is, 20 to 10,000 characters of plain text.' })
  description: string;

  @Field(() => ListingStatusEnum, { description: 'Draft, published, expired or closed. A published listing past its `expiresAt` reads EXPIRED at once.' })
  status: ListingStatus;

  @Field({ description: 'Whether it is published (in the catalogue and taking applicants).' })
  active: boolean;

  @Field({ description: 'When the listing was created (as a draft).' })
  createdAt: Date;

  @Field({ description: 'When the listing last changed.' })
  updatedAt: Date;

  @Field(() => Date, { nullable: true, description: 'When it was published; null for a draft.' })
  publishedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it was closed; null while open.' })
  closedAt: Date | null;

  @Field(() => Date, {
    nullable: true,
    description:
      'When the period bought by publishing or the latest renewal ends (`LISTING_DAYS`, 30 by default, each), or ended for an EXPIRED listing. Members of the employer are notified (LISTING_EXPIRING) 3 days before. Null for a draft.',
  })
  expiresAt: Date | null;

  @Field(() => ListingBudgetType, { nullable: true, description: 'What it pays; null when not stated (a draft, or a listing published before terms existed). Required to publish.' })
  budget: ListingBudgetType | null;

  @Field(() => ListingDurationType, { nullable: true, description: 'How long it takes; null when not stated. Required to publish.' })
  duration: ListingDurationType | null;

  @Field(() => ListingLocationType, { nullable: true, description: 'Where it is worked; null when not stated. Required to publish.' })
  location: ListingLocationType | null;
}

export function toListingType(entity: ListingEntity): ListingType {
  const terms = termsOfListing(entity);
  const location = terms.location;
  return Object.assign(new ListingType(), {
    budget: terms.budget && Object.assign(new ListingBudgetType(), terms.budget),
    duration: terms.duration && Object.assign(new ListingDurationType(), terms.duration),
    location:
      location &&
      Object.assign(new ListingLocationType(), { ...location, timeZoneWindow: location.timeZoneWindow && Object.assign(new TimeZoneWindowType(), location.timeZoneWindow) }),
    id: toGlobalId('Listing', entity.id),
    localId: entity.id,
    employerId: entity.employerId,
    postedByUserId: entity.postedByUserId,
    projectTypeId: entity.projectTypeId,
    title: entity.title,
    description: entity.description,
    // The expiry job flips the status within a minute; the time says it first.
    status: entity.status === 'PUBLISHED' && !isListed(entity) ? 'EXPIRED' : entity.status,
    active: isListed(entity),
    createdAt: entity.createdAt,
    updatedAt: entity.updatedAt,
    publishedAt: entity.publishedAt,
    closedAt: entity.closedAt,
    expiresAt: entity.expiresAt,
  });
}

/** Edges and page info of every list of listings (the catalogue, an employer's listings). */
export const ListingConnectionBase = Connection(ListingType, 'Listing');

@ObjectType('EmployerListingConnection', { description: "A page of an employer's listings, newest first." })
export class EmployerListingConnection extends ListingConnectionBase {
  /** What `totalCount` counts: the employer and the statuses the viewer may see. */
  employerId: string;
  statuses: ListingStatus[];
}
