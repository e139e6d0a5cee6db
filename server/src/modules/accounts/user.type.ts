import { Field, ObjectType } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { toGlobalId } from '../../graphql/global-id';
import { Node } from '../../graphql/node-interface';
import { loadOrThrow } from '../../graphql/relations';
import { userByIdLoader } from './accounts.loaders';
import type { ProfileEntity } from './profile.entity';
import type { UserEntity } from './user.entity';

@ObjectType('Profile', { description: 'What a user tells others about themselves.' })
export class ProfileType {
  @Field({ description: 'The name other users see.' })
  displayName: string;

  @Field(() => String, { nullable: true, description: 'Free text about the user.' })
  biography: string | null;

  @Field(() => String, { nullable: true, description: 'Where the user works from.' })
  location: string | null;
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
}

export function toUserType(entity: UserEntity, revealEmail = false): UserType {
  return Object.assign(new UserType(), {
    revealEmail,
    id: toGlobalId('User', entity.id),
    localId: entity.id,
    privateEmail: entity.email,
    createdAt: entity.createdAt,
  });
}

/** The user a relation points at, as the API shows them, through the request's loader. */
export async function loadUser(ctx: Pick<Context, 'loader'>, userId: string): Promise<UserType> {
  return toUserType(await loadOrThrow(ctx, userByIdLoader, userId, 'user'));
}

export function toProfileType(entity: ProfileEntity): ProfileType {
  return Object.assign(new ProfileType(), {
    displayName: entity.displayName,
    biography: entity.biography,
    location: entity.location,
  });
}

@ObjectType('AuthPayload', { description: 'A new session: send the token as `Authorization: Bearer <token>`.' })
export class AuthPayloadType {
  @Field({ description: 'Bearer token of the session; shown only once.' })
  token: string;

  @Field(() => UserType, { description: 'The signed-in user.' })
  user: UserType;
}
