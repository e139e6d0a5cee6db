import { groupLoaderByKey, loaderByKey } from '../../db/loaders';
import { ProfileSkillEntity } from './profile-skill.entity';
import { ProfileEntity } from './profile.entity';
import { UserEntity } from './user.entity';

export const userByIdLoader = loaderByKey(UserEntity, 'id');

export const profileByUserIdLoader = loaderByKey(ProfileEntity, 'userId');

/** Each user's skills in the order they gave. */
export const skillsByUserIdLoader = groupLoaderByKey(ProfileSkillEntity, 'userId', { order: { position: 'ASC' } });
