import type { EntityManager } from 'typeorm';
import type { EmployerRole } from '../employers/employer-member.entity';
import { membershipsByUserIdLoader } from '../employers/employers.loaders';
import { memberOfEmployerSql, memberRole, viewerIsMember, type RequestScope } from '../employers/employers.policy';
import type { ContractEntity } from './contract.entity';
import { contractNotFound, notAMemberAnymore } from './contracts.errors';

/**
 * Who may see and do what with a contract: its two parties (the employer side and the worker)
 * act; the other members of the employer only read; for anyone else it does not exist
 * (NOT_FOUND, like a missing id). The employer side is its poster while still a member; once the
 * poster has left the employer, its OWNERS stand in (`employerSideActor`). The rule in TypeScript
 * and in SQL lives here, once.
 */

/** How a user relates to a contract. */
export type ContractRole = 'EMPLOYER' | 'WORKER' | 'READER';
export type Party = Exclude<ContractRole, 'READER'>;

type ContractParties = Pick<ContractEntity, 'employerId' | 'employerUserId' | 'workerUserId'>;

/** A user's role in the contract's employer (null: not a member), however the caller reads it. */
export type RoleOf = (userId: string) => Promise<EmployerRole | null>;

/** Roles in the contract's employer read through `manager` (inside the write's transaction). */
export function rolesIn(manager: EntityManager, employerId: string): RoleOf {
  return (userId) => memberRole(manager, employerId, userId);
}

/** Roles in the contract's employer read through the request's membership loader (one batch per request). */
export function viewerRolesIn(ctx: RequestScope, employerId: string): RoleOf {
  return async (userId) => {
    const memberships = await ctx.loader(membershipsByUserIdLoader).load(userId);
    return memberships.find((membership) => membership.employerId === employerId)?.role ?? null;
  };
}

/** The user's party by name in the contract (the poster, even after leaving, or the worker), or null for everyone else. */
export function partyOf(contract: ContractParties, userId: string): Party | null {
  if (contract.employerUserId === userId) return 'EMPLOYER';
  if (contract.workerUserId === userId) return 'WORKER';
  return null;
}

/** The side that `actorId` acted for, when they act on the contract: the worker, or anyone else for the employer. */
export function sideOf(contract: ContractParties, actorId: string): Party {
  return actorId === contract.workerUserId ? 'WORKER' : 'EMPLOYER';
}

/** The side opposite `actorId`'s: whom an action is told to (the employer side: `employerSideSql`). */
export function otherSide(contract: ContractParties, actorId: string): Party {
  return sideOf(contract, actorId) === 'WORKER' ? 'EMPLOYER' : 'WORKER';
}

/**
 * Who acts for the employer side of the contract, the one rule behind every employer action
 * (completing, declining a completion, cancelling, deciding change orders, reviewing the
 * freelancer, replying to reviews about the employer), the viewer fields that mirror them
 * (`viewerCan…`) and whom the employer side's notifications go to (`employerSideSql`):
 *
 * - `POSTER`: the contract's poster, while still a member of the employer;
 * - `OWNER`: once the poster has left the employer, each of its OWNERS (a contract outlives its
 *   poster's membership: the employer is the party, the poster only acted for it);
 * - null for everyone else: the worker, plain members, strangers, and the poster after leaving.
 *
 * Stand-in owners never edit or sign the details (`posterOnly` actions: a signature is the
 * poster's own word on a version); a DRAFT whose poster left can only be cancelled.
 */
export async function employerSideActor(contract: ContractParties, userId: string, roleOf: RoleOf): Promise<'POSTER' | 'OWNER' | null> {
  if (userId === contract.workerUserId) return null;
  const role = await roleOf(userId);
  if (role === null) return null;
  if (userId === contract.employerUserId) return 'POSTER';
  if (role === 'OWNER' && (await roleOf(contract.employerUserId)) === null) return 'OWNER';
  return null;
}

/**
 * The side `userId` acts for on the contract now, by `employerSideActor`: WORKER for its worker,
 * EMPLOYER for the poster while a member (and, with `standIn`, the default, for the employer's
 * owners once the poster has left), null for everyone else. What viewer fields (`viewerCan…`) ask.
 */
export async function actingSide(contract: ContractParties, userId: string | null, roleOf: RoleOf, options: { standIn?: boolean } = {}): Promise<Party | null> {
  if (userId === null) return null;
  if (userId === contract.workerUserId) return 'WORKER';
  const actor = await employerSideActor(contract, userId, roleOf);
  return actor === 'POSTER' || (actor === 'OWNER' && options.standIn !== false) ? 'EMPLOYER' : null;
}

/**
 * SQL returning the user ids that act for the employer side of a contract, by `employerSideActor`'s
 * rule: its poster while a member, else the employer's owners. `$employerId` and `$posterId` are
 * SQL expressions (e.g. `$1`, `$2`).
 */
export function employerSideSql(employerId: string, posterId: string): string {
  return `SELECT m.user_id FROM employer_members m
          WHERE m.employer_id = ${employerId}
            AND (m.user_id = ${posterId}
                 OR (m.role = 'OWNER' AND NOT ${memberOfEmployerSql(employerId, posterId)}))`;
}

/** Who acts for the employer side of `contract` now (`employerSideSql`), read through `manager`. */
export async function employerSideUserIds(manager: EntityManager, contract: ContractParties): Promise<string[]> {
  const rows = (await manager.query(`${employerSideSql('$1', '$2')} ORDER BY m.user_id`, [contract.employerId, contract.employerUserId])) as Array<{ user_id: string }>;
  return rows.map((row) => row.user_id);
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
 * The side `actorId` acts for, if it is one of `allowed`. Strangers get `hidden` (NOT_FOUND: the
 * contract is not revealed); others who may read get `refusal`; a poster who has left the employer
 * is FORBIDDEN. On the employer side, `employerSideActor` decides: with `standIn` (the default)
 * the employer's owners act once the poster has left; without it (editing, signing) only the
 * poster does.
 */
export async function requireParty(
  contract: ContractParties,
  actorId: string,
  roleOf: RoleOf,
  allowed: Party[],
  refusal: () => Error,
  hidden: () => Error = contractNotFound,
  options: { standIn?: boolean } = {},
): Promise<Party> {
  const side = await actingSide(contract, actorId, roleOf, options);
  if (side) {
    if (!allowed.includes(side)) throw refusal();
    return side;
  }
  if (actorId === contract.employerUserId) {
    if (!allowed.includes('EMPLOYER')) throw refusal();
    throw notAMemberAnymore();
  }
  if ((await roleOf(actorId)) === null) throw hidden();
  throw refusal();
}

/** SQL: the contract `alias` was completed (the work was done), for reputations' counts. */
export function completedContractSql(alias: string): string {
  return `${alias}.status = 'COMPLETED'`;
}
