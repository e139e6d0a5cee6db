import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from '../../graphql/connection';
import { toGlobalId } from '../../graphql/global-id';
import { Node } from '../../graphql/node-interface';
import type { ListingEntity, ListingStatus } from './listing.entity';
import { isListed } from './listings.policy';

export enum ListingStatusEnum {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  CLOSED = 'CLOSED',
}
registerEnumType(ListingStatusEnum, {
  name: 'ListingStatus',
  description: 'Where a listing is in its life: drafts are private to the employer, published ones are in the catalogue.',
  valuesConfig: {
    DRAFT: { description: 'Being written; only members of the employer see it.' },
    PUBLISHED: { description: 'In the public catalogue (publishing spent one credit).' },
    CLOSED: { description: 'No longer taking applicants; it cannot be edited or published again.' },
  },
});

@ObjectType('Listing', { implements: Node, description: 'A gig an employer posts.' })
export class ListingType extends Node {
  localId: string;
  employerId: string;
  postedByUserId: string;
  /** Null only for a draft that has no project type yet. */
  projectTypeId: number | null;

  @Field({ description: 'Title, 5 to 120 characters.' })
  title: string;

  @Field({ description: 'What the gig is, 20 to 10,000 characters of plain text.' })
  description: string;

  @Field(() => ListingStatusEnum, { description: 'Draft, published or closed.' })
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
}

export function toListingType(entity: ListingEntity): ListingType {
  return Object.assign(new ListingType(), {
    id: toGlobalId('Listing', entity.id),
    localId: entity.id,
    employerId: entity.employerId,
    postedByUserId: entity.postedByUserId,
    projectTypeId: entity.projectTypeId,
    title: entity.title,
    description: entity.description,
    status: entity.status,
    active: isListed(entity),
    createdAt: entity.createdAt,
    updatedAt: entity.updatedAt,
    publishedAt: entity.publishedAt,
    closedAt: entity.closedAt,
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
