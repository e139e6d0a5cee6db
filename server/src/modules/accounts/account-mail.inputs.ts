import { IsEmail, MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { SecretText, TextLength } from '../../graphql/text';

@InputType({ description: 'Where to send a password reset link.' })
export class RequestPasswordResetInput {
  @Field({ description: 'The account email, any case.' })
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254, { message: 'must be at most 254 characters' })
  email: string;
}

@InputType({ description: 'A new password, with the token of a reset link.' })
export class ResetPasswordInput {
  @Field({ description: 'The `token` parameter of the link in the reset mail.' })
  @SecretText()
  @TextLength(1, 200)
  token: string;

  @Field({ description: '10 to 200 characters, kept exactly as typed (spaces included; NFC-normalised).' })
  @SecretText()
  @TextLength(10, 200)
  password: string;
}

@InputType({ description: 'The token of an email verification link.' })
export class VerifyEmailInput {
  @Field({ description: 'The `token` parameter of the link in the verification mail.' })
  @SecretText()
  @TextLength(1, 200)
  token: string;
}
