import { Arg, Ctx, Field, Mutation, ObjectType, Resolver } from 'type-graphql';
import { requireViewer, type Context } from '../../graphql/context';
import { RequestPasswordResetInput, ResetPasswordInput, VerifyEmailInput } from './account-mail.inputs';

@ObjectType('VerificationEmailRequest', { description: 'What asking for a new verification link did, and when another may be asked for.' })
export class VerificationEmailRequestType {
  @Field({ description: 'Whether a new link is on its way. False when the email is already verified, or when a link was sent less than a minute ago (see `nextAllowedAt`).' })
  sent!: boolean;

  @Field({ description: "Whether the viewer's email is verified (then no link is needed)." })
  emailVerified!: boolean;

  @Field(() => Date, { nullable: true, description: 'When another link may be asked for (at most one a minute); null once the email is verified.' })
  nextAllowedAt!: Date | null;
}

@Resolver()
export class AccountMailResolver {
  @Mutation(() => Boolean, {
    description:
      'Mails a link to set a new password (valid one hour, single use) when an account has this email. ' +
      'Answers true whether or not one does, and in the same time: nobody learns which addresses have accounts. ' +
      'At most one mail per address a minute, counted from the last one sent (a request within it sends nothing and answers the same). ' +
      'BAD_USER_INPUT on `input.email` when it is not an email address; RATE_LIMITED after 20 requests in an hour from one client address.',
  })
  async requestPasswordReset(@Arg('input', () => RequestPasswordResetInput, { description: 'The fields of the request.' }) input: RequestPasswordResetInput, @Ctx() ctx: Context): Promise<boolean> {
    await ctx.services.accountMail.requestPasswordReset(input.email, ctx.request.ip);
    return true;
  }

  @Mutation(() => Boolean, {
    description:
      "Sets a new password with the token of a reset link and ends every session of the account (each live subscription ends with UNAUTHENTICATED); the email counts as verified. Sign in again afterwards. " +
      'BAD_USER_INPUT on `input.token` when the token is unknown, already used or over an hour old; on `input.password` when it is not 10 to 200 characters.',
  })
  async resetPassword(@Arg('input', () => ResetPasswordInput, { description: 'The fields of the request.' }) input: ResetPasswordInput, @Ctx() ctx: Context): Promise<boolean> {
    await ctx.services.accountMail.resetPassword(input.token, input.password);
    return true;
  }

  @Mutation(() => Boolean, {
    description:
      'Marks the email of the link\'s account verified (the token is in the mail sent at sign-up; no session needed). ' +
      'BAD_USER_INPUT on `input.token` when the token is unknown, already used or over seven days old.',
  })
  async verifyEmail(@Arg('input', () => VerifyEmailInput, { description: 'The fields of the request.' }) input: VerifyEmailInput, @Ctx() ctx: Context): Promise<boolean> {
    await ctx.services.accountMail.verifyEmail(input.token);
    return true;
  }

  @Mutation(() => VerificationEmailRequestType, {
    description:
      'Mails the signed-in user a new verification link, at most one a minute (counted from the last one sent); the answer says whether one was sent and when another may be asked for. ' +
      'Sends nothing when the email is already verified. UNAUTHENTICATED when anonymous; RATE_LIMITED after 20 requests in an hour from one client address.',
  })
  async resendVerificationEmail(@Ctx() ctx: Context): Promise<VerificationEmailRequestType> {
    const viewer = requireViewer(ctx);
    const { sent, emailVerified, nextAt } = await ctx.services.accountMail.resendVerification(viewer.userId, ctx.request.ip);
    return Object.assign(new VerificationEmailRequestType(), { sent, emailVerified, nextAllowedAt: nextAt });
  }
}
