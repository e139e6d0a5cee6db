import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { pageSize, toPage } from '../../graphql/connection';
import { requireViewer, type Context } from '../../graphql/context';
import { notFound } from '../../errors';
import { parseUuidId } from '../../graphql/global-id';
import { registerNodeType } from '../../graphql/node';
import { loadOrThrow } from '../../graphql/relations';
import { loadUser, UserType } from '../accounts/user.type';
import { EmployerType, toEmployerType } from '../employers/employer.type';
import { employerByIdLoader } from '../employers/employers.loaders';
import { viewerIsMember } from '../employers/employers.policy';
import { ProjectTypeType, TechnologyType } from '../taxonomy/taxonomy.type';
import type { ListingEntity } from './listing.entity';
import { EmployerListingConnection, ListingStatusEnum, ListingType, toListingType } from './listing.type';
import { CreateListingInput, toListingContent, toNewListing, UpdateListingInput } from './listings.inputs';
import { listingByIdLoader, technologyIdsByListingIdLoader } from './listings.loaders';
import { viewerCanSeeListing, visibleStatuses } from './listings.policy';

/** The listing if the viewer may see it; a hidden draft is NOT_FOUND exactly like a missing id. */
async function loadVisibleListing(ctx: Context, listingId: string): Promise<ListingEntity> {
  const listing = await ctx.loader(listingByIdLoader).load(listingId);
  if (!listing || !(await viewerCanSeeListing(ctx, listing))) throw notFound('Listing');
  return listing;
}

/** The errors of every mutation that members of a listing's employer only may make. */
const MEMBER_ACTION_ERRORS =
  'Errors: NOT_FOUND for an unknown listing and, exactly alike, for a never-published one (a draft) of an employer you are not a member of; ' +
  'FORBIDDEN for a signed-in non-member on a listing that has been published (it is public, so this reveals nothing); ' +
  'UNAUTHENTICATED when signed out and the listing has been published.';

registerNodeType('Listing', async (id, ctx) => {
  const listing = await ctx.loader(listingByIdLoader).load(id);
  return listing && (await viewerCanSeeListing(ctx, listing)) ? toListingType(listing) : null;
});

@Resolver(() => ListingType)
export class ListingsResolver {
  @Query(() => ListingType, { description: 'A listing by id. Drafts are visible only to members of the employer; for anyone else they are NOT_FOUND.' })
  async listing(@Arg('id', () => ID, { description: 'Global id of the listing.' }) id: string, @Ctx() ctx: Context): Promise<ListingType> {
    return toListingType(await loadVisibleListing(ctx, parseUuidId('Listing', id, 'id')));
  }

  @Mutation(() => ListingType, {
    description:
      'Creates a draft listing for an employer the viewer is a member of. Only the title and description are required; the rest can be added with `updateListing` before publishing. ' +
      'Errors: UNAUTHENTICATED when signed out; NOT_FOUND for an unknown employer; FORBIDDEN for a non-member (employers are public, so this reveals nothing); BAD_USER_INPUT naming each bad field.',
  })
  async createListing(@Arg('input', () => CreateListingInput, { description: 'The listing fields.' }) input: CreateListingInput, @Ctx() ctx: Context): Promise<ListingType> {
    const viewer = requireViewer(ctx);
    const employerId = parseUuidId('Employer', input.employerId, 'employerId');
    return toListingType(await ctx.services.listings.create(viewer.userId, employerId, toNewListing(input)));
  }

  @Mutation(() => ListingType, {
    description:
      'Changes a draft or published listing (members of the employer); a closed listing is CONFLICT. ' +
      MEMBER_ACTION_ERRORS,
  })
  async updateListing(@Arg('input', () => UpdateListingInput, { description: 'The listing fields.' }) input: UpdateListingInput, @Ctx() ctx: Context): Promise<ListingType> {
    const listingId = parseUuidId('Listing', input.id, 'id');
    return toListingType(await ctx.services.listings.update(ctx.viewer?.userId ?? null, listingId, toListingContent(input)));
  }

  @Mutation(() => ListingType, {
    description:
      'Publishes a draft for `LISTING_DAYS` (30 by default: `expiresAt`) and spends one credit of the employer (PAYMENT_REQUIRED when it has none). A draft without a project type, 1 to 10 technologies, a budget, a duration or a location is BAD_USER_INPUT naming each missing field (`budget`, `duration`, `location` for the terms), and nothing is spent. Publishing a published listing costs nothing; a closed one is CONFLICT, and so is an expired one (renew it: `renewListing`). ' +
      'FORBIDDEN while the viewer has not verified their email (the message says how: follow the mailed link, or ask for a new one from the banner of the web app, which calls `resendVerificationEmail`). ' +
      MEMBER_ACTION_ERRORS,
  })
  async publishListing(@Arg('id', () => ID, { description: 'Global id of the listing.' }) id: string, @Ctx() ctx: Context): Promise<ListingType> {
    const listingId = parseUuidId('Listing', id, 'id');
    return toListingType(await ctx.services.listings.publish(ctx.viewer?.userId ?? null, listingId));
  }

  @Mutation(() => ListingType, {
    description:
      'Renews a PUBLISHED or EXPIRED listing for another `LISTING_DAYS` (30 by default) and spends one credit of the employer (PAYMENT_REQUIRED when it has none, and nothing changes). ' +
      'The period is added to `expiresAt` while the listing runs, or starts now once it has expired; an EXPIRED listing is PUBLISHED again. ' +
      'FORBIDDEN while the viewer has not verified their email (the message says how); CONFLICT for a draft (publish it) or a closed listing. ' +
      MEMBER_ACTION_ERRORS,
  })
  async renewListing(@Arg('id', () => ID, { description: 'Global id of the listing.' }) id: string, @Ctx() ctx: Context): Promise<ListingType> {
    const listingId = parseUuidId('Listing', id, 'id');
    return toListingType(await ctx.services.listings.renew(ctx.viewer?.userId ?? null, listingId));
  }

  @Mutation(() => ListingType, {
    description:
      'Closes a listing (members of the employer): it leaves the catalogue and can no longer change; closing a closed one changes nothing. ' +
      MEMBER_ACTION_ERRORS,
  })
  async closeListing(@Arg('id', () => ID, { description: 'Global id of the listing.' }) id: string, @Ctx() ctx: Context): Promise<ListingType> {
    const listingId = parseUuidId('Listing', id, 'id');
    return toListingType(await ctx.services.listings.close(ctx.viewer?.userId ?? null, listingId));
  }

  @FieldResolver(() => ProjectTypeType, {
    nullable: true,
    description: 'What kind of project it is. Null only for a draft whose project type has not been chosen yet (publishing requires one).',
  })
  projectType(@Root() listing: ListingType, @Ctx() ctx: Context): ProjectTypeType | null | Promise<ProjectTypeType | null> {
    const { projectTypeId } = listing;
    if (projectTypeId === null) return null;
    return ctx.services.taxonomy.use((taxonomy) => {
      const projectType = taxonomy.projectType(projectTypeId);
      if (!projectType) throw new Error(`listing ${listing.localId} has unknown project type ${projectTypeId}`);
      return projectType;
    });
  }

  @FieldResolver(() => [TechnologyType], { description: 'The technologies the gig needs: 1 to 10 once published; a draft may have none yet.' })
  technologies(@Root() listing: ListingType, @Ctx() ctx: Context): TechnologyType[] | Promise<TechnologyType[]> {
    const technologiesOf = (ids: readonly number[]) =>
      ctx.services.taxonomy.use((taxonomy) =>
        ids.map((id) => {
          const technology = taxonomy.technology(id);
          if (!technology) throw new Error(`listing ${listing.localId} has unknown technology ${id}`);
          return technology;
        }),
      );
    // Read with the listing (a catalogue page): no loader, and no promise once the taxonomy is read.
    if (listing.readWith) return technologiesOf(listing.readWith.technologyIds);
    return ctx.loader(technologyIdsByListingIdLoader).load(listing.localId).then(technologiesOf);
  }

  @FieldResolver(() => EmployerType, { description: 'The employer that posts it.' })
  employer(@Root() listing: ListingType, @Ctx() ctx: Context): EmployerType | Promise<EmployerType> {
    if (listing.readWith) return toEmployerType(listing.readWith.employer);
    return loadOrThrow(ctx, employerByIdLoader, listing.employerId, "listing's employer").then(toEmployerType);
  }

  @FieldResolver(() => UserType, { description: 'The member who created it.' })
  postedBy(@Root() listing: ListingType, @Ctx() ctx: Context): Promise<UserType> {
    return loadUser(ctx, listing.postedByUserId);
  }
}

@Resolver(() => EmployerType)
export class EmployerListingsResolver {
  @FieldResolver(() => EmployerListingConnection, {
    description: "The employer's listings, newest first. Members see every status (so a draft can be resumed); everyone else sees only published ones.",
  })
  async listings(
    @Root() employer: EmployerType,
    @Ctx() ctx: Context,
    @Arg('status', () => ListingStatusEnum, { nullable: true, description: 'Only listings in this status.' }) status: ListingStatusEnum | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1 to 100 (default 20).' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'The `endCursor` of the previous page.' }) after: string | null,
  ): Promise<EmployerListingConnection> {
    const limit = pageSize(first);
    const visible = visibleStatuses(await viewerIsMember(ctx, employer.localId));
    const statuses = status ? visible.filter((candidate) => candidate === status) : visible;
    const page = statuses.length
      ? await ctx.services.listings.employerListings(employer.localId, statuses, limit, after ?? null)
      : { rows: [], cursorOf: () => '' };
    return Object.assign(new EmployerListingConnection(), {
      ...toPage(page.rows, limit, page.cursorOf, toListingType),
      employerId: employer.localId,
      statuses,
    });
  }
}

@Resolver(() => EmployerListingConnection)
export class EmployerListingConnectionResolver {
  @FieldResolver(() => Int, { description: 'How many listings the whole list holds (counted only when asked for).' })
  async totalCount(@Root() connection: EmployerListingConnection, @Ctx() ctx: Context): Promise<number> {
    if (!connection.statuses.length) return 0;
    return ctx.services.listings.countEmployerListings(connection.employerId, connection.statuses);
  }
}
