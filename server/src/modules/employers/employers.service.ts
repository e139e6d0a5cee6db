import type { Infrastructure } from '../../infrastructure';
import { badInput, conflict, forbidden, notFound } from '../../errors';
import { accessEndedTopic } from '../../pubsub/access';
import type { AccountsService } from '../accounts/accounts.service';
import { EmployerMemberEntity, type EmployerRole } from './employer-member.entity';
import { EmployerEntity } from './employer.entity';
import { memberRole } from './employers.policy';

export interface NewEmployer {
  name: string;
  aboutUs?: string | null;
  logoUrl?: string | null;
}

export class EmployersService {
  constructor(
    private readonly deps: Infrastructure,
    private readonly accounts: AccountsService,
  ) {}

  async create(userId: string, input: NewEmployer): Promise<EmployerEntity> {
    return this.deps.ds.transaction(async (manager) => {
      const employer = await manager.save(
        manager.create(EmployerEntity, { name: input.name.trim(), aboutUs: input.aboutUs ?? null, logoUrl: input.logoUrl ?? null }),
      );
      await manager.insert(EmployerMemberEntity, { employerId: employer.id, userId, role: 'OWNER' });
      return employer;
    });
  }

  async addMember(actorId: string, employerId: string, email: string): Promise<EmployerEntity> {
    const employer = await this.requireRole(actorId, employerId, ['OWNER']);
    const user = await this.accounts.findByEmail(email.trim());
    if (!user) throw badInput({ email: 'has no TechGigs account' });
    await this.deps.ds
      .createQueryBuilder()
      .insert()
      .into(EmployerMemberEntity)
      .values({ employerId, userId: user.id, role: 'MEMBER' })
      .orIgnore()
      .execute();
    return employer;
  }

  /**
   * Ends `userId`'s membership: an owner removes any member, a member removes themself (leaves).
   * The members' rows are locked while the rule is checked, so two owners leaving at once cannot
   * leave the employer with none. After the commit the user's live subscriptions that relied on
   * the membership end, on every instance (`accessEndedTopic`).
   */
  async removeMember(actorId: string, employerId: string, userId: string): Promise<EmployerEntity> {
    const employer = await this.deps.ds.getRepository(EmployerEntity).findOneBy({ id: employerId });
    if (!employer) throw notFound('Employer');
    await this.deps.ds.transaction(async (manager) => {
      const members = (await manager.query(`SELECT user_id AS "userId", role FROM employer_members WHERE employer_id = $1 FOR UPDATE`, [employerId])) as Array<{
        userId: string;
        role: EmployerRole;
      }>;
      const roleOf = (id: string) => members.find((member) => member.userId === id)?.role ?? null;
      const actorRole = roleOf(actorId);
      if (!actorRole) throw forbidden('Only members of this employer may do this');
      if (actorId !== userId && actorRole !== 'OWNER') throw forbidden('Only owners of this employer may remove other members');
      const role = roleOf(userId);
      if (!role) throw badInput({ userId: 'is not a member of this employer' });
      if (role === 'OWNER' && members.filter((member) => member.role === 'OWNER').length === 1) {
        throw conflict('An employer needs an owner: its last owner cannot leave or be removed');
      }
      await manager.query(`DELETE FROM employer_members WHERE employer_id = $1 AND user_id = $2`, [employerId, userId]);
    });
    await this.deps.pubsub.publish(accessEndedTopic(userId), { type: 'MEMBERSHIP_ENDED', employerId });
    return employer;
  }

  /** Which of the (employer, user) memberships still exist, as `employerId:userId` keys: one statement. */
  async membershipsAmong(pairs: ReadonlyArray<{ employerId: string; userId: string }>): Promise<Set<string>> {
    if (pairs.length === 0) return new Set();
    const rows = (await this.deps.ds.query(
      `SELECT m.employer_id AS "employerId", m.user_id AS "userId"
         FROM employer_members m JOIN unnest($1::uuid[], $2::uuid[]) AS k(employer_id, user_id) ON m.employer_id = k.employer_id AND m.user_id = k.user_id`,
      [pairs.map((pair) => pair.employerId), pairs.map((pair) => pair.userId)],
    )) as Array<{ employerId: string; userId: string }>;
    return new Set(rows.map((row) => `${row.employerId}:${row.userId}`));
  }

  async roleOf(userId: string | undefined, employerId: string): Promise<EmployerRole | null> {
    if (!userId) return null;
    return memberRole(this.deps.ds.manager, employerId, userId);
  }

  /** The employer, if `userId` holds one of `roles` in it; employers are public, so others get FORBIDDEN. */
  async requireRole(userId: string, employerId: string, roles: EmployerRole[] = ['OWNER', 'MEMBER']): Promise<EmployerEntity> {
    const employer = await this.deps.ds.getRepository(EmployerEntity).findOneBy({ id: employerId });
    if (!employer) throw notFound('Employer');
    const role = await this.roleOf(userId, employerId);
    if (!role) throw forbidden('Only members of this employer may do this');
    if (!roles.includes(role)) throw forbidden(`Only ${roles.join(' or ').toLowerCase()}s of this employer may do this`);
    return employer;
  }
}
