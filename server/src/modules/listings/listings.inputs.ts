import { ArrayMaxSize, ArrayUnique, IsOptional } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { localIntIdOf } from '../../graphql/global-id';
import { MultilineText, OmitOrValue, TextLength } from '../../graphql/text';
import { technologyCountMessage, TECHNOLOGY_COUNT, type ListingContent, type NewListing } from './listings.service';

export const TITLE_LENGTH = { min: 5, max: 120 } as const;
export const DESCRIPTION_LENGTH = { min: 20, max: 10_000 } as const;

@InputType({
  description:
    'A new gig, saved as a draft of the employer. Only the title and description are needed to save it; the project type and technologies can follow with `updateListing` and are required to publish.',
})
export class CreateListingInput {
  @Field(() => ID, { description: 'The employer posting it; the viewer must be a member.' })
  employerId: string;

  @Field({ description: `${TITLE_LENGTH.min} to ${TITLE_LENGTH.max} characters; surrounding spaces are dropped.` })
  @TextLength(TITLE_LENGTH.min, TITLE_LENGTH.max)
  title: string;

  @Field({ description: `${DESCRIPTION_LENGTH.min} to 10,000 characters of plain text; surrounding spaces are dropped.` })
  @MultilineText()
  @TextLength(DESCRIPTION_LENGTH.min, DESCRIPTION_LENGTH.max)
  description: string;

  @Field(() => ID, { nullable: true, description: 'A ProjectType id; may be left out while drafting (publishing requires one).' })
  projectTypeId?: string | null;

  @Field(() => [ID], {
    nullable: true,
    description: `Up to ${TECHNOLOGY_COUNT.max} distinct Technology ids; may be left out (or empty) while drafting, publishing requires ${TECHNOLOGY_COUNT.min} to ${TECHNOLOGY_COUNT.max}.`,
  })
  @IsOptional()
  @ArrayMaxSize(TECHNOLOGY_COUNT.max, { message: technologyCountMessage })
  @ArrayUnique({ message: 'must not repeat a technology' })
  technologyIds?: string[] | null;
}

@InputType({ description: 'Changes to a listing; omitted fields stay as they are (null for the title or description is BAD_USER_INPUT: they cannot be cleared). A closed listing cannot change.' })
export class UpdateListingInput {
  @Field(() => ID, { description: 'The listing.' })
  id: string;

  @Field(() => String, { nullable: true, description: `${TITLE_LENGTH.min} to ${TITLE_LENGTH.max} characters.` })
  @OmitOrValue()
  @TextLength(TITLE_LENGTH.min, TITLE_LENGTH.max)
  title?: string | null;

  @Field(() => String, { nullable: true, description: `${DESCRIPTION_LENGTH.min} to 10,000 characters.` })
  @OmitOrValue()
  @MultilineText()
  @TextLength(DESCRIPTION_LENGTH.min, DESCRIPTION_LENGTH.max)
  description?: string | null;

  @Field(() => ID, { nullable: true, description: 'A ProjectType id.' })
  projectTypeId?: string | null;

  @Field(() => [ID], {
    nullable: true,
    description: `${TECHNOLOGY_COUNT.min} to ${TECHNOLOGY_COUNT.max} distinct Technology ids; replaces the current ones. An empty list is accepted only for a draft.`,
  })
  @IsOptional()
  @ArrayMaxSize(TECHNOLOGY_COUNT.max, { message: technologyCountMessage })
  @ArrayUnique({ message: 'must not repeat a technology' })
  technologyIds?: string[] | null;
}

/**
 * The content of a create or update input, taxonomy ids local; a null or omitted one is not
 * given. An id that is not of its kind becomes null: the service reports it after checking access.
 */
export function toListingContent(input: Omit<UpdateListingInput, 'id'>): ListingContent {
  const content: ListingContent = { title: input.title, description: input.description };
  if (input.projectTypeId !== undefined && input.projectTypeId !== null) content.projectTypeId = localIntIdOf('ProjectType', input.projectTypeId);
  if (input.technologyIds !== undefined && input.technologyIds !== null) content.technologyIds = input.technologyIds.map((id) => localIntIdOf('Technology', id));
  return content;
}

export function toNewListing(input: CreateListingInput): NewListing {
  return { ...toListingContent(input), title: input.title, description: input.description };
}
