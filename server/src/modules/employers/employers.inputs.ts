import { IsEmail, IsOptional, IsUrl, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { MultilineText, TextLength } from '../../graphql/text';

@InputType({ description: 'A new employer: a company, or a person posting alone.' })
export class CreateEmployerInput {
  @Field({ description: '2 to 120 characters.' })
  @TextLength(2, 120)
  name: string;

  @Field(() => String, { nullable: true, description: 'Up to 5,000 characters.' })
  @IsOptional()
  @MultilineText()
  @TextLength(0, 5000)
  aboutUs?: string | null;

  @Field(() => String, { nullable: true, description: 'An https URL of the logo image.' })
  @IsOptional()
  @IsUrl({ protocols: ['https'], require_protocol: true }, { message: 'must be an https URL' })
  @MaxLength(2000, { message: 'must be at most 2,000 characters' })
  logoUrl?: string | null;
}

@InputType({ description: 'Adds an existing account to an employer.' })
export class AddEmployerMemberInput {
  @Field(() => ID, { description: 'The employer.' })
  employerId: string;

  @Field({ description: 'Email of the account to add, any case.' })
  @IsEmail({}, { message: 'must be an email address' })
  email: string;
}
