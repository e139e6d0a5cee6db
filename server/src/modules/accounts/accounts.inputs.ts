import { IsEmail, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';

@InputType({ description: 'A new account.' })
export class SignUpInput {
  @Field({ description: 'Used to sign in; compared case-insensitively.' })
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254, { message: 'must be at most 254 characters' })
  email: string;

  @Field({ description: '10 to 200 characters.' })
  @Length(10, 200, { message: 'must be 10 to 200 characters' })
  password: string;

  @Field({ description: 'The name other users see, 1 to 80 characters.' })
  @IsString()
  @Length(1, 80, { message: 'must be 1 to 80 characters' })
  displayName: string;
}

@InputType({ description: 'Credentials of an existing account.' })
export class SignInInput {
  @Field({ description: 'The account email, any case.' })
  @MaxLength(254, { message: 'must be at most 254 characters' })
  email: string;

  @Field({ description: 'The account password.' })
  @MaxLength(200, { message: 'must be at most 200 characters' })
  password: string;
}

@InputType({ description: 'Profile fields to change; omitted fields stay as they are, null clears an optional one.' })
export class UpdateProfileInput {
  @Field({ nullable: true, description: '1 to 80 characters.' })
  @IsOptional()
  @Length(1, 80, { message: 'must be 1 to 80 characters' })
  displayName?: string;

  @Field(() => String, { nullable: true, description: 'Up to 5,000 characters.' })
  @IsOptional()
  @MaxLength(5000, { message: 'must be at most 5,000 characters' })
  biography?: string | null;

  @Field(() => String, { nullable: true, description: 'Up to 120 characters.' })
  @IsOptional()
  @MaxLength(120, { message: 'must be at most 120 characters' })
  location?: string | null;
}
