import { Field, Int, ObjectType } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { toGlobalId } from '../../graphql/global-id';
import { Node } from '../../graphql/node-interface';
import { loadOrThrow } from '../../graphql/relations';
import { userByIdLoader } from './accounts.loaders';
import type { ProfileEntity, ProfileLink } from './profile.entity';

@ObjectType('HourlyRate', { description: 'What a freelancer charges per hour.' })
export class HourlyRateType {
  @Field(() => Int, { description: 'Hundredths of the currency’s main unit per hour, for every currency (JPY too: ¥1,000 is 100000).' })
  cents: number;

  @Field({ description: 'ISO 4217 currency code, e.g. USD.' })
  currency: string;
}

@ObjectType('ProfileLink', { description: 'A link on a profile: portfolio, GitHub …' })
export class ProfileLinkType {
  @Field({ description: 'An http or https URL.' })
  url: string;

  @Field(() => String, { nullable: true, description: 'What the link is, e.g. "GitHub".' })
  label: string | null;
}
import type { UserEntity } from './user.entity';

@ObjectType('Profile', { description: 'What a user tells others about themselves: public to everyone.' })
export class ProfileType {
  userId: string;

  @Field({ description: 'The name other users see.' })
  displayName: string;

  @Field(() => String, { nullable: true, description: 'Free text about the user.' })
  biography: string | null;

  @Field(() => String, { nullable: true, description: 'Where the user works from.' })
  location: string | null;

  @Field(() => String, { nullable: true, description: 'One line under the name.' })
  headline: string | null;

  @Field(() => HourlyRateType, { nullable: true, description: 'What they charge per hour; null when not given.' })
  hourlyRate: HourlyRateType | null;

  @Field(() => [ProfileLinkType], { description: 'Up to 5 links (http or https).' })
  links: ProfileLinkType[];
}

@ObjectType('User', { implements: Node, description: 'A TechGigs account: a poster, a freelancer, or both.' })
export class UserType extends Node {
  /** Local id, for field resolvers; not exposed. */
  localId: string;

  /** Exposed only to the user themself. */
  privateEmail: string;

  /** Set when the result is for the user themself although the request is anonymous (sign-up, sign-in). */
  revealEmail = false;

  createdAt: Date;

  emailVerifiedAt: Date | null;
}

export function toUserType(entity: UserEntity, revealEmail = false): UserType {
  return Object.assign(new UserType(), {
    revealEmail,
    id: toGlobalId('User', entity.id),
    localId: entity.id,
    privateEmail: entity.email,
    createdAt: entity.createdAt,
    emailVerifiedAt: entity.emailVerifiedAt,
  });
}

/** The user a relation points at, as the API shows them, through the request's loader. */
export async function loadUser(ctx: Pick<Context, 'loader'>, userId: string): Promise<UserType> {
  return toUserType(await loadOrThrow(ctx, userByIdLoader, userId, 'user'));
}

export function toProfileType(entity: ProfileEntity): ProfileType {
  const rate = entity.hourlyRateCents !== null && entity.hourlyRateCurrency !== null ? { cents: entity.hourlyRateCents, currency: entity.hourlyRateCurrency } : null;
  return Object.assign(new ProfileType(), {
    userId: entity.userId,
    displayName: entity.displayName,
    biography: entity.biography,
    location: entity.location,
    headline: entity.headline,
    hourlyRate: rate && Object.assign(new HourlyRateType(), rate),
    links: entity.links.map((link: ProfileLink) => Object.assign(new ProfileLinkType(), { url: link.url, label: link.label })),
  });
}

@ObjectType('AuthPayload', { description: 'A new session: send the token as `Authorization: Bearer <token>`.' })
export class AuthPayloadType {
  @Field({ description: 'Bearer token of the session; shown only once.' })
  token: string;

  @Field(() => UserType, { description: 'The signed-in user.' })
  user: UserType;
}
