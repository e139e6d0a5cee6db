import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { requireViewer, type Context } from '../../graphql/context';
import { notFound } from '../../errors';
import { registerNodeType } from '../../graphql/node';
import { loadOrThrow } from '../../graphql/relations';
import { isViewer } from './accounts.policy';
import { SignInInput, SignUpInput, UpdateProfileInput } from './accounts.inputs';
import { profileByUserIdLoader, userByIdLoader } from './accounts.loaders';
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

  @Mutation(() => UserType, { description: "Changes the signed-in user's profile." })
  async updateProfile(@Arg('input', () => UpdateProfileInput, { description: 'The fields of the request.' }) input: UpdateProfileInput, @Ctx() ctx: Context): Promise<UserType> {
    const viewer = requireViewer(ctx);
    await ctx.services.accounts.updateProfile(viewer.userId, input);
    const user = await ctx.loader(userByIdLoader).load(viewer.userId);
    if (!user) throw notFound('User');
    return toUserType(user);
  }

  @FieldResolver(() => String, { nullable: true, description: 'The account email: only the user themself sees it; null for everyone else.' })
  email(@Root() user: UserType, @Ctx() ctx: Context): string | null {
    return user.revealEmail || isViewer(ctx, user.localId) ? user.privateEmail : null;
  }

  @FieldResolver(() => ProfileType, { description: 'Public profile.' })
  async profile(@Root() user: UserType, @Ctx() ctx: Context): Promise<ProfileType> {
    return toProfileType(await loadOrThrow(ctx, profileByUserIdLoader, user.localId, "user's profile"));
  }

  @FieldResolver(() => Date, { description: 'When the account was created.' })
  createdAt(@Root() user: UserType): Date {
    return user.createdAt;
  }
}
