import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsIn, ValidateNested } from 'class-validator';
import { Field, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { PREFERENCE_KINDS, type PreferenceKind } from './notification-preferences';

export enum NotificationPreferenceKind {
  MESSAGES = 'MESSAGES',
  CONTRACTS = 'CONTRACTS',
  REVIEWS = 'REVIEWS',
  SAVED_SEARCHES = 'SAVED_SEARCHES',
  LISTINGS = 'LISTINGS',
  OTHER = 'OTHER',
}

registerEnumType(NotificationPreferenceKind, {
  name: 'NotificationPreferenceKind',
  description: 'A kind of notification whose mail the user chooses; each notification `kind` belongs to one.',
  valuesConfig: {
    MESSAGES: { description: 'MESSAGE_RECEIVED: new messages in a conversation.' },
    CONTRACTS: { description: 'CONTRACT_… and CHANGE_ORDER_…: contracts and their change orders.' },
    REVIEWS: { description: 'REVIEW_…: reviews of you, published reviews and replies.' },
    SAVED_SEARCHES: { description: 'SAVED_SEARCH_MATCH: new gigs matching a saved search.' },
    LISTINGS: { description: 'LISTING_…: your own gigs (e.g. a posting about to expire).' },
    OTHER: { description: 'Any other kind.' },
  },
});

@ObjectType('NotificationPreference', { description: 'Whether notifications of one kind are mailed to the user in digests.' })
export class NotificationPreferenceType {
  @Field(() => NotificationPreferenceKind, { description: 'The kind of notification.' })
  kind: PreferenceKind;

  @Field({
    description:
      'Whether unread notifications of this kind go in the email digest (sent once one has been unread 15 minutes, to a verified address). ' +
      'True until the user turns it off (the default for every kind).',
  })
  emailDigest: boolean;
}

@InputType('NotificationPreferenceInput', { description: 'One kind of notification and whether it is mailed in digests.' })
export class NotificationPreferenceInput {
  @Field(() => NotificationPreferenceKind, { description: 'The kind of notification (each at most once per call).' })
  @IsIn(PREFERENCE_KINDS, { message: 'must be a notification preference kind' })
  kind: PreferenceKind;

  @Field({ description: 'True to mail this kind in digests, false to stop.' })
  @IsBoolean({ message: 'must be true or false' })
  emailDigest: boolean;
}

@InputType('UpdateNotificationPreferencesInput', { description: 'The kinds to change; kinds not listed stay as they are.' })
export class UpdateNotificationPreferencesInput {
  @Field(() => [NotificationPreferenceInput], { description: `1 to ${PREFERENCE_KINDS.length} kinds, each at most once.` })
  @ArrayMinSize(1, { message: 'must list at least one kind' })
  @ArrayMaxSize(PREFERENCE_KINDS.length, { message: `must list at most ${PREFERENCE_KINDS.length} kinds` })
  @ValidateNested({ each: true })
  preferences: NotificationPreferenceInput[];
}
