import argon2 from 'argon2';
import type { EntityManager } from 'typeorm';
import type { Infrastructure } from '../../infrastructure';
import { canonicalEmail } from './email';
import { emailTaken, invalidCredentials } from './accounts.errors';
import { badInput, type FieldErrors } from '../../errors';
import type { TaxonomyService } from '../taxonomy/taxonomy.service';
import { ProfileSkillEntity } from './profile-skill.entity';
import { ProfileEntity } from './profile.entity';
import type { SessionService } from './session.service';
import type { SignInLimiter } from './sign-in-limiter';
import { UserEntity } from './user.entity';

export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export interface Credentials {
  email: string;
  password: string;
}

export interface NewAccount extends Credentials {
  displayName: string;
}

/** Omitted fields stay as they are; null clears an optional one (an empty list too, blank text too: `OPTIONAL_PROFILE_TEXT`). */
export interface ProfileChanges {
  displayName?: string;
  biography?: string | null;
  location?: string | null;
  headline?: string | null;
  /** Local technology ids in the order given; null for an id that is not a technology's. */
  skillIds?: Array<number | null> | null;
  hourlyRate?: { cents: number; currency: string } | null;
  links?: Array<{ url: string; label?: string | null }> | null;
}

/**
 * The optional text fields of a profile, and the one rule they share: blank (empty once the input
 * normalisation has trimmed it) or null clears the field, stored as null, never as "".
 */
export const OPTIONAL_PROFILE_TEXT = ['biography', 'location', 'headline'] as const;

/** An optional text value as stored: null for blank or null, the text otherwise. */
export function optionalText(value: string | null | undefined): string | null {
  return value === null || value === undefined || value.trim() === '' ? null : value;
}

/**
 * Links as the URL parser reads them (`new URL(url).href`: scheme and host lower-cased, default
 * port and dot segments dropped), so what is stored is what was validated and shown; two links
 * that read the same are refused, naming the later one.
 */
function checkedLinks(links: Array<{ url: string; label?: string | null }>): Array<{ url: string; label: string | null }> {
  const parsed = links.map((link) => ({ url: new URL(link.url).href, label: optionalText(link.label) }));
  const repeats: FieldErrors = {};
  parsed.forEach((link, index) => {
    const first = parsed.findIndex((other) => other.url === link.url);
    if (first < index) repeats[`links.${index}.url`] = `is the same link as link ${first + 1}`;
  });
  if (Object.keys(repeats).length > 0) throw badInput(repeats);
  return parsed;
}

export interface SignedIn {
  token: string;
  user: UserEntity;
}

/** Runs inside the transaction that creates an account (the verification mail is queued in it). */
export type SignedUpHandler = (manager: EntityManager, userId: string) => Promise<void>;

export class AccountsService {
  private readonly signedUpHandlers: SignedUpHandler[] = [];

  /** Verified against when the email is unknown, so both failures cost the same time. */
  private readonly decoyHash = argon2.hash('decoy password never matches', ARGON2_OPTIONS);

  constructor(
    private readonly deps: Infrastructure,
    private readonly sessions: SessionService,
    private readonly limiter: SignInLimiter,
    private readonly taxonomy: TaxonomyService,
  ) {}

  onSignedUp(handler: SignedUpHandler): void {
    this.signedUpHandlers.push(handler);
  }

  async signUp(input: NewAccount): Promise<SignedIn> {
    const email = canonicalEmail(input.email);
    if (await this.findByEmail(email)) throw emailTaken();
    const passwordHash = await argon2.hash(input.password, ARGON2_OPTIONS);
    try {
      return await this.deps.ds.transaction(async (manager) => {
        const user = await manager.save(manager.create(UserEntity, { email, passwordHash }));
        await manager.insert(ProfileEntity, { userId: user.id, displayName: input.displayName.trim(), biography: null, location: null });
        const { token } = await this.sessions.create(manager, user.id);
        for (const handler of this.signedUpHandlers) await handler(manager, user.id);
        return { token, user };
      });
    } catch (error) {
      // Two sign-ups with one email at the same moment: the unique index decides.
      if ((error as { code?: string }).code === '23505') throw emailTaken();
      throw error;
    }
  }

  /**
   * `address` is the client's IP address (Express's `req.ip`: through a proxy only as far as
   * `TRUST_PROXY` allows), for the per-address limit. The attempt is counted before the password
   * is checked, so concurrent guesses cannot get past the limit while the hash is computed.
   */
  async signIn(input: Credentials, address: string | null): Promise<SignedIn> {
    const email = canonicalEmail(input.email);
    await this.limiter.attempt(email, address);
    const user = await this.findByEmail(email);
    const matches = await argon2.verify(user?.passwordHash ?? (await this.decoyHash), input.password);
    if (!user || !matches) throw invalidCredentials();
    await this.limiter.succeeded(email, address);
    const { token } = await this.sessions.create(this.deps.ds.manager, user.id);
    return { token, user };
  }

  async signOut(sessionId: string): Promise<void> {
    await this.sessions.revoke(sessionId);
  }

  /** Applies the changes in one transaction: the profile row and its skills change together or not at all. */
  async updateProfile(userId: string, input: ProfileChanges): Promise<ProfileEntity> {
    const changes: Partial<ProfileEntity> = {};
    if (input.displayName !== undefined) changes.displayName = input.displayName.trim();
    for (const field of OPTIONAL_PROFILE_TEXT) {
      const value = input[field];
      if (value !== undefined) changes[field] = optionalText(value);
    }
    if (input.hourlyRate !== undefined) {
      changes.hourlyRateCents = input.hourlyRate?.cents ?? null;
      changes.hourlyRateCurrency = input.hourlyRate?.currency ?? null;
    }
    if (input.links !== undefined) changes.links = checkedLinks(input.links ?? []);
    const skillIds = input.skillIds === undefined ? undefined : await this.checkedSkills(input.skillIds ?? []);

    return this.deps.ds.transaction(async (manager) => {
      // Concurrent updates of one profile take turns: each replaces the skills the previous one left.
      await manager.query('SELECT 1 FROM profiles WHERE user_id = $1 FOR UPDATE', [userId]);
      if (Object.keys(changes).length > 0) await manager.update(ProfileEntity, { userId }, changes);
      if (skillIds) {
        await manager.delete(ProfileSkillEntity, { userId });
        if (skillIds.length) await manager.insert(ProfileSkillEntity, skillIds.map((technologyId, position) => ({ userId, technologyId, position })));
      }
      return manager.findOneByOrFail(ProfileEntity, { userId });
    });
  }

  private async checkedSkills(ids: Array<number | null>): Promise<number[]> {
    const taxonomy = await this.taxonomy.get();
    if (!ids.every((id): id is number => id !== null && taxonomy.technology(id) !== undefined)) throw badInput({ skillIds: 'must all be technologies' });
    return ids;
  }

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.deps.ds.getRepository(UserEntity).createQueryBuilder('u').where('lower(u.email) = :email', { email: canonicalEmail(email) }).getOne();
  }
}
