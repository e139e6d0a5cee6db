import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { LoaderFactory } from '../../graphql/context';
import { EmployerMemberEntity } from './employer-member.entity';
import { EmployerEntity } from './employer.entity';

export const employerByIdLoader: LoaderFactory<string, EmployerEntity | null> = (ds) =>
  new DataLoader(async (ids) => {
    const rows = await ds.getRepository(EmployerEntity).findBy({ id: In([...ids]) });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  });

export const membersByEmployerIdLoader: LoaderFactory<string, EmployerMemberEntity[]> = (ds) =>
  new DataLoader(async (ids) => {
    const rows = await ds.getRepository(EmployerMemberEntity).find({ where: { employerId: In([...ids]) }, order: { createdAt: 'ASC' } });
    return ids.map((id) => rows.filter((row) => row.employerId === id));
  });

export const membershipsByUserIdLoader: LoaderFactory<string, EmployerMemberEntity[]> = (ds) =>
  new DataLoader(async (ids) => {
    const rows = await ds.getRepository(EmployerMemberEntity).find({ where: { userId: In([...ids]) }, order: { createdAt: 'ASC' } });
    return ids.map((id) => rows.filter((row) => row.userId === id));
  });
