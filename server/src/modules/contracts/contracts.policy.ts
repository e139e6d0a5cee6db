import { memberOfEmployerSql, viewerIsMember, type RequestScope } from '../employers/employers.policy';
import type { ContractEntity } from './contract.entity';
import { contractNotFound, notAMemberAnymore } from './contracts.errors';

/**
 * Who may see and do what with a contract: its two parties (the poster, for the employer, and
 * the worker) act; the other members of the employer only read; for anyone else it does not
 * exist (NOT_FOUND, like a missing id). The poster acts only while still a member. The rule in
 * TypeScript and in SQL lives here, once.
 */

/** How a user relates to a contract. */
export type ContractRole = 'EMPLOYER' | 'WORKER' | 'READER';
export type Party = Exclude<ContractRole, 'READER'>;

type ContractParties = Pick<ContractEntity, 'employerId' | 'employerUserId' | 'workerUserId'>;

/** The user's party in the contract, or null for everyone else (members included). */
export function partyOf(contract: ContractParties, userId: string): Party | null {
  if (contract.employerUserId === userId) return 'EMPLOYER';
  if (contract.workerUserId === userId) return 'WORKER';
  return null;
}

/** The party on the other side from `userId`: whom a party's action is told to. */
export function otherParty(contract: ContractParties, userId: string): string {
  return userId === contract.employerUserId ? contract.workerUserId : contract.employerUserId;
}

/** The viewer's role; null for strangers, who may not learn the contract exists. */
export async function viewerContractRole(ctx: RequestScope, contract: ContractParties): Promise<ContractRole | null> {
  if (!ctx.viewer) return null;
  const party = partyOf(contract, ctx.viewer.userId);
  if (party) return party;
  return (await viewerIsMember(ctx, contract.employerId)) ? 'READER' : null;
}

/** SQL: `userId` (an SQL expression, e.g. `:userId`) may read the contract `alias`. */
export function visibleContractSql(alias: string, userId: string): string {
  return `(${alias}.employer_user_id = ${userId} OR ${alias}.worker_user_id = ${userId} OR ${memberOfEmployerSql(`${alias}.employer_id`, userId)})`;
}

/**
 * The actor's party, if it is one of `allowed`. Strangers get `hidden` (NOT_FOUND: the contract
 * is not revealed); others who may read get `refusal`; a poster who has left the employer is
 * FORBIDDEN. `isMember` is asked only when the answer depends on it.
 */
export async function requireParty(
  contract: ContractParties,
  actorId: string,
  isMember: () => Promise<boolean>,
  allowed: Party[],
  refusal: () => Error,
  hidden: () => Error = contractNotFound,
): Promise<Party> {
  const party = partyOf(contract, actorId);
  const member = party === 'WORKER' ? false : await isMember();
  if (!party && !member) throw hidden();
  if (!party || !allowed.includes(party)) throw refusal();
  if (party === 'EMPLOYER' && !member) throw notAMemberAnymore();
  return party;
}

/** SQL: the contract `alias` was completed (the work was done), for reputations' counts. */
export function completedContractSql(alias: string): string {
  return `${alias}.status = 'COMPLETED'`;
}
