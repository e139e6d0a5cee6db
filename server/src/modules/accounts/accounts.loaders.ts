import { loaderByKey } from '../../db/loaders';
import { ProfileEntity } from './profile.entity';
import { UserEntity } from './user.entity';

export const userByIdLoader = loaderByKey(UserEntity, 'id');

export const profileByUserIdLoader = loaderByKey(ProfileEntity, 'userId');
