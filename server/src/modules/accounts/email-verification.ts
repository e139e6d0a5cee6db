import type { EntityManager } from 'typeorm';
import { DomainError } from '../../errors';

/** What an account must have verified its email for (DESIGN §4, "Accounts"). */
export type VerifiedAction = 'publish a listing' | 'renew a listing' | 'sign a contract';

/**
 * FORBIDDEN, saying what to do: the account has not followed the link mailed to it at sign-up.
 * The web app shows a banner with a "resend" button for the same reason (the API's
 * `resendVerificationEmail`), which the message points to: it speaks to people, not to the API.
 */
export const emailNotVerified = (action: VerifiedAction) =>
  new DomainError(
    'FORBIDDEN',
    `Verify your email address to ${action}: follow the link we mailed you at sign-up, or ask for a new link from the banner at the top of the page`,
  );

/**
 * The one rule of unverified accounts (DESIGN §4, "Accounts"): they may do everything but spend
 * money on a posting (publish or renew a listing) and sign a contract, the two steps that bind
 * someone else to the address. Throws `emailNotVerified(action)` unless the user's email is
 * verified. Reads through `manager`, so it can run in the caller's transaction.
 */
export async function requireVerifiedEmail(manager: EntityManager, userId: string, action: VerifiedAction): Promise<void> {
  const rows = (await manager.query('SELECT email_verified_at IS NOT NULL AS verified FROM users WHERE id = $1', [userId])) as Array<{ verified: boolean }>;
  if (!rows[0]?.verified) throw emailNotVerified(action);
}
