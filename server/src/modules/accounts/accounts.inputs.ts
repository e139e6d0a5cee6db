import { IsEmail, IsOptional, MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { MultilineText, OmitOrValue, SecretText, TextLength } from '../../graphql/text';

@InputType({ description: 'A new account.' })
export class SignUpInput {
  @Field({ description: 'Used to sign in. Stored in one canonical form (NFC, lower case), so any case or Unicode form of it is the same account.' })
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254, { message: 'must be at most 254 characters' })
  email: string;

  @Field({ description: '10 to 200 characters, kept exactly as typed (spaces included; NFC-normalised).' })
  @SecretText()
  @TextLength(10, 200)
  password: string;

  @Field({ description: 'The name other users see, 1 to 80 characters.' })
  @TextLength(1, 80)
  displayName: string;
}

@InputType({ description: 'Credentials of an existing account.' })
export class SignInInput {
  @Field({ description: 'The account email, any case.' })
  @MaxLength(254, { message: 'must be at most 254 characters' })
  email: string;

  @Field({ description: 'The account password.' })
  @SecretText()
  @TextLength(0, 200)
  password: string;
}

@InputType({ description: 'Profile fields to change; omitted fields stay as they are, null clears an optional one.' })
export class UpdateProfileInput {
  @Field({ nullable: true, description: '1 to 80 characters. Leave it out to keep the current name; it cannot be cleared (null is BAD_USER_INPUT).' })
  @OmitOrValue()
  @TextLength(1, 80)
  displayName?: string;

  @Field(() => String, { nullable: true, description: 'Up to 5,000 characters.' })
  @IsOptional()
  @MultilineText()
  @TextLength(0, 5000)
  biography?: string | null;

  @Field(() => String, { nullable: true, description: 'Up to 120 characters.' })
  @IsOptional()
  @TextLength(0, 120)
  location?: string | null;
}
