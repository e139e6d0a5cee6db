import { ArrayMaxSize, IsOptional } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { TextLength } from '../../graphql/text';

export const SEARCH_MAX_LENGTH = 200;
const MAX_IDS = 50;

@InputType('ListingFilter', {
  description: 'What to look for in the catalogue. Several ids of one kind match any of them (OR); different kinds must all match (AND).',
})
export class ListingFilterInput {
  @Field(() => String, {
    nullable: true,
    description: `Full-text search of title and description, web-search syntax ("exact phrase", -exclude, or); up to ${SEARCH_MAX_LENGTH} characters. Results are ordered by relevance when given.`,
  })
  @IsOptional()
  @TextLength(0, SEARCH_MAX_LENGTH)
  search?: string | null;

  @Field(() => [ID], { nullable: true, description: 'Listings needing any of these technologies.' })
  @IsOptional()
  @ArrayMaxSize(MAX_IDS, { message: `must name at most ${MAX_IDS} technologies` })
  technologyIds?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Listings of any of these project types.' })
  @IsOptional()
  @ArrayMaxSize(MAX_IDS, { message: `must name at most ${MAX_IDS} project types` })
  projectTypeIds?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Listings of any project type of these super types.' })
  @IsOptional()
  @ArrayMaxSize(MAX_IDS, { message: `must name at most ${MAX_IDS} project super types` })
  projectSuperTypeIds?: string[] | null;

  @Field(() => ID, { nullable: true, description: "Only this employer's listings." })
  employerId?: string | null;
}
