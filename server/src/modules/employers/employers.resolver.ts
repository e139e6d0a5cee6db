import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { requireViewer, type Context } from '../../graphql/context';
import { parseUuidId } from '../../graphql/global-id';
import { registerNodeType } from '../../graphql/node';
import { loadUser, UserType } from '../accounts/user.type';
import { AddEmployerMemberInput, CreateEmployerInput } from './employers.inputs';
import { employerByIdLoader, membersByEmployerIdLoader, membershipsByUserIdLoader } from './employers.loaders';
import { isViewer } from '../accounts/accounts.policy';
import { membersOnly, viewerEmployerRole } from './employers.policy';
import { EmployerEntity } from './employer.entity';
import { EmployerMemberType, EmployerRoleEnum, EmployerType, toEmployerType } from './employer.type';

registerNodeType('Employer', async (id, ctx) => {
  const employer = await ctx.loader(employerByIdLoader).load(id);
  return employer ? toEmployerType(employer) : null;
});

@Resolver(() => EmployerType)
export class EmployersResolver {
  @Query(() => EmployerType, { nullable: true, description: 'An employer by id; public fields for everyone, members-only fields for members.' })
  async employer(@Arg('id', () => ID, { description: 'Global id of the employer.' }) id: string, @Ctx() ctx: Context): Promise<EmployerType | null> {
    const employer = await ctx.loader(employerByIdLoader).load(parseUuidId('Employer', id, 'id'));
    return employer ? toEmployerType(employer) : null;
  }

  @Mutation(() => EmployerType, { description: 'Creates an employer; the signed-in user becomes its owner.' })
  async createEmployer(@Arg('input', () => CreateEmployerInput, { description: 'The new employer.' }) input: CreateEmployerInput, @Ctx() ctx: Context): Promise<EmployerType> {
    const viewer = requireViewer(ctx);
    return toEmployerType(await ctx.services.employers.create(viewer.userId, input));
  }

  @Mutation(() => EmployerType, {
    description:
      'Adds an existing account to the employer by email (owners only); adding a member again changes nothing. ' +
      'Errors: UNAUTHENTICATED when signed out; NOT_FOUND for an unknown employer; FORBIDDEN for anyone but its owners ' +
      '(employers are public, so this reveals nothing); BAD_USER_INPUT when the email has no account.',
  })
  async addEmployerMember(@Arg('input', () => AddEmployerMemberInput, { description: 'The new employer.' }) input: AddEmployerMemberInput, @Ctx() ctx: Context): Promise<EmployerType> {
    const viewer = requireViewer(ctx);
    const employerId = parseUuidId('Employer', input.employerId, 'employerId');
    return toEmployerType(await ctx.services.employers.addMember(viewer.userId, employerId, input.email));
  }

  @Mutation(() => EmployerType, {
    description:
      'Ends a membership: owners remove any member, and any member may remove themself (leave). The user stops seeing the ' +
      "employer's drafts, credits and contracts they are not a party to at once; their live subscriptions to those end with NOT_FOUND " +
      '(a contract they signed as poster stays theirs to read). Errors: UNAUTHENTICATED when signed out; NOT_FOUND for an unknown employer; ' +
      'FORBIDDEN for non-members, and for members removing someone else; BAD_USER_INPUT (`userId`) when that user is not a member; ' +
      'CONFLICT for the last owner.',
  })
  async removeEmployerMember(
    @Arg('employerId', () => ID, { description: 'Global id of the employer.' }) employerId: string,
    @Arg('userId', () => ID, { description: 'Global id of the member to remove: the viewer themself to leave.' }) userId: string,
    @Ctx() ctx: Context,
  ): Promise<EmployerType> {
    const viewer = requireViewer(ctx);
    const employer = parseUuidId('Employer', employerId, 'employerId');
    const member = parseUuidId('User', userId, 'userId');
    return toEmployerType(await ctx.services.employers.removeMember(viewer.userId, employer, member));
  }

  @FieldResolver(() => [EmployerMemberType], { nullable: true, description: 'Members and their roles: members only, null for everyone else.' })
  async members(@Root() employer: EmployerType, @Ctx() ctx: Context): Promise<EmployerMemberType[] | null> {
    return membersOnly(ctx, employer.localId, async () => {
      const members = await ctx.loader(membersByEmployerIdLoader).load(employer.localId);
      return members.map((member) => Object.assign(new EmployerMemberType(), { userId: member.userId, role: member.role, joinedAt: member.createdAt }));
    });
  }

  @FieldResolver(() => EmployerRoleEnum, { nullable: true, description: "The viewer's role in this employer; null when not a member." })
  async viewerRole(@Root() employer: EmployerType, @Ctx() ctx: Context): Promise<EmployerRoleEnum | null> {
    return (await viewerEmployerRole(ctx, employer.localId)) as EmployerRoleEnum | null;
  }
}

@Resolver(() => EmployerMemberType)
export class EmployerMemberResolver {
  @FieldResolver(() => UserType, { description: 'The member.' })
  user(@Root() member: EmployerMemberType, @Ctx() ctx: Context): Promise<UserType> {
    return loadUser(ctx, member.userId);
  }
}

@Resolver(() => UserType)
export class UserEmployersResolver {
  @FieldResolver(() => [EmployerType], { nullable: true, description: 'Employers the user belongs to: only the user themself sees them.' })
  async employers(@Root() user: UserType, @Ctx() ctx: Context): Promise<EmployerType[] | null> {
    if (!isViewer(ctx, user.localId)) return null;
    const memberships = await ctx.loader(membershipsByUserIdLoader).load(user.localId);
    const employers = await ctx.loader(employerByIdLoader).loadMany(memberships.map((membership) => membership.employerId));
    return employers.filter((employer) => employer instanceof EmployerEntity).map(toEmployerType);
  }
}
