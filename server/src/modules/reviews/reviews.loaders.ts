import { groupLoaderByKey, loaderByKey } from '../../db/loaders';
import { ReviewEntity } from './review.entity';

export const reviewByIdLoader = loaderByKey(ReviewEntity, 'id');

/** Each contract's reviews (at most two), oldest first; the policy filters what the viewer may read. */
export const reviewsByContractIdLoader = groupLoaderByKey(ReviewEntity, 'contractId', { order: { createdAt: 'ASC', id: 'ASC' } });
