import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { requireViewer, type Context } from '../../graphql/context';
import { pageSize, toPage } from '../../graphql/connection';
import { parseUuidId } from '../../graphql/global-id';
import { registerNodeType } from '../../graphql/node';
import { loadOrThrow } from '../../graphql/relations';
import { MultilineArgs } from '../../graphql/text';
import { loadUser, UserType } from '../accounts/user.type';
import { ContractType, ContractUpdateType, CONTRACT_HIDDEN_ERRORS } from '../contracts/contract.type';
import { actingSide, viewerRolesIn } from '../contracts/contracts.policy';
import { EmployerType, toEmployerType } from '../employers/employer.type';
import { employerByIdLoader } from '../employers/employers.loaders';
import { EmployerEntity } from '../employers/employer.entity';
import { RatingType, ReviewConnection, ReviewType, toReviewType } from './review.type';
import { ReviewInput } from './reviews.inputs';
import { postedForEmployerIdsByUserIdLoader, reviewByIdLoader, reviewedSidesByConversationIdLoader, reviewsByContractIdLoader } from './reviews.loaders';
import { mayReadReview, replyRefusal, REVIEW_WINDOW_DAYS, reviewWindowClosesAt } from './reviews.policy';
import { MAX_REPLY_LENGTH, REVIEW_AWAITING_YOURS, type Rating, type ReviewSubject } from './reviews.service';

registerNodeType('Review', async (id, ctx) => {
  const review = await ctx.loader(reviewByIdLoader).load(id);
  const now = ctx.services.reviews.now();
  return review && mayReadReview(review, ctx.viewer?.userId ?? null, now) ? toReviewType(review, now) : null;
});

const REVIEW_HIDDEN_ERRORS =
  'NOT_FOUND for an unknown review and, exactly alike, for one you may not read yet (hidden until both parties reviewed or the window closed); UNAUTHENTICATED when signed out.';

function toRatingType(rating: Rating): RatingType {
  return Object.assign(new RatingType(), rating);
}

async function reviewPage(ctx: Context, subject: ReviewSubject, first: number | null | undefined, after: string | null | undefined): Promise<ReviewConnection> {
  const limit = pageSize(first);
  const page = await ctx.services.reviews.page(subject, limit, after ?? null);
  const now = ctx.services.reviews.now();
  return toPage(page.rows, limit, page.cursorOf, (review) => toReviewType(review, now));
}

@Resolver(() => ReviewType)
export class ReviewsResolver {
  @Mutation(() => ReviewType, {
    description:
      `Reviews the other party of a contract that ended (COMPLETED, or CANCELLED after both signed), once, within ${REVIEW_WINDOW_DAYS} days of its end: the poster reviews the worker, the worker the employer. ` +
      'Double-blind: the review stays hidden from the other party and the public until they review too or the window closes; then both are public together and can never be edited. ' +
      `The first review of a contract notifies the other party alone (kind ${REVIEW_AWAITING_YOURS}: who reviewed them and by when to write theirs, never the rating or text); nobody else learns of it. ` +
      'BAD_USER_INPUT for a rating outside 1 to 5 or a blank or too long body; CONFLICT when the contract has not ended, was cancelled before both signed, the window has closed, or your side already reviewed the other on this conversation (once per gig and freelancer, whichever contract ended); ' +
      'FORBIDDEN for other members of the employer (owners too while the poster is a member), who may read the contract but not review it, and for a poster who has left the employer; ' +
      CONTRACT_HIDDEN_ERRORS,
  })
  async submitReview(
    @Arg('contractId', () => ID, { description: 'Global id of the ended contract.' }) contractId: string,
    @Arg('input', () => ReviewInput, { description: 'Rating and text.' }) input: ReviewInput,
    @Ctx() ctx: Context,
  ): Promise<ReviewType> {
    const viewer = requireViewer(ctx);
    const review = await ctx.services.reviews.submit(viewer.userId, parseUuidId('Contract', contractId, 'contractId'), input);
    return toReviewType(review, ctx.services.reviews.now());
  }

  @Mutation(() => ReviewType, {
    description:
      `Adds the reviewed user’s one public reply (1 to ${MAX_REPLY_LENGTH.toLocaleString('en-US')} characters) to a published review about them; a reply is final. ` +
      'BAD_USER_INPUT on `body` when it is blank or too long; CONFLICT when the review already has a reply; FORBIDDEN for anyone but the user the review is about (the review is public), ' +
      'and, for a review about the employer, for a poster who has left the employer (a reply speaks for the employer, as every contract action by its poster does); ' +
      REVIEW_HIDDEN_ERRORS,
  })
  @MultilineArgs('body')
  async replyToReview(
    @Arg('reviewId', () => ID, { description: 'Global id of the review.' }) reviewId: string,
    @Arg('body', { description: `The reply, 1 to ${MAX_REPLY_LENGTH.toLocaleString('en-US')} characters of plain text.` }) body: string,
    @Ctx() ctx: Context,
  ): Promise<ReviewType> {
    const viewer = requireViewer(ctx);
    const review = await ctx.services.reviews.reply(viewer.userId, parseUuidId('Review', reviewId, 'reviewId'), body);
    return toReviewType(review, ctx.services.reviews.now());
  }

  @FieldResolver(() => UserType, { description: 'Who wrote it.' })
  author(@Root() review: ReviewType, @Ctx() ctx: Context): Promise<UserType> {
    return loadUser(ctx, review.authorId);
  }

  @FieldResolver(() => UserType, { description: 'The user it is about: the worker, or the poster who acted for the employer.' })
  subject(@Root() review: ReviewType, @Ctx() ctx: Context): Promise<UserType> {
    return loadUser(ctx, review.subjectId);
  }

  @FieldResolver(() => EmployerType, { description: 'The employer of the contract; the review counts in its rating when it is about the employer.' })
  async employer(@Root() review: ReviewType, @Ctx() ctx: Context): Promise<EmployerType> {
    return toEmployerType(await loadOrThrow(ctx, employerByIdLoader, review.employerId, "review's employer"));
  }

  @FieldResolver(() => Boolean, {
    description:
      'Whether `replyToReview` would take your reply now (the same rule): it is published, it has no reply yet, and it is about you as the worker, or about the employer you act for (its poster while a member; its owners once the poster has left it).',
  })
  async viewerCanReply(@Root() review: ReviewType, @Ctx() ctx: Context): Promise<boolean> {
    const viewerId = ctx.viewer?.userId ?? null;
    return (await replyRefusal(review, viewerId, ctx.services.reviews.now(), viewerRolesIn(ctx, review.employerId))) === null;
  }
}

@Resolver(() => ContractType)
export class ContractReviewsResolver {
  @FieldResolver(() => [ReviewType], {
    description: 'The reviews of this contract you may read: your own at once, the other party’s once published (both reviewed, or the window closed). At most two.',
  })
  async reviews(@Root() contract: ContractType, @Ctx() ctx: Context): Promise<ReviewType[]> {
    // Reviews exist only once a contract ended after both signed (a trigger holds to it): nothing to read before.
    if (!reviewWindowClosesAt(contract)) return [];
    const now = ctx.services.reviews.now();
    const viewerId = ctx.viewer?.userId ?? null;
    const reviews = await ctx.loader(reviewsByContractIdLoader).load(contract.localId);
    return reviews.filter((review) => mayReadReview(review, viewerId, now)).map((review) => toReviewType(review, now));
  }

  @FieldResolver(() => Date, {
    nullable: true,
    description: `When the review window closes, ${REVIEW_WINDOW_DAYS} days after the contract ended; null while it has not ended, or when it was cancelled before both signed (no reviews then).`,
  })
  reviewWindowClosesAt(@Root() contract: ContractType): Date | null {
    return reviewWindowClosesAt(contract);
  }

  @FieldResolver(() => Boolean, {
    description:
      'Whether `submitReview` would take your review now: you act for a side of the contract (its worker; for the employer its poster while a member, its owners once the poster has left), the window is open, and your side has not reviewed the other on any contract of this conversation yet (once per gig and freelancer).',
  })
  async viewerCanReview(@Root() contract: ContractType, @Ctx() ctx: Context): Promise<boolean> {
    const closesAt = reviewWindowClosesAt(contract);
    if (!closesAt || ctx.services.reviews.now().getTime() >= closesAt.getTime()) return false;
    const side = await actingSide(contract, ctx.viewer?.userId ?? null, viewerRolesIn(ctx, contract.employerId));
    if (!side) return false;
    const reviewed = await ctx.loader(reviewedSidesByConversationIdLoader).load(contract.conversationId);
    return !reviewed.includes(side === 'WORKER' ? 'EMPLOYER' : 'WORKER');
  }

  @FieldResolver(() => Boolean, {
    description:
      'Whether the other side has already reviewed you on this contract (you are the user it is about, or you act for the side it is about: an owner once the poster has left the employer), hidden or published: what the first review tells the other side alone. ' +
      'Its rating and text stay hidden until your side reviews too or the window closes. False for everyone else (other members of the employer, the public).',
  })
  async viewerHasBeenReviewed(@Root() contract: ContractType, @Ctx() ctx: Context): Promise<boolean> {
    const viewerId = ctx.viewer?.userId ?? null;
    if (!viewerId || !reviewWindowClosesAt(contract)) return false;
    const side = await actingSide(contract, viewerId, viewerRolesIn(ctx, contract.employerId));
    const reviews = await ctx.loader(reviewsByContractIdLoader).load(contract.localId);
    return reviews.some((review) => review.authorId !== viewerId && (review.subjectId === viewerId || review.subjectRole === side));
  }
}

@Resolver(() => ContractUpdateType)
export class ContractUpdateReviewResolver {
  @FieldResolver(() => ReviewType, { nullable: true, description: 'The review, for review events, when you may read it (a hidden review only for its author).' })
  async review(@Root() update: ContractUpdateType, @Ctx() ctx: Context): Promise<ReviewType | null> {
    const review = update.reviewId ? await ctx.loader(reviewByIdLoader).load(update.reviewId) : null;
    const now = ctx.services.reviews.now();
    return review && mayReadReview(review, ctx.viewer?.userId ?? null, now) ? toReviewType(review, now) : null;
  }
}

@Resolver(() => UserType)
export class UserReputationResolver {
  @FieldResolver(() => RatingType, { description: 'Stars from posters, over published reviews of the user as a freelancer.' })
  async freelancerRating(@Root() user: UserType, @Ctx() ctx: Context): Promise<RatingType> {
    return toRatingType((await ctx.loader(ctx.services.reviews.freelancerReputationLoader).load(user.localId)).rating);
  }

  @FieldResolver(() => ReviewConnection, { description: 'Published reviews of the user as a freelancer, latest published first.' })
  reviews(
    @Root() user: UserType,
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1 to 100 (default 20).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true, description: '`endCursor` of the previous page.' }) after?: string | null,
  ): Promise<ReviewConnection> {
    return reviewPage(ctx, { userId: user.localId }, first, after);
  }

  @FieldResolver(() => [EmployerType], {
    description:
      'Employers the user posts gigs for, in public: the employers of their gigs that were published (the catalogue showed them), while they are still a member; their ratings are what freelancers said about working with them. For everyone; membership itself stays private (`employers`).',
  })
  async postsFor(@Root() user: UserType, @Ctx() ctx: Context): Promise<EmployerType[]> {
    const ids = await ctx.loader(postedForEmployerIdsByUserIdLoader).load(user.localId);
    const employers = await ctx.loader(employerByIdLoader).loadMany(ids);
    return employers.filter((employer): employer is EmployerEntity => employer instanceof EmployerEntity).map(toEmployerType);
  }

  @FieldResolver(() => Int, { description: 'How many contracts the user completed as the worker.' })
  async completedContractsCount(@Root() user: UserType, @Ctx() ctx: Context): Promise<number> {
    return (await ctx.loader(ctx.services.reviews.freelancerReputationLoader).load(user.localId)).completedContracts;
  }
}

@Resolver(() => EmployerType)
export class EmployerReputationResolver {
  @FieldResolver(() => RatingType, { description: 'Stars from workers, over published reviews of the employer.' })
  async rating(@Root() employer: EmployerType, @Ctx() ctx: Context): Promise<RatingType> {
    return toRatingType((await ctx.loader(ctx.services.reviews.employerReputationLoader).load(employer.localId)).rating);
  }

  @FieldResolver(() => ReviewConnection, { description: 'Published reviews of the employer by its workers, latest published first.' })
  reviews(
    @Root() employer: EmployerType,
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1 to 100 (default 20).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true, description: '`endCursor` of the previous page.' }) after?: string | null,
  ): Promise<ReviewConnection> {
    return reviewPage(ctx, { employerId: employer.localId }, first, after);
  }

  @FieldResolver(() => Int, { description: 'How many of the employer’s contracts were completed.' })
  async completedContractsCount(@Root() employer: EmployerType, @Ctx() ctx: Context): Promise<number> {
    return (await ctx.loader(ctx.services.reviews.employerReputationLoader).load(employer.localId)).completedContracts;
  }
}
