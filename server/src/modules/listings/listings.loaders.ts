import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { isUuid } from '../../db/ids';
import { groupedInKeyOrder, loaderByKey, type LoaderFactory } from '../../db/loaders';
import { ListingTechnologyEntity } from './listing-technology.entity';
import { ListingEntity } from './listing.entity';

/** Listings by id, visible or not: callers decide what the viewer may see. A malformed id is null. */
export const listingByIdLoader = loaderByKey(ListingEntity, 'id', { accepts: isUuid });

/** Technology ids of each listing, in id order. */
export const technologyIdsByListingIdLoader: LoaderFactory<string, number[]> = (ds) =>
  new DataLoader(async (listingIds) => {
    const rows = await ds
      .getRepository(ListingTechnologyEntity)
      .find({ where: { listingId: In([...listingIds]) }, order: { technologyId: 'ASC' } });
    return groupedInKeyOrder(listingIds, rows, (row) => row.listingId).map((group) => group.map((row) => row.technologyId));
  });
