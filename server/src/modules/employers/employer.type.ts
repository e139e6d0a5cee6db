import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { toGlobalId } from '../../graphql/global-id';
import { Node } from '../../graphql/node-interface';
import type { EmployerRole } from './employer-member.entity';
import type { EmployerEntity } from './employer.entity';

export enum EmployerRoleEnum {
  OWNER = 'OWNER',
  MEMBER = 'MEMBER',
}
registerEnumType(EmployerRoleEnum, {
  name: 'EmployerRole',
  description: 'What a member may do: owners also manage members.',
  valuesConfig: {
    OWNER: { description: 'Posts, pays and manages members.' },
    MEMBER: { description: 'Posts and pays for the employer.' },
  },
});

@ObjectType('Employer', { implements: Node, description: 'A company, or a person posting alone, that posts gigs.' })
export class EmployerType extends Node {
  localId: string;

  @Field({ description: 'Display name.' })
  name: string;

  @Field(() => String, { nullable: true, description: 'About the employer.' })
  aboutUs: string | null;

  @Field(() => String, { nullable: true, description: 'URL of the logo.' })
  logoUrl: string | null;

  @Field({ description: 'When the employer was created.' })
  createdAt: Date;
}

export function toEmployerType(entity: EmployerEntity): EmployerType {
  return Object.assign(new EmployerType(), {
    id: toGlobalId('Employer', entity.id),
    localId: entity.id,
    name: entity.name,
    aboutUs: entity.aboutUs,
    logoUrl: entity.logoUrl,
    createdAt: entity.createdAt,
  });
}

@ObjectType('EmployerMember', { description: 'A user who posts for an employer.' })
export class EmployerMemberType {
  userId: string;

  @Field(() => EmployerRoleEnum, { description: 'Owner or member.' })
  role: EmployerRole;

  @Field({ description: 'When they joined.' })
  joinedAt: Date;
}
