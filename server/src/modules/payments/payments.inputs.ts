import { IsInt, Max, Min } from 'class-validator';
import { ArgsType, Field, ID, Int } from 'type-graphql';
import { CREDIT_QUANTITY_MESSAGE, MAX_CREDIT_QUANTITY, MIN_CREDIT_QUANTITY } from './payments.service';

@ArgsType()
export class StartCreditCheckoutArgs {
  @Field(() => ID, { description: 'The employer the credits are for; the viewer must be one of its members.' })
  employerId: string;

  @Field(() => Int, { description: `How many credits to buy, ${MIN_CREDIT_QUANTITY} to ${MAX_CREDIT_QUANTITY}.` })
  @IsInt({ message: CREDIT_QUANTITY_MESSAGE })
  @Min(MIN_CREDIT_QUANTITY, { message: CREDIT_QUANTITY_MESSAGE })
  @Max(MAX_CREDIT_QUANTITY, { message: CREDIT_QUANTITY_MESSAGE })
  quantity: number;
}
