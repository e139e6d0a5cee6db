import { ArrayMaxSize, IsOptional } from 'class-validator';
import { ArgsType, Field, ID } from 'type-graphql';

@ArgsType()
export class MarkNotificationsReadArgs {
  @Field(() => [ID], { nullable: true, description: 'Notifications to mark read (at most 100); omit to mark all of the viewer’s.' })
  @IsOptional()
  @ArrayMaxSize(100, { message: 'must be at most 100 ids' })
  ids?: string[] | null;
}
