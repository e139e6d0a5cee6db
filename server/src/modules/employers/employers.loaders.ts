import { groupLoaderByKey, loaderByKey } from '../../db/loaders';
import { EmployerMemberEntity } from './employer-member.entity';
import { EmployerEntity } from './employer.entity';

export const employerByIdLoader = loaderByKey(EmployerEntity, 'id');

export const membersByEmployerIdLoader = groupLoaderByKey(EmployerMemberEntity, 'employerId', { order: { createdAt: 'ASC' } });

export const membershipsByUserIdLoader = groupLoaderByKey(EmployerMemberEntity, 'userId', { order: { createdAt: 'ASC' } });
