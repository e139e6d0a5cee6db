import { IsInt, Max, Min } from 'class-validator';
import { ArgsType, Field, ID, Int } from 'type-graphql';

/** Bundles of 1, 5 and 10 are what the web app offers; any count in this range may be bought. */
export const MIN_CREDIT_QUANTITY = 1;
export const MAX_CREDIT_QUANTITY = 50;
const QUANTITY_MESSAGE = `must be a whole number from ${MIN_CREDIT_QUANTITY} to ${MAX_CREDIT_QUANTITY}`;

@ArgsType()
export class StartCreditCheckoutArgs {
  @Field(() => ID, { description: 'The employer the credits are for; the viewer must be one of its members.' })
  employerId: string;

  @Field(() => Int, { description: `How many credits to buy, ${MIN_CREDIT_QUANTITY} to ${MAX_CREDIT_QUANTITY}.` })
  @IsInt({ message: QUANTITY_MESSAGE })
  @Min(MIN_CREDIT_QUANTITY, { message: QUANTITY_MESSAGE })
  @Max(MAX_CREDIT_QUANTITY, { message: QUANTITY_MESSAGE })
  quantity: number;
}
