import type DataLoader from 'dataloader';
import type { DataSource, EntityManager } from 'typeorm';
import { EmployerMemberEntity, type EmployerRole } from './employer-member.entity';
import { membershipsByUserIdLoader } from './employers.loaders';

/**
 * Who acts for an employer: its members (owners and members). Employers themselves are public.
 * Other modules ask here, in TypeScript through the request's loader, in SQL with the fragment.
 */

/**
 * What the rules need of a request: who is asking, and the request's loaders. The GraphQL context
 * is one; access rules do not depend on the GraphQL layer.
 */
export interface RequestScope {
  readonly viewer: { readonly userId: string } | null;
  loader<K, V>(factory: (ds: DataSource) => DataLoader<K, V>): DataLoader<K, V>;
  /** Roles a live subscription knows and keeps true by pushed events (graphql/context.ts): answered without loading. */
  readonly knownEmployerRoles?: ReadonlyMap<string, EmployerRole>;
}

/** The viewer's role in the employer; null when signed out or not a member. */
export async function viewerEmployerRole(ctx: RequestScope, employerId: string): Promise<EmployerRole | null> {
  if (!ctx.viewer) return null;
  const known = ctx.knownEmployerRoles?.get(employerId);
  if (known) return known;
  const memberships = await ctx.loader(membershipsByUserIdLoader).load(ctx.viewer.userId);
  return memberships.find((membership) => membership.employerId === employerId)?.role ?? null;
}

/** Whether the viewer is a member of the employer, through the request's membership loader. */
export async function viewerIsMember(ctx: RequestScope, employerId: string): Promise<boolean> {
  return (await viewerEmployerRole(ctx, employerId)) !== null;
}

/** A members-only field: `read()` for the employer's members, null for everyone else (nothing is read). */
export async function membersOnly<T>(ctx: RequestScope, employerId: string, read: () => T | Promise<T>): Promise<T | null> {
  return (await viewerIsMember(ctx, employerId)) ? read() : null;
}

/** The user's role in the employer, read through `manager` (inside a transaction, when it is one); null when not a member. */
export async function memberRole(manager: EntityManager, employerId: string, userId: string): Promise<EmployerRole | null> {
  const member = await manager.findOneBy(EmployerMemberEntity, { employerId, userId });
  return member?.role ?? null;
}

/** SQL: `userId` is a member of `employerId` (both SQL expressions, e.g. a column and `$2`). */
export function memberOfEmployerSql(employerId: string, userId: string): string {
  return `EXISTS (SELECT 1 FROM employer_members m WHERE m.employer_id = ${employerId} AND m.user_id = ${userId})`;
}
