import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from '../../graphql/connection';
import { toGlobalId } from '../../graphql/global-id';
import { Node } from '../../graphql/node-interface';
import type { ReviewEntity, ReviewSubjectRole } from './review.entity';
import { isPublished } from './reviews.policy';

export enum ReviewSubjectRoleEnum {
  EMPLOYER = 'EMPLOYER',
  WORKER = 'WORKER',
}
registerEnumType(ReviewSubjectRoleEnum, {
  name: 'ReviewSubjectRole',
  description: 'Which side of the contract a review is about.',
  valuesConfig: {
    EMPLOYER: { description: 'The employer (its poster), reviewed by the worker; counts in `Employer.rating`.' },
    WORKER: { description: 'The freelancer, reviewed by the poster; counts in `User.freelancerRating`.' },
  },
});

@ObjectType('Rating', { description: 'Stars over published reviews only (double-blind reviews still hidden do not count).' })
export class RatingType {
  @Field(() => Float, { nullable: true, description: 'Mean of the ratings (1 to 5), rounded to one decimal; null when there are no published reviews.' })
  average: number | null;

  @Field(() => Int, { description: 'How many published reviews the average is over.' })
  count: number;
}

@ObjectType('Review', {
  implements: Node,
  description:
    'One party’s review of the other after a contract ended (DESIGN §4, Review). Double-blind: only its author sees it until both parties have reviewed the contract or 14 days have passed since it ended; then it is public and final.',
})
export class ReviewType extends Node {
  localId: string;
  contractId: string;
  authorId: string;
  subjectId: string;
  employerId: string;
  /** When it is (or was) published; read by the policy, shown as `publishedAt` once passed. */
  visibleAt: Date;

  @Field(() => Int, { description: 'Stars, 1 to 5.' })
  rating: number;

  @Field({ description: 'The review text.' })
  body: string;

  @Field(() => ReviewSubjectRoleEnum, { description: 'Whether it is about the employer (by the worker) or the worker (by the poster).' })
  subjectRole: ReviewSubjectRole;

  @Field({ description: 'When its author submitted it.' })
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'When it became public; null while it is still hidden (only its author sees it then).' })
  publishedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'The reviewed user’s one public reply; null until they reply.' })
  reply: string | null;

  @Field(() => Date, { nullable: true, description: 'When the reply was written.' })
  repliedAt: Date | null;
}

export function toReviewType(entity: ReviewEntity, now: Date): ReviewType {
  return Object.assign(new ReviewType(), {
    id: toGlobalId('Review', entity.id),
    localId: entity.id,
    contractId: entity.contractId,
    authorId: entity.authorId,
    subjectId: entity.subjectId,
    employerId: entity.employerId,
    visibleAt: entity.visibleAt,
    rating: entity.rating,
    body: entity.body,
    subjectRole: entity.subjectRole,
    createdAt: entity.createdAt,
    publishedAt: isPublished(entity, now) ? entity.visibleAt : null,
    reply: entity.reply,
    repliedAt: entity.repliedAt,
  });
}

@ObjectType('ReviewConnection', { description: 'A page of published reviews, latest published first.' })
export class ReviewConnection extends Connection(ReviewType, 'Review') {}
