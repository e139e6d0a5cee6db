import type { Infrastructure } from '../../infrastructure';
import { badInput, forbidden, notFound } from '../../errors';
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
