import { ArrayMaxSize, ArrayUnique, IsEmail, IsInt, IsOptional, Max, MaxLength, Min, ValidateBy, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { MultilineText, OmitOrValue, SecretText, TextLength } from '../../graphql/text';
import { MAX_PROFILE_LINKS } from './profile.entity';

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

export const MAX_SKILLS = 20;
export const MAX_HOURLY_RATE_CENTS = 10_000_000;
export const MAX_URL_LENGTH = 2_000;

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/** An ISO 4217 currency code in upper case (`USD`, `EUR`), as the platform's Intl knows them. */
export function isCurrencyCode(value: unknown): boolean {
  return typeof value === 'string' && /^[A-Z]{3}$/.test(value) && CURRENCIES.has(value);
}

/** IPv4 ranges no public profile link points into: this network, private, shared (CGNAT), loopback, link-local. */
const PRIVATE_IPV4: Array<[number, number, number]> = [
  // [first octet, second octet from, second octet to]
  [0, 0, 255],
  [10, 0, 255],
  [100, 64, 127],
  [127, 0, 255],
  [169, 254, 254],
  [172, 16, 31],
  [192, 168, 168],
];

/**
 * A link anyone may follow from a profile: an absolute http or https URL as typed (`http://` or
 * `https://` and an authority; `http:/foo` and `http:\\foo`, which the URL parser would repair,
 * are refused), no user name or password, and a host name of at least two labels (so no
 * `localhost` or other single-label host, nor `*.localhost`), not an IPv6 literal, and not an
 * IPv4 address in a private, shared, loopback or link-local range (as the URL parser reads it:
 * `http://0x7f.1/` is 127.0.0.1). The rule behind `links.N.url` of `updateProfile`.
 */
export function isWebUrl(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > MAX_URL_LENGTH) return false;
  if (!/^https?:\/\/[^/\\?#]/i.test(value)) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password) return false;
  const host = url.hostname.replace(/\.$/, '');
  if (host.startsWith('[')) return false;
  const labels = host.split('.');
  if (labels.length < 2 || labels.some((label) => label === '') || labels.at(-1) === 'localhost') return false;
  const ipv4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host);
  if (ipv4) {
    const [first, second] = [Number(ipv4[1]), Number(ipv4[2])];
    if (PRIVATE_IPV4.some(([octet, from, to]) => first === octet && second >= from && second <= to)) return false;
  }
  return true;
}

@InputType({ description: 'What a freelancer charges per hour.' })
export class HourlyRateInput {
  @Field(() => Int, { description: `Hundredths of the currency’s main unit per hour, for every currency (JPY too: ¥1,000 is 100000), 1 to ${MAX_HOURLY_RATE_CENTS.toLocaleString('en-US')}.` })
  @IsInt({ message: 'must be a whole number of cents' })
  @Min(1, { message: 'must be at least 1 cent' })
  @Max(MAX_HOURLY_RATE_CENTS, { message: `must be at most ${MAX_HOURLY_RATE_CENTS.toLocaleString('en-US')} cents` })
  cents: number;

  @Field({ description: 'ISO 4217 currency code in upper case, e.g. USD or EUR.' })
  @ValidateBy({ name: 'currencyCode', validator: { validate: isCurrencyCode } }, { message: 'must be an ISO 4217 currency code such as USD or EUR' })
  currency: string;
}

@InputType({ description: 'A link on a profile: portfolio, GitHub, a personal site …' })
export class ProfileLinkInput {
  @Field({
    description: `An absolute http or https URL as typed (\`https://\` and a host), at most ${MAX_URL_LENGTH.toLocaleString('en-US')} characters. Refused: other schemes, a user name or password, a host without a dot (\`localhost\`), \`*.localhost\`, IPv6 literals and IPv4 addresses in private, shared, loopback or link-local ranges.`,
  })
  @ValidateBy({ name: 'webUrl', validator: { validate: isWebUrl } }, { message: 'must be a public http or https address such as https://example.com' })
  url: string;

  @Field(() => String, { nullable: true, description: 'What the link is, e.g. "GitHub"; up to 40 characters; blank or null for none.' })
  @IsOptional()
  @TextLength(0, 40)
  label?: string | null;
}

@InputType({ description: 'Profile fields to change; omitted fields stay as they are, null clears an optional one.' })
export class UpdateProfileInput {
  @Field({ nullable: true, description: '1 to 80 characters. Leave it out to keep the current name; it cannot be cleared (null is BAD_USER_INPUT).' })
  @OmitOrValue()
  @TextLength(1, 80)
  displayName?: string;

  @Field(() => String, { nullable: true, description: 'Up to 5,000 characters; blank or null clears it.' })
  @IsOptional()
  @MultilineText()
  @TextLength(0, 5000)
  biography?: string | null;

  @Field(() => String, { nullable: true, description: 'Up to 120 characters; blank or null clears it.' })
  @IsOptional()
  @TextLength(0, 120)
  location?: string | null;

  @Field(() => String, { nullable: true, description: 'One line under the name, up to 120 characters; blank or null clears it.' })
  @IsOptional()
  @TextLength(0, 120)
  headline?: string | null;

  @Field(() => [ID], {
    nullable: true,
    description: `Technology ids from the taxonomy (\`technologies\`), at most ${MAX_SKILLS}, no repeats; replaces the current skills in this order. Null or an empty list clears them.`,
  })
  @IsOptional()
  @ArrayMaxSize(MAX_SKILLS, { message: `must name at most ${MAX_SKILLS} technologies` })
  @ArrayUnique({ message: 'must not repeat a technology' })
  skillIds?: string[] | null;

  @Field(() => HourlyRateInput, { nullable: true, description: 'Hourly rate in cents and an ISO 4217 currency; null clears it.' })
  @IsOptional()
  @ValidateNested()
  hourlyRate?: HourlyRateInput | null;

  @Field(() => [ProfileLinkInput], { nullable: true, description: 'Up to 5 links (http or https only); replaces the current ones. Null or an empty list clears them. Each is stored as the WHATWG URL parser reads it (e.g. `HTTPS://Example.com` becomes `https://example.com/`); BAD_USER_INPUT on `links.N.url` for one that reads the same as an earlier link.' })
  @IsOptional()
  @ArrayMaxSize(MAX_PROFILE_LINKS, { message: `must have at most ${MAX_PROFILE_LINKS} links` })
  @ValidateNested()
  links?: ProfileLinkInput[] | null;
}
