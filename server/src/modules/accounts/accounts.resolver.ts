import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { requireViewer, type Context } from '../../graphql/context';
import { notFound } from '../../errors';
import { localIntIdOf, parseUuidId } from '../../graphql/global-id';
import { registerNodeType } from '../../graphql/node';
import { TechnologyType } from '../taxonomy/taxonomy.type';
import { loadOrThrow } from '../../graphql/relations';
import { isViewer } from './accounts.policy';
import { SignInInput, SignUpInput, UpdateProfileInput } from './accounts.inputs';
import { profileByUserIdLoader, skillsByUserIdLoader, userByIdLoader } from './accounts.loaders';
import { AuthPayloadType, ProfileType, toProfileType, toUserType, UserType } from './user.type';

registerNodeType('User', async (id, ctx) => {
  const user = await ctx.loader(userByIdLoader).load(id);
  return user ? toUserType(user) : null;
});

@Resolver(() => UserType)
export class AccountsResolver {
  @Query(() => UserType, { nullable: true, description: 'The signed-in user; null when anonymous.' })
  async me(@Ctx() ctx: Context): Promise<UserType | null> {
    if (!ctx.viewer) return null;
    const user = await ctx.loader(userByIdLoader).load(ctx.viewer.userId);
    return user ? toUserType(user) : null;
  }

  @Query(() => UserType, {
    nullable: true,
    description:
      'A public profile, for everyone (signed in or not): display name, headline, biography, location, skills, hourly rate, links, member since, ratings and published reviews. ' +
      'Private fields (email, employers) are null for anyone but the user themself. Null for an unknown id.',
  })
  async user(@Arg('id', () => ID, { description: 'Global id of the user.' }) id: string, @Ctx() ctx: Context): Promise<UserType | null> {
    const user = await ctx.loader(userByIdLoader).load(parseUuidId('User', id, 'id'));
    return user ? toUserType(user) : null;
  }

  @Mutation(() => AuthPayloadType, { description: 'Creates an account and signs it in.' })
  async signUp(@Arg('input', () => SignUpInput, { description: 'The fields of the request.' }) input: SignUpInput, @Ctx() ctx: Context): Promise<AuthPayloadType> {
    const { token, user } = await ctx.services.accounts.signUp(input);
    return { token, user: toUserType(user, true) };
  }

  @Mutation(() => AuthPayloadType, {
    description:
      'Starts a new session. A wrong password and an unknown email give the same error; after 10 failures for one email (or 100 from one address) in 15 minutes, attempts are RATE_LIMITED.',
  })
  async signIn(@Arg('input', () => SignInInput, { description: 'The fields of the request.' }) input: SignInInput, @Ctx() ctx: Context): Promise<AuthPayloadType> {
    const { token, user } = await ctx.services.accounts.signIn(input, ctx.request.ip);
    return { token, user: toUserType(user, true) };
  }

  @Mutation(() => Boolean, { description: 'Revokes the session of the token used for this request.' })
  async signOut(@Ctx() ctx: Context): Promise<boolean> {
    const viewer = requireViewer(ctx);
    await ctx.services.accounts.signOut(viewer.sessionId);
    return true;
  }

  @Mutation(() => UserType, {
    description:
      "Changes the signed-in user's profile: every given field is checked first and, if any is bad, BAD_USER_INPUT names each one and nothing changes. UNAUTHENTICATED when signed out.",
  })
  async updateProfile(@Arg('input', () => UpdateProfileInput, { description: 'The fields of the request.' }) input: UpdateProfileInput, @Ctx() ctx: Context): Promise<UserType> {
    const viewer = requireViewer(ctx);
    const { skillIds, ...rest } = input;
    await ctx.services.accounts.updateProfile(viewer.userId, {
      ...rest,
      ...(skillIds !== undefined ? { skillIds: (skillIds ?? []).map((id) => localIntIdOf('Technology', id)) } : {}),
    });
    const user = await ctx.loader(userByIdLoader).load(viewer.userId);
    if (!user) throw notFound('User');
    return toUserType(user);
  }

  @FieldResolver(() => String, { nullable: true, description: 'The account email: only the user themself sees it; null for everyone else.' })
  email(@Root() user: UserType, @Ctx() ctx: Context): string | null {
    return user.revealEmail || isViewer(ctx, user.localId) ? user.privateEmail : null;
  }

  @FieldResolver(() => Boolean, {
    nullable: true,
    description:
      'Whether the user followed the link mailed to their address at sign-up (or reset their password through one): only the user themself sees it; null for everyone else.',
  })
  emailVerified(@Root() user: UserType, @Ctx() ctx: Context): boolean | null {
    return user.revealEmail || isViewer(ctx, user.localId) ? user.emailVerifiedAt !== null : null;
  }

  @FieldResolver(() => ProfileType, { description: 'Public profile.' })
  async profile(@Root() user: UserType, @Ctx() ctx: Context): Promise<ProfileType> {
    return toProfileType(await loadOrThrow(ctx, profileByUserIdLoader, user.localId, "user's profile"));
  }

  @FieldResolver(() => Date, { description: 'When the account was created: "member since".' })
  createdAt(@Root() user: UserType): Date {
    return user.createdAt;
  }
}

@Resolver(() => ProfileType)
export class ProfileResolver {
  @FieldResolver(() => [TechnologyType], { description: 'Skills: technologies from the taxonomy, at most 20, in the order the user gave.' })
  async skills(@Root() profile: ProfileType, @Ctx() ctx: Context): Promise<TechnologyType[]> {
    const [taxonomy, skills] = await Promise.all([ctx.services.taxonomy.get(), ctx.loader(skillsByUserIdLoader).load(profile.userId)]);
    return skills.map((skill) => {
      const technology = taxonomy.technology(skill.technologyId);
      if (!technology) throw new Error(`user ${profile.userId} has unknown skill ${skill.technologyId}`);
      return technology;
    });
  }
}
