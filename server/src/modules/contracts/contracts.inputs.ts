import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { MultilineText, TextLength } from '../../graphql/text';
import { MAX_SECTION_LENGTH } from './contract-content';

/** A contract section: text of at most 20,000 characters, empty allowed while drafting. */
function Section(): PropertyDecorator {
  return (target, key) => {
    MultilineText({ mayBeEmpty: true })(target, key);
    TextLength(0, MAX_SECTION_LENGTH)(target, key);
  };
}

@InputType({ description: 'All six sections of a contract version. Each may be empty while drafting (at most 20,000 characters); all six must be filled in before anyone can sign.' })
export class ContractDetailsInput {
  @Field({ description: 'What the worker will do.' })
  @Section()
  descriptionOfServices: string;

  @Field({ description: 'What the worker hands over.' })
  @Section()
  deliverables: string;

  @Field({ description: 'Milestones and dates.' })
  @Section()
  projectSchedule: string;

  @Field({ description: 'Prices and rates.' })
  @Section()
  pricingAndRates: string;

  @Field({ description: 'When and how the worker is paid.' })
  @Section()
  paymentTermsAndSchedule: string;

  @Field({ description: 'Everything else both parties agree to.' })
  @Section()
  termsAndConditions: string;
}

export const MAX_CHANGE_ORDER_LENGTH = 10_000;
export const MAX_PRICE_CHANGE_CENTS = 1_000_000_000;
export const MAX_SCHEDULE_CHANGE_DAYS = 3_650;

@InputType({ description: 'A change to an active contract, proposed by its worker.' })
export class ChangeOrderInput {
  @Field({ description: 'What changes and why, 1 to 10,000 characters.' })
  @MultilineText()
  @TextLength(1, MAX_CHANGE_ORDER_LENGTH)
  description: string;

  @Field(() => Int, { nullable: true, description: 'Change of the price in cents: positive raises it, negative lowers it.' })
  @IsOptional()
  @IsInt({ message: 'must be a whole number of cents' })
  @Min(-MAX_PRICE_CHANGE_CENTS, { message: 'must be at least -1,000,000,000' })
  @Max(MAX_PRICE_CHANGE_CENTS, { message: 'must be at most 1,000,000,000' })
  priceChangeCents?: number | null;

  @Field(() => Int, { nullable: true, description: 'Change of the schedule in days: positive extends it, negative shortens it.' })
  @IsOptional()
  @IsInt({ message: 'must be a whole number of days' })
  @Min(-MAX_SCHEDULE_CHANGE_DAYS, { message: 'must be at least -3,650' })
  @Max(MAX_SCHEDULE_CHANGE_DAYS, { message: 'must be at most 3,650' })
  scheduleChangeDays?: number | null;
}
