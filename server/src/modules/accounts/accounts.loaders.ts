import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { LoaderFactory } from '../../graphql/context';
import { ProfileEntity } from './profile.entity';
import { UserEntity } from './user.entity';

export const userByIdLoader: LoaderFactory<string, UserEntity | null> = (ds) =>
  new DataLoader(async (ids) => {
    const rows = await ds.getRepository(UserEntity).findBy({ id: In([...ids]) });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  });

export const profileByUserIdLoader: LoaderFactory<string, ProfileEntity | null> = (ds) =>
  new DataLoader(async (ids) => {
    const rows = await ds.getRepository(ProfileEntity).findBy({ userId: In([...ids]) });
    const byId = new Map(rows.map((row) => [row.userId, row]));
    return ids.map((id) => byId.get(id) ?? null);
  });
