import { IsInt, Max, Min } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { MultilineText, TextLength } from '../../graphql/text';
import { MAX_REVIEW_LENGTH } from './reviews.service';

@InputType({ description: 'One party’s review of the other after a contract ended.' })
export class ReviewInput {
  @Field(() => Int, { description: 'Stars, a whole number from 1 (poor) to 5 (excellent).' })
  @IsInt({ message: 'must be a whole number from 1 to 5' })
  @Min(1, { message: 'must be a whole number from 1 to 5' })
  @Max(5, { message: 'must be a whole number from 1 to 5' })
  rating: number;

  @Field({ description: `What it was like to work with them, 1 to ${MAX_REVIEW_LENGTH.toLocaleString('en-US')} characters of plain text.` })
  @MultilineText()
  @TextLength(1, MAX_REVIEW_LENGTH)
  body: string;
}
