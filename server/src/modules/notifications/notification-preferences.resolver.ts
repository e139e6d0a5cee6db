import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { requireViewer, type Context } from '../../graphql/context';
import { NotificationPreferenceType, UpdateNotificationPreferencesInput } from './notification-preferences.type';
import type { NotificationPreference } from './digest.service';

const toType = (preference: NotificationPreference): NotificationPreferenceType => Object.assign(new NotificationPreferenceType(), preference);

@Resolver()
export class NotificationPreferencesResolver {
  @Query(() => [NotificationPreferenceType], {
    description:
      "The viewer's choice of email digests, one entry for every NotificationPreferenceKind (in the enum's order); a kind never chosen is on. " +
      'A digest mails the unread notifications of the kinds that are on once one of them has been unread for 15 minutes, to a verified address only. UNAUTHENTICATED when anonymous.',
  })
  async notificationPreferences(@Ctx() ctx: Context): Promise<NotificationPreferenceType[]> {
    const viewer = requireViewer(ctx);
    return (await ctx.services.digests.preferences(viewer.userId)).map(toType);
  }

  @Mutation(() => [NotificationPreferenceType], {
    description:
      "Turns the email digest of the listed kinds on or off (kinds not listed stay as they are) and answers every kind, as `notificationPreferences`. " +
      'BAD_USER_INPUT on `preferences` for none or more kinds than exist, on `preferences.N.kind` for a kind listed a second time. UNAUTHENTICATED when anonymous.',
  })
  async updateNotificationPreferences(
    @Arg('input', () => UpdateNotificationPreferencesInput, { description: 'The kinds to change.' }) input: UpdateNotificationPreferencesInput,
    @Ctx() ctx: Context,
  ): Promise<NotificationPreferenceType[]> {
    const viewer = requireViewer(ctx);
    return (await ctx.services.digests.updatePreferences(viewer.userId, input.preferences)).map(toType);
  }
}
